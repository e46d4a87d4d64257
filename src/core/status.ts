// Where the study stands: per group, its series of sessions and how far each has come.
import { compareCodes } from './ids.js';
import { spokenWords } from './marks.js';
import {
  sessionDate,
  turnsOf,
  type Feedback,
  type Guide,
  type Manifest,
  type Milestone,
  type Participant,
  type Phase,
  type Session,
  type Transcript,
  type TranscriptFormat,
} from './model.js';
import { validatedIds } from './feedback.js';

import type { Stage } from './model.js';

export interface Coding {
  /** Tags per observer file. */
  tags: { observer: string; count: number }[];
  summary?: { version: number; points: string[] };
  feedback?: Feedback;
}

export interface SessionStatus {
  id: string;
  group: string;
  number: number;
  date?: string;
  status: Session['status'];
  stage: Stage;
  guide?: string;
  attendees: number;
  transcript?: { format: TranscriptFormat; turns: number; words: number; speakers: number };
  /** The action-research phase its date falls in. */
  phase?: string;
  observers: string[];
  /** Observers expected to tag who have not (yet). */
  untagged: string[];
  tags: number;
  summary?: { version: number; points: number; notValidated: string[] };
  /** Where the summary was presented and responded to. */
  validatedAt: string[];
}

export interface GroupStatus {
  id: string;
  name: string;
  site?: string;
  kind: string;
  participants: number;
  byCategory: Record<string, number>;
  sessions: SessionStatus[];
  /** The first session not yet held, if any. */
  next?: { id: string; number: number; date?: string };
}

export interface StatusReport {
  title: string;
  language: string;
  fictional: boolean;
  period?: { from: string; to: string };
  participants: {
    total: number;
    byCategory: Record<string, number>;
    consent: Record<'given' | 'pending' | 'declined' | 'missing', number>;
    withdrawn: number;
  };
  groups: GroupStatus[];
  phases: (Phase & { sessions: number; current: boolean })[];
  milestones: (Milestone & { due: boolean; sessionsBefore: number })[];
  next: NextStep[];
  sessions: { total: number; held: number; planned: number; cancelled: number; transcribed: number };
  turns: number;
  words: number;
  guides: number;
}

export interface StatusInput {
  manifest: Manifest;
  participants: Participant[];
  guides: Guide[];
  sessions: { session: Session; transcript?: { format: TranscriptFormat; transcript: Transcript }; coding?: Coding }[];
  today: string;
}

export interface NextStep {
  who: 'moderator' | 'observer' | 'lead';
  /** A team code, when the step is one person's. */
  code?: string;
  session?: string;
  what: string;
  command?: string;
}

export function sessionStage(s: Session, hasTranscript: boolean, coding?: Coding): Stage {
  if (s.status === 'cancelled') return 'cancelled';
  if (coding?.feedback?.validations.length) return 'validated';
  if (coding?.summary) return 'summarised';
  if (hasTranscript && coding?.tags.some((t) => t.count > 0)) return 'tagged';
  if (hasTranscript) return 'transcribed';
  return s.status === 'held' ? 'held' : 'planned';
}

export function phaseOf(phases: readonly Phase[], date: string | undefined): Phase | undefined {
  if (!date) return undefined;
  return phases.find((p) => (!p.from || p.from <= date) && (!p.to || date <= p.to) && (p.from || p.to));
}

