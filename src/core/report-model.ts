// The milestone report as facts: everything a report states, computed from the project (sessions,
// participants, guides, tags, summaries and their validation), never typed again. Pure: the
// command hands over what it read; report-doc lays it out; the writers make the files.
import { ancestry, atLevel, codeLabel, depth, treeOrder } from './codebook.js';
import { speakerIndex, type CodedSession } from './coding.js';
import { participation } from './participation.js';
import { categoryIds, categoryLabel, categoryPlural } from './categories.js';
import { latestResponses, who } from './feedback.js';
import { compareCodes } from './ids.js';
import {
  groupName,
  sessionDate,
  type Codebook,
  type Feedback,
  type Guide,
  type Lang,
  type Manifest,
  type Milestone,
  type Participant,
  type ResponseKind,
  type Respondents,
  type Session,
  type TeamMember,
} from './model.js';
import { ADDED_SECTION, type Standing, type Summary, type SummaryPoint } from './summary.js';

export type Audience = 'full' | 'participants';

export interface ReportSession {
  session: Session;
  /** Its transcript and tags; absent when not transcribed. */
  coded?: CodedSession;
  fieldNotes: number;
  summary?: Summary;
  feedback?: Feedback;
}

export interface ReportScope {
  milestone?: Milestone;
  groups?: string[];
  sessions?: string[];
}

export interface ReportInput {
  manifest: Manifest;
  participants: Participant[];
  guides: Guide[];
  codebook?: Codebook;
  /** Every session of the project: the scope picks from them, and validation at a later session is looked up here. */
  sessions: ReportSession[];
  scope: ReportScope;
  /** The language the report's own words are in; summaries and quotes stay as written. */
  lang: Lang;
  today: string;
  software: string;
}

export interface ReportQuote {
  text: string;
  /** `brukerrepresentant, Elvedal`: category and group, never a name or a code. */
  by?: string;
}

export interface ReportPoint {
  session: string;
  group: string;
  groupName: string;
  number: number;
  date?: string;
  id?: string;
  title: string;
  /** `added`: a point the group added when validating. */
  standing: Standing | 'added';
  text: string;
  quotes: ReportQuote[];
  /** The group's latest response, and the session (number) it was given at. */
  response?: { kind: ResponseKind; at: number; date?: string };
  /** For an added point: the session it was added at. */
  addedAt?: number;
}

export interface ReportTheme {
  /** A research question's id, or the summary section's own. */
  id: string;
  title: string;
  /** The research question the theme answers, in full. */
  question?: string;
  shared: ReportPoint[];
  minority: ReportPoint[];
}

export interface ReportGroup {
  id: string;
  name: string;
  site?: string;
  kind?: string;
  description?: string;
  held: number;
  participants: number;
  byCategory: CategoryCount[];
}

export interface CategoryCount {
  category: string;
  label: string;
  plural: string;
  n: number;
}

export interface ReportSessionRow {
  id: string;
  group: string;
  groupName: string;
  number: number;
  date?: string;
  held: boolean;
  guide?: string;
  attendees: number;
  duration?: number;
  setting?: string;
  observers: string[];
  transcribed: boolean;
  summarised: boolean;
}

export interface CodeRow {
  code: string;
  label: string;
  description?: string;
  level: number;
  /** Tags on this code and the codes under it, by group id; `total` across groups. */
  byGroup: Record<string, number>;
  total: number;
}

export interface TalkShare {
  group: string;
  groupName: string;
  /** Participant codes in order; shares per session in percent of the participants' spoken words. */
  people: string[];
  sessions: { label: string; shares: number[] }[];
}

export interface ValidationRow {
  session: string;
  groupName: string;
  number: number;
  point: string;
  title: string;
  response: ResponseKind | 'added';
  at: number;
  date?: string;
  by: string;
  note?: string;
}

export type ResponseCounts = Record<ResponseKind | 'added', number>;

export interface ReportModel {
  lang: Lang;
  title: string;
  projectTitle: string;
  subtitle?: string;
  milestone?: Milestone;
  date: string;
  purpose?: string;
  researchQuestions: { id: string; text: string; title?: string }[];
  approach?: string;
  phases: NonNullable<NonNullable<Manifest['design']>['phases']>;
  milestones: Milestone[];
  team: TeamMember[];
  groups: ReportGroup[];
  sessions: ReportSessionRow[];
  period?: { from: string; to: string };
  /** Days between one session and the next in the same group. */
  spacing?: { min: number; max: number; mean: number };
  participants: {
    total: number;
    byCategory: CategoryCount[];
    withdrawn: number;
    consent: { given: number; pending: number; declined: number; missing: number };
  };
  guides: { guide: Guide; sessions: string[] }[];
  coding: { tags: number; observers: string[]; codes: number; topLevel: number; depth: number; fieldNotes: number; transcripts: number };
  codeRows: CodeRow[];
  /** Top-level codes' tags per session, by group: the code-frequency figure. */
  codeFrequency: { group: string; groupName: string; sessions: string[]; codes: { code: string; label: string; counts: number[] }[] }[];
  talkShare: TalkShare[];
  validation: { presented: number; counts: ResponseCounts; byGroup: Record<string, ResponseCounts>; log: ValidationRow[] };
  themes: ReportTheme[];
  /** Points the group rejected: in the validation log, not in the results. */
  rejected: ReportPoint[];
  /** Points no group has responded to yet (the last sessions' summaries). */
  notValidated: number;
  quotes: number;
}

