// The project as a REFI-QDA project: observers as users, the codebook, participants as cases
// with their variables, each transcript as a plain-text source with every placed tag as a
// selection coded by its observer, and memos, summaries and field notes as notes. Pure.
import { parentOf, treeOrder } from './codebook.js';
import type { CodedSession } from './coding.js';
import {
  turnsOf,
  type AttributeValue,
  type Code,
  type Codebook,
  type FieldNotes,
  type Lang,
  type Manifest,
  type Participant,
  type Transcript,
  teamCodes,
} from './model.js';
import {
  toCodePoints,
  uuid5,
  type RefiCode,
  type RefiNote,
  type RefiProject,
  type RefiSelection,
  type RefiSource,
  type RefiValue,
  type RefiVariable,
  type VariableType,
} from './refi.js';
import { formatTime } from './time.js';

export interface RefiExportSession {
  coded: CodedSession;
  transcript?: Transcript;
  /** summary.md as written. */
  summary?: string;
  notes: readonly { observer: string; value: FieldNotes }[];
}

export interface RefiExportInput {
  manifest: Manifest;
  participants: readonly Participant[];
  codebook?: Codebook;
  sessions: readonly RefiExportSession[];
  origin: string;
}

export interface RefiExport {
  project: RefiProject;
  /** Plain text of each source by its file name inside the archive's `sources/` folder. */
  texts: Map<string, string>;
  counts: { users: number; codes: number; cases: number; sources: number; selections: number; notes: number };
  /** What could not go in: tags that no longer place, codes missing from the codebook, sessions without transcripts. */
  left: { orphanedTags: number; unknownCodes: number; sessionsWithoutTranscript: string[] };
}

// --- the plain text of a transcript ---------------------------------------------------------------

export interface SourceText {
  text: string;
  /** Where each turn's text starts in `text` (UTF-16 index), by turn position. */
  starts: number[];
}

/**
 * A transcript as the plain text other tools code: `## Heading` lines and `P3 [00:04:12]: text`
 * paragraphs, blank lines between, line feeds only (tools disagree on counting CR LF). Each turn's
 * text is written verbatim, so positions in it are positions in the source.
 */
export function sourceText(t: Transcript): SourceText {
  const parts: string[] = [];
  const starts: number[] = [];
  let at = 0;
  const push = (s: string) => {
    if (parts.length) {
      parts.push('\n\n');
      at += 2;
    }
    parts.push(s);
    at += s.length;
  };
  for (const b of t.blocks) {
    if (b.kind === 'heading') {
      push(`## ${b.title}`);
      continue;
    }
    const label = `${b.speaker}${b.start !== undefined ? ` [${formatTime(b.start)}]` : ''}: `;
    push(label + b.text);
    starts.push(at - b.text.length);
  }
  return { text: `${parts.join('')}\n`, starts };
}

// --- codes ----------------------------------------------------------------------------------------

/** A code segment spelled from a name: what import does, so export knows when a name will not find its way back. */
export function segmentOf(name: string): string {
  return name
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{Ll}\p{Lo}\p{Nd}_-]+/gu, '-')
    .replace(/-+/g, '-')
    .replace(/^[-_]+|-+$/g, '');
}

export const WHEN_LABELS: Record<Lang, { use: string; avoid: string }> = {
  nb: { use: 'Bruk når', avoid: 'Unngå når' },
  en: { use: 'Use when', avoid: 'Avoid when' },
};

/** The line that carries a code's path when its name does not spell it. */
export const PATH_LINE = 'fokus';

export function codeGuid(c: Code): string {
  return c.guid ?? uuid5(`code:${c.code}`);
}

function codeDescription(c: Code, lang: Lang, name: string): string | undefined {
  const w = WHEN_LABELS[lang];
  const lines: string[] = [];
  if (c.description) lines.push(c.description);
  const when = [c.use_when && `${w.use}: ${c.use_when}`, c.avoid_when && `${w.avoid}: ${c.avoid_when}`].filter(Boolean) as string[];
  if (when.length) lines.push(when.join('\n'));
  const segment = c.code.slice(c.code.lastIndexOf('/') + 1);
  if (segmentOf(name) !== segment) lines.push(`${PATH_LINE}: ${c.code}`);
  return lines.length ? lines.join('\n\n') : undefined;
}