export function buildStatus(input: StatusInput): StatusReport {
  const { manifest: m, participants } = input;
  const count = (xs: Participant[]) => {
    const out: Record<string, number> = {};
    for (const p of xs) out[p.category] = (out[p.category] ?? 0) + 1;
    return out;
  };
  const consent = { given: 0, pending: 0, declined: 0, missing: 0 };
  for (const p of participants) consent[p.consent?.status ?? 'missing']++;

  const phases = m.design?.phases ?? [];
  const observerCodes = (m.team ?? []).filter((t) => t.roles.includes('observer')).map((t) => t.code);
  const sessions: SessionStatus[] = input.sessions.map(({ session: s, transcript, coding }) => {
    const observers = s.observers?.length ? s.observers : observerCodes;
    const tagged = new Set((coding?.tags ?? []).filter((t) => t.count > 0).map((t) => t.observer));
    const st: SessionStatus = {
      id: s.id,
      group: s.group,
      number: s.number,
      status: s.status,
      stage: sessionStage(s, transcript !== undefined, coding),
      attendees: s.attendees?.length ?? 0,
      observers,
      untagged: transcript ? observers.filter((o) => !tagged.has(o)) : [],
      tags: (coding?.tags ?? []).reduce((n, t) => n + t.count, 0),
      validatedAt: (coding?.feedback?.validations ?? []).map((v) => v.at),
    };
    if (coding?.summary) {
      const done = validatedIds(coding.feedback);
      st.summary = {
        version: coding.summary.version,
        points: coding.summary.points.length,
        notValidated: coding.summary.points.filter((id) => !done.has(id)),
      };
    }
    const date = sessionDate(s);
    if (date) st.date = date;
    const phase = phaseOf(phases, date);
    if (phase) st.phase = phase.id;
    if (s.guide) st.guide = s.guide;
    if (transcript) {
      const turns = turnsOf(transcript.transcript);
      st.transcript = {
        format: transcript.format,
        turns: turns.length,
        words: turns.reduce((n, t) => n + spokenWords(t.text), 0),
        speakers: new Set(turns.map((t) => t.speaker)).size,
      };
    }
    return st;
  });

  const groupIds = [...(m.groups ?? []).map((g) => g.id)];
  for (const s of sessions) if (!groupIds.includes(s.group)) groupIds.push(s.group);
  const groups: GroupStatus[] = groupIds.map((id) => {
    const g = m.groups?.find((x) => x.id === id);
    const members = participants.filter((p) => p.group === id).sort((a, b) => compareCodes(a.code, b.code));
    const own = sessions.filter((s) => s.group === id).sort((a, b) => a.number - b.number);
    const out: GroupStatus = {
      id,
      name: g?.name ?? id,
      kind: g?.kind ?? 'unknown',
      participants: members.length,
      byCategory: count(members),
      sessions: own,
    };
    if (g?.site) out.site = g.site;
    const next = own.find((s) => s.stage === 'planned');
    if (next) out.next = next.date ? { id: next.id, number: next.number, date: next.date } : { id: next.id, number: next.number };
    return out;
  });

  const dates = sessions.flatMap((s) => (s.date ? [s.date] : [])).sort();
  const today = input.today;
  const milestones = [...(m.design?.milestones ?? [])].sort((a, b) => a.date.localeCompare(b.date));
  const report: StatusReport = {
    title: m.title,
    language: m.language,
    fictional: m.fictional === true,
    participants: {
      total: participants.length,
      byCategory: count(participants),
      consent,
      withdrawn: participants.filter((p) => p.withdrawn && p.withdrawn.date <= input.today).length,
    },
    groups,
    sessions: {
      total: sessions.length,
      held: sessions.filter((s) => s.status === 'held').length,
      planned: sessions.filter((s) => s.status === 'planned').length,
      cancelled: sessions.filter((s) => s.status === 'cancelled').length,
      transcribed: sessions.filter((s) => s.transcript).length,
    },
    turns: sessions.reduce((n, s) => n + (s.transcript?.turns ?? 0), 0),
    words: sessions.reduce((n, s) => n + (s.transcript?.words ?? 0), 0),
    guides: input.guides.length,
    phases: phases.map((ph) => ({
      ...ph,
      sessions: sessions.filter((x) => x.phase === ph.id).length,
      current: phaseOf([ph], today) !== undefined,
    })),
    milestones: milestones.map((ms) => ({
      ...ms,
      due: ms.date >= today,
      sessionsBefore: sessions.filter((x) => x.status === 'held' && x.date !== undefined && x.date <= ms.date).length,
    })),
    next: nextSteps(groups, milestones, today, phases),
  };
  if (dates.length) report.period = { from: dates[0]!, to: dates[dates.length - 1]! };
  return report;
}

/** What each role has to do next: prepare the next session, tag, summarise, record feedback. */
export function nextSteps(
  groups: readonly GroupStatus[],
  milestones: readonly Milestone[],
  today: string,
  phases: readonly Phase[] = [],
): NextStep[] {
  const out: NextStep[] = [];
  // After the last phase has ended the series is over: no more sessions to plan.
  const ends = phases.map((p) => p.to);
  const finished = ends.length > 0 && ends.every((d) => d !== undefined && d < today);
  for (const g of groups) {
    const held = g.sessions.filter((s) => s.stage !== 'planned' && s.stage !== 'cancelled');
    if (g.next) {
      const prev = held.filter((s) => s.number < g.next!.number).at(-1);
      if (prev && !prev.summary)
        out.push({
          who: 'lead',
          session: prev.id,
          what: `summarise ${prev.id} before ${g.next.id}`,
          command: `fokus summarize ${prev.id}`,
        });
      out.push({
        who: 'moderator',
        session: g.next.id,
        what: `prepare ${g.next.id}${g.next.date ? ` (${g.next.date})` : ''}`,
        command: `fokus prepare ${g.next.id}`,
      });
    } else if (held.length && !finished)
      out.push({ who: 'moderator', what: `plan ${g.name}'s session ${held.at(-1)!.number + 1}`, command: `fokus guide next ${g.id}` });
    for (const s of held) {
      if (s.stage === 'held')
        out.push({ who: 'lead', session: s.id, what: `import the transcript of ${s.id}`, command: `fokus import ${s.id} <file>` });
      for (const o of s.untagged)
        out.push({ who: 'observer', code: o, session: s.id, what: `tag ${s.id}`, command: `fokus tag ${s.id} --observer ${o}` });
      if (s.stage === 'tagged') out.push({ who: 'lead', session: s.id, what: `summarise ${s.id}`, command: `fokus summarize ${s.id}` });
      const later = held.find((x) => x.number > s.number);
      if (s.summary && later && !s.validatedAt.includes(later.id))
        out.push({
          who: 'lead',
          session: s.id,
          what: `record the feedback on ${s.id}'s summary given at ${later.id}`,
          command: `fokus feedback ${s.id}`,
        });
    }
  }
  const due = milestones.find((ms) => ms.date >= today);
  if (due) out.push({ who: 'lead', what: `milestone ${due.id} "${due.title}" is due ${due.date}` });
  return out;
}