const emptyCounts = (): ResponseCounts => ({ confirmed: 0, corrected: 0, nuanced: 0, rejected: 0, added: 0 });

const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

/** The sessions the scope keeps: up to the milestone's date, in the groups and sessions named; cancelled ones never. */
export function inScope(sessions: readonly ReportSession[], scope: ReportScope): ReportSession[] {
  return sessions.filter((s) => {
    const v = s.session;
    if (v.status === 'cancelled') return false;
    if (scope.groups?.length && !scope.groups.includes(v.group)) return false;
    if (scope.sessions?.length && !scope.sessions.includes(v.id)) return false;
    const date = sessionDate(v);
    if (scope.milestone && (!date || date > scope.milestone.date)) return false;
    return true;
  });
}

function bySessionOrder(a: Session, b: Session): number {
  return (sessionDate(a) ?? '9999').localeCompare(sessionDate(b) ?? '9999') || a.group.localeCompare(b.group) || a.number - b.number;
}

/** A quote's attribution in the report's language, with the group: `ansatt, Elvedal`. */
function attribution(m: Manifest, by: string | undefined, group: string, lang: Lang): string {
  const name = groupName(m, group);
  if (!by) return name;
  const id = [...categoryIds(m)].find((c) =>
    (['nb', 'en'] as const).some((l) => categoryLabel(m, c, l).toLowerCase() === by.toLowerCase()),
  );
  return `${id ? categoryLabel(m, id, lang) : by}, ${name}`;
}