/** The codebook as REFI codes: nested by path, named by label, GUIDs stable across exports. */
export function refiCodes(cb: Codebook, lang: Lang): RefiCode[] {
  const roots: RefiCode[] = [];
  const byPath = new Map<string, RefiCode>();
  for (const c of treeOrder(cb.codes)) {
    const name = c.label ?? c.code.slice(c.code.lastIndexOf('/') + 1);
    const r: RefiCode = { guid: codeGuid(c), name, isCodable: true, children: [] };
    if (c.colour) r.color = c.colour;
    const d = codeDescription(c, cb.language ?? lang, name);
    if (d) r.description = d;
    let p = parentOf(c.code);
    while (p !== undefined && !byPath.has(p)) p = parentOf(p);
    (p === undefined ? roots : byPath.get(p)!.children).push(r);
    byPath.set(c.code, r);
  }
  return roots;
}

// --- the project ----------------------------------------------------------------------------------

function typeOf(values: readonly AttributeValue[]): VariableType {
  if (values.every((v) => typeof v === 'boolean')) return 'Boolean';
  if (values.every((v) => typeof v === 'number' && Number.isInteger(v))) return 'Integer';
  if (values.every((v) => typeof v === 'number')) return 'Float';
  return 'Text';
}

export function buildRefiProject(input: RefiExportInput): RefiExport {
  const m = input.manifest;
  const ns = uuid5(`project:${m.title}`);
  const id = (kind: string, key: string) => uuid5(`${kind}:${key}`, ns);
  const lang = m.language;

  // Users: the team (observers code; a moderator speaks), named as the team file names them (researchers may be named).
  const userCodes = teamCodes(m);
  for (const s of input.sessions) {
    for (const o of s.coded.observers) userCodes.add(o);
    for (const n of s.notes) userCodes.add(n.observer);
  }
  const team = new Map((m.team ?? []).map((t) => [t.code, t]));
  const userGuid = (code: string) => id('user', code);
  const users = [...userCodes].map((code) => ({ guid: userGuid(code), id: code, name: team.get(code)?.name ?? code }));

  const codes = input.codebook ? refiCodes(input.codebook, lang) : [];
  const known = new Set(input.codebook?.codes.map((c) => c.code));
  const guidOf = new Map(input.codebook?.codes.map((c) => [c.code, codeGuid(c)]));

  // Variables: a participant's group and category and each attribute; a session's group, number and date.
  const variables: RefiVariable[] = [];
  const variable = (name: string, type: VariableType, description?: string): string => {
    const guid = id('variable', name);
    if (!variables.some((v) => v.guid === guid)) variables.push(description ? { guid, name, type, description } : { guid, name, type });
    return guid;
  };
  const attrKeys = [...new Set(input.participants.flatMap((p) => Object.keys(p.attributes ?? {})))];
  const groupVar = variable('group', 'Text', lang === 'nb' ? 'Gruppa (fokus-id)' : 'The group (fokus id)');
  const categoryVar = variable('category', 'Text', lang === 'nb' ? 'Deltakerkategori (fokus-id)' : 'Participant category (fokus id)');
  const consentVar = variable(
    'consent',
    'Text',
    lang === 'nb' ? 'Samtykke: given, pending eller declined' : 'Consent: given, pending or declined',
  );
  const consentDateVar = variable('consent date', 'Date');
  // An attribute called `group` must not become the group: attributes with fokus's own names are prefixed.
  const attrVars = new Map(
    attrKeys.map((k) => [
      k,
      variable(
        RESERVED_VARIABLES.has(k) ? `${ATTRIBUTE_PREFIX}${k}` : k,
        typeOf(input.participants.flatMap((p) => (p.attributes?.[k] === undefined ? [] : [p.attributes[k]!]))),
      ),
    ]),
  );

  const sources: RefiSource[] = [];
  const notes: RefiNote[] = [];
  const texts = new Map<string, string>();
  const speakersIn = new Map<string, Set<string>>();
  const left: RefiExport['left'] = { orphanedTags: 0, unknownCodes: 0, sessionsWithoutTranscript: [] };
  let selections = 0;

  for (const s of input.sessions) {
    const session = s.coded.session;
    if (!s.transcript) {
      left.sessionsWithoutTranscript.push(session.id);
      left.orphanedTags += s.coded.tags.length;
      continue;
    }
    const guid = id('source', session.id);
    const st = sourceText(s.transcript);
    const cp = toCodePoints(st.text);
    const file = `${guid}.txt`;
    texts.set(file, st.text);
    const src: RefiSource = {
      guid,
      name: session.id,
      plainTextPath: `internal://${file}`,
      selections: [],
      codings: [],
      notes: [],
      values: [{ variable: groupVar, value: session.group }],
    };
    if (s.transcript.title) src.description = s.transcript.title;
    src.values.push({ variable: variable('session number', 'Integer'), value: session.number });
    const date = session.held ?? session.planned;
    if (date) src.values.push({ variable: variable('date', 'Date'), value: date });

    const seen = new Map<string, number>();
    for (const t of s.coded.tags) {
      const code = guidOf.get(t.tag.code);
      if (!known.has(t.tag.code) || !code) {
        left.unknownCodes++;
        continue;
      }
      if (!t.place) {
        left.orphanedTags++;
        continue;
      }
      const start = cp(st.starts[t.place.first]! + t.place.from);
      const end = cp(st.starts[t.place.last]! + t.place.to);
      const key = `${session.id}:${t.observer}:${t.tag.code}:${start}:${end}`;
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      const k = `${key}:${n}`;
      const first = s.coded.turns[t.place.first]!.id;
      const last = s.coded.turns[t.place.last]!.id;
      const sel: RefiSelection = {
        guid: id('selection', k),
        name: first === last ? first : `${first}–${last}`,
        start,
        end,
        user: userGuid(t.observer),
        codings: [{ guid: id('coding', k), code, user: userGuid(t.observer) }],
        notes: [],
      };
      if (t.tag.marks?.length) sel.description = `${MARKS_PREFIX} ${t.tag.marks.join(', ')}`;
      if (t.tag.memo) {
        const note: RefiNote = {
          guid: id('memo', k),
          name: `Memo: ${t.tag.code} (${t.observer}, ${session.id} ${sel.name})`,
          text: t.tag.memo,
          user: userGuid(t.observer),
        };
        notes.push(note);
        sel.notes.push(note.guid);
      }
      src.selections.push(sel);
      selections++;
    }
    if (s.summary !== undefined) {
      const note: RefiNote = { guid: id('summary', session.id), name: `${SUMMARY_PREFIX[lang]} ${session.id}`, text: s.summary };
      notes.push(note);
      src.notes.push(note.guid);
    }
    for (const f of s.notes) {
      if (!f.value.notes.length) continue;
      const lines = f.value.notes.map((n) => `[${n.at}] ${n.kind}${n.speaker ? ` (${n.speaker})` : ''}: ${n.text}`);
      const note: RefiNote = {
        guid: id('field-notes', `${session.id}:${f.observer}`),
        name: `${FIELD_NOTES_PREFIX[lang]} ${session.id} (${f.observer})`,
        text: lines.join('\n'),
        user: userGuid(f.observer),
      };
      notes.push(note);
      src.notes.push(note.guid);
    }
    for (const turn of turnsOf(s.transcript)) {
      const set = speakersIn.get(turn.speaker) ?? new Set();
      set.add(guid);
      speakersIn.set(turn.speaker, set);
    }
    for (const a of session.attendees ?? []) {
      const set = speakersIn.get(a) ?? new Set();
      set.add(guid);
      speakersIn.set(a, set);
    }
    sources.push(src);
  }

  const cases = input.participants.map((p) => {
    const values: RefiValue[] = [
      { variable: groupVar, value: p.group },
      { variable: categoryVar, value: p.category },
    ];
    if (p.consent) values.push({ variable: consentVar, value: p.consent.status });
    if (p.consent?.date) values.push({ variable: consentDateVar, value: p.consent.date });
    for (const [k, v] of Object.entries(p.attributes ?? {})) {
      const guid = attrVars.get(k)!;
      const type = variables.find((x) => x.guid === guid)!.type;
      values.push({ variable: guid, value: type === 'Text' ? String(v) : v });
    }
    return {
      guid: id('case', p.code),
      name: p.code,
      values,
      sources: sources.filter((s) => speakersIn.get(p.code)?.has(s.guid)).map((s) => s.guid),
    };
  });

  const project: RefiProject = { name: m.title, origin: input.origin, users, codes, variables, cases, sources, notes, projectNotes: [] };
  if (m.purpose) project.description = m.purpose;
  if (users.length) project.creatingUser = users[0]!.guid;
  let codeCount = 0;
  const countCodes = (cs: readonly RefiCode[]) => {
    for (const c of cs) {
      codeCount++;
      countCodes(c.children);
    }
  };
  countCodes(codes);
  return {
    project,
    texts,
    counts: { users: users.length, codes: codeCount, cases: cases.length, sources: sources.length, selections, notes: notes.length },
    left,
  };
}

/** Variable names fokus gives meaning to; a participant attribute of the same name goes out as `attribute: name`. */
export const RESERVED_VARIABLES = new Set(['group', 'category', 'consent', 'consent date', 'session number', 'date']);
export const ATTRIBUTE_PREFIX = 'attribute: ';

/** How a selection's description carries a tag's marks (quote, consensus, minority, dissent). */
export const MARKS_PREFIX = 'fokus marks:';
export const SUMMARY_PREFIX: Record<Lang, string> = { nb: 'Oppsummering:', en: 'Summary:' };
export const FIELD_NOTES_PREFIX: Record<Lang, string> = { nb: 'Feltnotater:', en: 'Field notes:' };