export function buildReportModel(input: ReportInput): ReportModel {
  const { manifest: m, lang } = input;
  const all = [...input.sessions].sort((a, b) => bySessionOrder(a.session, b.session));
  const scoped = inScope(all, input.scope);
  const held = scoped.filter((s) => s.session.status === 'held' || s.coded?.turns.length);
  const numberOf = new Map(all.map((s) => [s.session.id, s.session]));
  const groupIds = [...new Set(scoped.map((s) => s.session.group))].sort(
    (a, b) => (m.groups ?? []).findIndex((g) => g.id === a) - (m.groups ?? []).findIndex((g) => g.id === b),
  );

  // Participants: those in the groups in scope, withdrawn or not (the method says how many left).
  const people = input.participants.filter((p) => groupIds.includes(p.group));
  const categories = [...new Set(people.map((p) => p.category))];
  const count = (list: readonly Participant[]) =>
    categories
      .map((c) => ({
        category: c,
        label: categoryLabel(m, c, lang),
        plural: categoryPlural(m, c, lang),
        n: list.filter((p) => p.category === c).length,
      }))
      .filter((c) => c.n > 0);

  const groups: ReportGroup[] = groupIds.map((id) => {
    const g = m.groups?.find((x) => x.id === id);
    const mine = people.filter((p) => p.group === id);
    const out: ReportGroup = {
      id,
      name: groupName(m, id),
      held: held.filter((s) => s.session.group === id).length,
      participants: mine.length,
      byCategory: count(mine),
    };
    if (g?.site) out.site = g.site;
    if (g?.kind) out.kind = g.kind;
    if (g?.description) out.description = g.description;
    return out;
  });

  const sessions: ReportSessionRow[] = scoped.map((s) => {
    const v = s.session;
    const row: ReportSessionRow = {
      id: v.id,
      group: v.group,
      groupName: groupName(m, v.group),
      number: v.number,
      held: held.includes(s),
      attendees: v.attendees?.length ?? 0,
      observers: v.observers ?? [],
      transcribed: !!s.coded?.turns.length,
      summarised: !!s.summary,
    };
    const date = sessionDate(v);
    if (date) row.date = date;
    const guide = input.guides.find((g) => g.id === v.guide);
    if (guide) row.guide = guide.title;
    if (v.duration) row.duration = v.duration;
    if (v.setting) row.setting = v.setting;
    return row;
  });

  const dates = held.map((s) => sessionDate(s.session)).filter((d): d is string => !!d);
  const gaps: number[] = [];
  for (const g of groupIds) {
    const ds = held
      .filter((s) => s.session.group === g)
      .map((s) => sessionDate(s.session))
      .filter((d): d is string => !!d)
      .sort();
    for (let i = 1; i < ds.length; i++) gaps.push(daysBetween(ds[i - 1]!, ds[i]!));
  }

  // Coding: every placed tag in scope, counted under its code and each code above it.
  const coded = held.flatMap((s) => (s.coded ? [s.coded] : []));
  const codes = input.codebook ? treeOrder(input.codebook.codes) : [];
  const byCode = new Map<string, Record<string, number>>();
  let tags = 0;
  const observers = new Set<string>();
  for (const c of coded)
    for (const t of c.tags) {
      if (!t.place) continue;
      tags++;
      observers.add(t.observer);
      for (const path of ancestry(t.tag.code)) {
        const rec = byCode.get(path) ?? {};
        rec[c.session.group] = (rec[c.session.group] ?? 0) + 1;
        byCode.set(path, rec);
      }
    }
  const codeRows: CodeRow[] = codes.map((c) => {
    const rec = byCode.get(c.code) ?? {};
    const row: CodeRow = {
      code: c.code,
      label: codeLabel(c),
      level: depth(c.code),
      byGroup: Object.fromEntries(groupIds.map((g) => [g, rec[g] ?? 0])),
      total: Object.values(rec).reduce((a, b) => a + b, 0),
    };
    if (c.description) row.description = c.description;
    return row;
  });
  const topCodes = codes.filter((c) => depth(c.code) === 1);
  const codeFrequency = groupIds.map((g) => {
    const mine = coded.filter((c) => c.session.group === g);
    return {
      group: g,
      groupName: groupName(m, g),
      sessions: mine.map((c) => String(c.session.number)),
      codes: topCodes
        .map((tc) => ({
          code: tc.code,
          label: codeLabel(tc),
          counts: mine.map((c) => c.tags.filter((t) => t.place && atLevel(t.tag.code, 1) === tc.code).length),
        }))
        .filter((x) => x.counts.some((n) => n > 0)),
    };
  });

  // Talk share: each participant's share of the participants' spoken words, per session (as `fokus participation`).
  const speakerOf = speakerIndex(input.participants, m.team ?? []);
  const talkShare: TalkShare[] = groupIds.map((g) => {
    const mine = coded.filter((c) => c.session.group === g && c.turns.length);
    const shares = mine.map(
      (c) =>
        new Map(
          participation(c, speakerOf)
            .people.filter((x) => x.kind === 'participant' && x.turns > 0)
            .map((x) => [x.code, x.share]),
        ),
    );
    const people = [...new Set(shares.flatMap((x) => [...x.keys()]))].sort(compareCodes);
    return {
      group: g,
      groupName: groupName(m, g),
      people,
      sessions: mine.map((c, i) => ({
        label: String(c.session.number),
        shares: people.map((code) => Math.round((shares[i]!.get(code) ?? 0) * 1000) / 10),
      })),
    };
  });

  // Results and validation: each summary point, with the group's response to it.
  const themes = new Map<string, ReportTheme>();
  const rqs = m.research_questions ?? [];
  for (const q of rqs) themes.set(q.id, { id: q.id, title: q.title ?? q.text, question: q.text, shared: [], minority: [] });
  const used = new Set<string>();
  const rejected: ReportPoint[] = [];
  const log: ValidationRow[] = [];
  const counts = emptyCounts();
  const byGroup: Record<string, ResponseCounts> = Object.fromEntries(groupIds.map((g) => [g, emptyCounts()]));
  let presented = 0;
  let notValidated = 0;
  let quotes = 0;
  for (const s of scoped) {
    if (!s.summary) continue;
    const v = s.session;
    const guide = input.guides.find((g) => g.id === v.guide);
    const responses = latestResponses(s.feedback);
    const addedAt = new Map<string, { at: string; date?: string }>();
    for (const val of s.feedback?.validations ?? [])
      for (const a of val.added ?? []) addedAt.set(a.point, val.date ? { at: val.at, date: val.date } : { at: val.at });
    if (s.feedback?.validations.length) presented++;
    const titles = new Map<string, string>();
    for (const t of s.summary.themes) for (const p of t.points) if (p.id) titles.set(p.id, p.title);
    for (const val of s.feedback?.validations ?? []) {
      const row = (point: string, title: string, response: ValidationRow['response'], by: Respondents | undefined, note?: string) => {
        const out: ValidationRow = {
          session: v.id,
          groupName: groupName(m, v.group),
          number: v.number,
          point,
          title,
          response,
          at: numberOf.get(val.at)?.number ?? 0,
          by: who(by, lang),
        };
        if (val.date) out.date = val.date;
        if (note) out.note = note;
        return out;
      };
      for (const r of val.responses) log.push(row(r.point, titles.get(r.point) ?? r.point, r.response, r.by, r.note));
      for (const a of val.added ?? []) log.push(row(a.point, titles.get(a.point) ?? a.text, 'added', a.by));
    }
    for (const r of responses.values()) {
      counts[r.response]++;
      byGroup[v.group]![r.response]++;
    }
    counts.added += addedAt.size;
    byGroup[v.group]!.added += addedAt.size;

    for (const t of s.summary.themes) {
      const question = guide?.questions.find((q) => q.id === t.id);
      const rq = question?.serves?.find((id) => themes.has(id));
      const key = rq ?? (t.id === ADDED_SECTION ? ADDED_SECTION : `title:${t.title.toLowerCase()}`);
      if (!themes.has(key)) themes.set(key, { id: t.id ?? key, title: t.title, shared: [], minority: [] });
      const theme = themes.get(key)!;
      for (const p of t.points) {
        if (p.proposed) continue;
        const point = reportPoint(input.manifest, s, p, lang);
        const r = p.id ? responses.get(p.id) : undefined;
        const added = p.id ? addedAt.get(p.id) : undefined;
        if (r) {
          point.response = { kind: r.response, at: numberOf.get(r.at)?.number ?? 0 };
          const date = s.feedback?.validations.find((x) => x.at === r.at)?.date;
          if (date) point.response.date = date;
        }
        if (added) {
          point.standing = 'added';
          point.addedAt = numberOf.get(added.at)?.number ?? 0;
        }
        if (r?.response === 'rejected') {
          rejected.push(point);
          continue;
        }
        if (!r && !added) notValidated++;
        quotes += point.quotes.length;
        used.add(key);
        (point.standing === 'minority' || point.standing === 'dissent' ? theme.minority : theme.shared).push(point);
      }
    }
  }

  const milestone = input.scope.milestone;
  const model: ReportModel = {
    lang,
    title: milestone?.title ?? m.title,
    projectTitle: m.title,
    date: milestone?.date ?? input.today,
    researchQuestions: rqs,
    phases: m.design?.phases ?? [],
    milestones: m.design?.milestones ?? [],
    team: m.team ?? [],
    groups,
    sessions,
    participants: {
      total: people.length,
      byCategory: count(people),
      withdrawn: people.filter((p) => p.withdrawn).length,
      consent: {
        given: people.filter((p) => p.consent?.status === 'given').length,
        pending: people.filter((p) => p.consent?.status === 'pending').length,
        declined: people.filter((p) => p.consent?.status === 'declined').length,
        missing: people.filter((p) => !p.consent).length,
      },
    },
    // In the order they were first used.
    guides: [...new Set(scoped.map((s) => s.session.guide).filter((g): g is string => !!g))]
      .map((id) => input.guides.find((g) => g.id === id))
      .filter((g): g is Guide => !!g)
      .map((guide) => ({ guide, sessions: scoped.filter((s) => s.session.guide === guide.id).map((s) => s.session.id) })),
    coding: {
      tags,
      observers: [...observers].sort(compareCodes),
      codes: codes.length,
      topLevel: topCodes.length,
      depth: Math.max(0, ...codes.map((c) => depth(c.code))),
      fieldNotes: held.reduce((a, s) => a + s.fieldNotes, 0),
      transcripts: held.filter((s) => s.coded?.turns.length).length,
    },
    codeRows,
    codeFrequency,
    talkShare,
    validation: { presented, counts, byGroup, log },
    themes: [...themes.entries()].filter(([k]) => used.has(k)).map(([, t]) => t),
    rejected,
    notValidated,
    quotes,
  };
  if (m.subtitle) model.subtitle = m.subtitle;
  if (milestone) model.milestone = milestone;
  if (m.purpose) model.purpose = m.purpose;
  if (m.design?.approach) model.approach = m.design.approach;
  if (dates.length) model.period = { from: dates.reduce((a, b) => (a < b ? a : b)), to: dates.reduce((a, b) => (a > b ? a : b)) };
  if (gaps.length)
    model.spacing = { min: Math.min(...gaps), max: Math.max(...gaps), mean: Math.round(gaps.reduce((a, b) => a + b, 0) / gaps.length) };
  return model;
}

function reportPoint(m: Manifest, s: ReportSession, p: SummaryPoint, lang: Lang): ReportPoint {
  const v = s.session;
  const out: ReportPoint = {
    session: v.id,
    group: v.group,
    groupName: groupName(m, v.group),
    number: v.number,
    title: p.title,
    standing: p.standing ?? 'shared',
    text: p.text,
    quotes: p.quotes.map((q) => ({ text: q.text, by: attribution(m, q.by, v.group, lang) })),
  };
  const date = sessionDate(v);
  if (date) out.date = date;
  if (p.id) out.id = p.id;
  return out;
}
