// The shape of each project file, checked with valibot. A failed check becomes a list of
// ShapeIssues (path + plain-English message); the store turns paths into file:line:col.
import * as v from 'valibot';
import { CODE_HELP, CODE_PATH_HELP, CODE_PATH_RE, CODE_RE, DATE_RE, GUID_RE, LOCAL_ID_RE, SLUG_HELP, SLUG_RE, isRealDate } from './ids.js';
import {
  CONSENT_STATUSES,
  GROUP_KINDS,
  LANGS,
  QUESTION_KINDS,
  ROLES,
  SESSION_STATUSES,
  type Guide,
  type Identifier,
  type KeyPerson,
  type Manifest,
  type Participant,
  type Session,
  NOTE_KINDS,
  TAG_MARKS,
  type Codebook,
  type FieldNotes,
  type TagFile,
  type Lang,
  RESPONSE_KINDS,
  type Feedback,
} from './model.js';
import { parseTime } from './time.js';
import type { DraftRecord } from './summary-merge.js';

export interface ShapeIssue {
  path: (string | number)[];
  /** Whether the position to report is the key itself (an unknown or missing field). */
  at: 'key' | 'value';
  message: string;
}

export const MAX_SESSION_NUMBER = 999;

// --- building blocks -------------------------------------------------------------------------

/** A mapping whose unknown keys are reported, with a suggestion when one looks like a typo. */
function strict<const E extends v.ObjectEntries>(entries: E) {
  const known = Object.keys(entries);
  return v.strictObject(entries, (issue) => {
    if (issue.received === 'undefined') return `missing required field ${issue.expected}`;
    if (issue.expected === 'never') {
      const key = safeJson(issue.received);
      // A "field" with spaces is text that slipped in (perhaps a name): describe it, never echo it.
      if (!/^[\w-]{1,40}$/.test(key))
        return 'unknown field: this line reads as "key: value" but the key is not a field name (text needs quotes)';
      return `unknown field '${key}'${didYouMean(key, known)}`;
    }
    return `expected a mapping (key: value lines), got ${describe(issue.input)}`;
  });
}

const text = () => v.string((i) => `expected text, got ${describe(i.input)}${colonHint(i.input)}`);

/** `- Likeverd, respekt: hva betyr de?` is a mapping to YAML; say so, since it reads as text to people. */
function colonHint(x: unknown): string {
  if (typeof x === 'object' && x !== null && !Array.isArray(x) && Object.keys(x).length === 1) {
    return " (a ': ' inside text makes YAML read it as key: value; put the text in quotes)";
  }
  return '';
}
const nonEmpty = () => v.pipe(text(), v.trim(), v.nonEmpty('must not be empty'));
const oneOf = <const T extends readonly string[]>(options: T) =>
  v.picklist(options, (i) => `expected one of ${options.join(', ')}, got ${describe(i.input)}`);
const pattern = (re: RegExp, help: string) =>
  v.pipe(
    text(),
    v.regex(re, (i) => `expected ${help}, got ${describe(i.input)}`),
  );
const slug = () => pattern(SLUG_RE, SLUG_HELP);
const code = () => pattern(CODE_RE, CODE_HELP);
const localId = () => pattern(LOCAL_ID_RE, 'an id: a letter, then letters, digits, - or _ (e.g. q1)');
const date = () =>
  v.pipe(
    v.string((i) => `expected a date like 2025-03-12, got ${describe(i.input)}`),
    v.check(
      (s) => DATE_RE.test(s) && isRealDate(s),
      (i) => `expected a date like 2025-03-12, got ${describe(i.input)}`,
    ),
  );
const list = <T extends v.GenericSchema>(item: T) => v.array(item, (i) => `expected a list, got ${describe(i.input)}`);
const count = (what: string, max: number) =>
  v.pipe(
    v.number((i) => `expected ${what} (a whole number), got ${describe(i.input)}`),
    v.integer((i) => `expected ${what} (a whole number), got ${describe(i.input)}`),
    v.minValue(0, `expected ${what} (zero or more)`),
    v.maxValue(max, `expected ${what} (at most ${max})`),
  );
const flag = () => v.boolean((i) => `expected true or false, got ${describe(i.input)}`);

// --- files -------------------------------------------------------------------------------------

const TeamMemberSchema = strict({
  code: code(),
  roles: list(oneOf(ROLES)),
  name: v.optional(nonEmpty()),
  affiliation: v.optional(nonEmpty()),
});

const GroupSchema = strict({
  id: slug(),
  name: nonEmpty(),
  site: v.optional(nonEmpty()),
  kind: oneOf(GROUP_KINDS),
  description: v.optional(nonEmpty()),
});

const ManifestSchema = strict({
  title: nonEmpty(),
  subtitle: v.optional(text()),
  purpose: v.optional(text()),
  language: oneOf(LANGS),
  fictional: v.optional(flag()),
  research_questions: v.optional(list(strict({ id: localId(), text: nonEmpty(), title: v.optional(nonEmpty()) }))),
  design: v.optional(
    strict({
      approach: v.optional(text()),
      phases: v.optional(
        list(
          strict({ id: localId(), name: nonEmpty(), from: v.optional(date()), to: v.optional(date()), description: v.optional(text()) }),
        ),
      ),
      milestones: v.optional(
        list(strict({ id: localId(), title: nonEmpty(), date: date(), phase: v.optional(localId()), description: v.optional(text()) })),
      ),
    }),
  ),
  team: v.optional(list(TeamMemberSchema)),
  categories: v.optional(list(strict({ id: slug(), label: v.optional(strict({ nb: v.optional(text()), en: v.optional(text()) })) }))),
  groups: v.optional(list(GroupSchema)),
});

const attribute = v.union(
  [v.string(), v.number(), v.boolean()],
  (i) => `expected a single value (text, number or true/false), got ${describe(i.input)}`,
);

// References (a group, a category, a guide, a code) need only be text here: whether they name
// something that exists is core/validate's question, which can suggest the nearest one.
const ref = () => nonEmpty();

const ParticipantSchema = strict({
  code: code(),
  group: ref(),
  category: ref(),
  attributes: v.optional(v.record(v.string(), attribute, (i) => `expected key: value lines, got ${describe(i.input)}`)),
  consent: v.optional(strict({ status: oneOf(CONSENT_STATUSES), date: v.optional(date()) })),
  withdrawn: v.optional(strict({ date: date(), data: v.optional(oneOf(['keep', 'remove'] as const)), note: v.optional(text()) })),
});

const ParticipantsSchema = strict({ participants: v.optional(v.nullable(list(ParticipantSchema)), []) });

const QuestionSchema = strict({
  id: localId(),
  kind: oneOf(QUESTION_KINDS),
  presents: v.optional(
    v.literal('summary', (i) => `expected summary (the previous session's summary is presented here), got ${describe(i.input)}`),
  ),
  text: nonEmpty(),
  minutes: v.optional(count('minutes', 600)),
  probes: v.optional(list(text())),
  serves: v.optional(list(localId())),
  note: v.optional(text()),
});

const GuideSchema = strict({
  title: nonEmpty(),
  language: v.optional(oneOf(LANGS)),
  description: v.optional(text()),
  intro: v.optional(text()),
  questions: list(QuestionSchema),
});

const SessionSchema = strict({
  group: ref(),
  number: v.pipe(count("the number in the group's series", MAX_SESSION_NUMBER), v.minValue(1, 'the number in the series starts at 1')),
  guide: v.optional(ref()),
  status: v.optional(oneOf(SESSION_STATUSES), 'planned'),
  planned: v.optional(date()),
  held: v.optional(date()),
  duration: v.optional(count('minutes', 1440)),
  setting: v.optional(text()),
  moderator: v.optional(ref()),
  observers: v.optional(list(ref())),
  attendees: v.optional(list(ref())),
});

const KeySchema = strict({
  // Code `?` holds the name of a voice nobody could put a code to: replaced, never guessed.
  people: v.optional(
    v.nullable(
      list(
        strict({
          code: v.union([code(), v.literal('?')], (i) => `expected a code like P1, or "?", got ${describe(i.input)}`),
          name: nonEmpty(),
          aliases: v.optional(list(nonEmpty())),
        }),
      ),
    ),
    [],
  ),
  identifiers: v.optional(
    v.nullable(
      list(
        v.union(
          [nonEmpty(), strict({ text: nonEmpty(), replace: v.optional(text()) })],
          (i) => `expected text, or a mapping with text and replace, got ${describe(i.input)}`,
        ),
      ),
    ),
    [],
  ),
});

const CodebookSchema = strict({
  title: v.optional(text()),
  language: v.optional(oneOf(LANGS)),
  codes: v.optional(
    v.nullable(
      list(
        strict({
          code: pattern(CODE_PATH_RE, CODE_PATH_HELP),
          label: v.optional(nonEmpty()),
          description: v.optional(text()),
          use_when: v.optional(text()),
          avoid_when: v.optional(text()),
          colour: v.optional(pattern(/^#[0-9a-fA-F]{6}$/, 'a colour like #4e79a7')),
          guid: v.optional(pattern(GUID_RE, 'a GUID like 3f2504e0-4f89-11d3-9a0c-0305e82c3301')),
        }),
      ),
    ),
    [],
  ),
});

const turnId = () => localId();

const TagSchema = strict({
  code: pattern(CODE_PATH_RE, CODE_PATH_HELP),
  turn: turnId(),
  to: v.optional(turnId()),
  words: v.optional(nonEmpty()),
  before: v.optional(text()),
  after: v.optional(text()),
  marks: v.optional(list(oneOf(TAG_MARKS))),
  memo: v.optional(text()),
});

const TagFileSchema = strict({
  observer: v.optional(code()),
  resume: v.optional(turnId()),
  tags: v.optional(v.nullable(list(TagSchema)), []),
});

const elapsed = () =>
  v.pipe(
    v.string((i) => `expected a time like 00:12:30, got ${describe(i.input)}`),
    v.check(
      (s) => parseTime(s) !== undefined,
      (i) => `expected a time like 00:12:30, got ${describe(i.input)}`,
    ),
  );

const FieldNotesSchema = strict({
  observer: v.optional(code()),
  started: v.optional(
    v.pipe(
      text(),
      v.check((s) => !Number.isNaN(Date.parse(s)), 'expected a date and time like 2025-02-04T10:00:00'),
    ),
  ),
  notes: v.optional(v.nullable(list(strict({ at: elapsed(), kind: oneOf(NOTE_KINDS), speaker: v.optional(ref()), text: nonEmpty() }))), []),
});

const respondents = () =>
  v.union([v.literal('group'), list(ref())], (i) => `expected group or a list of participant codes, got ${describe(i.input)}`);
const pointId = () => pattern(/^p\d+$/, 'a point id like p3');

const FeedbackSchema = strict({
  validations: v.optional(
    v.nullable(
      list(
        strict({
          at: slug(),
          date: v.optional(date()),
          version: count('version', 9999),
          responses: v.optional(
            v.nullable(
              list(strict({ point: pointId(), response: oneOf(RESPONSE_KINDS), by: v.optional(respondents()), note: v.optional(text()) })),
            ),
            [],
          ),
          added: v.optional(list(strict({ point: pointId(), text: nonEmpty(), by: v.optional(respondents()), theme: v.optional(text()) }))),
          note: v.optional(text()),
        }),
      ),
    ),
    [],
  ),
});

const DraftRecordSchema = strict({
  points: v.optional(v.nullable(v.record(v.string(), strict({ key: nonEmpty(), hash: nonEmpty(), proposed: v.optional(flag()) }))), {}),
});

const SummaryFrontSchema = v.looseObject({
  session: v.optional(slug()),
  version: v.optional(count('version', 9999)),
  language: v.optional(oneOf(LANGS)),
});

/** reports/coreq.yaml: the lead's answers to the COREQ items, in one language or per language. */
const CoreqAnswersSchema = strict({
  answers: v.optional(
    v.nullable(
      v.record(
        pattern(/^([1-9]|[12]\d|3[0-2])$/, 'a COREQ item number from 1 to 32'),
        v.union([nonEmpty(), strict({ nb: v.optional(nonEmpty()), en: v.optional(nonEmpty()) })], 'expected text, or nb: and en: texts'),
      ),
    ),
    {},
  ),
});

export type CoreqAnswers = { answers?: Record<string, string | Partial<Record<Lang, string>>> | null };

// --- checking ------------------------------------------------------------------------------------

export type Checked<T> = { ok: true; value: T } | { ok: false; issues: ShapeIssue[] };

function check<T>(schema: v.GenericSchema<unknown, unknown>, data: unknown, what: string): Checked<T> {
  if (data === undefined || data === null) {
    return { ok: false, issues: [{ path: [], at: 'value', message: `the file is empty; expected ${what}` }] };
  }
  const r = v.safeParse(schema, data, { abortEarly: false, abortPipeEarly: true });
  if (r.success) return { ok: true, value: r.output as T };
  return { ok: false, issues: r.issues.map(toShapeIssue) };
}

function toShapeIssue(issue: v.BaseIssue<unknown>): ShapeIssue {
  const path = (issue.path ?? []).map((p) => p.key as string | number);
  const isKeyIssue = issue.type === 'strict_object';
  if (isKeyIssue && issue.received === 'undefined') {
    // A missing field: point at the mapping that should hold it.
    return { path: path.slice(0, -1), at: 'value', message: issue.message };
  }
  return { path, at: isKeyIssue ? 'key' : 'value', message: issue.message };
}

// Records the add commands create go through the same checks as the files they land in.
export const checkTeamMember = (d: unknown) => check<unknown>(TeamMemberSchema, d, 'a team member');
export const checkGroup = (d: unknown) => check<unknown>(GroupSchema, d, 'a group');
export const checkParticipant = (d: unknown) => check<unknown>(ParticipantSchema, d, 'a participant');
export const checkSessionRecord = (d: unknown) => check<unknown>(SessionSchema, d, 'a session');

export const checkManifest = (d: unknown) => check<Manifest>(ManifestSchema, d, 'the study (title, language, ...)');
// An empty participants.yaml (or one holding only comments) is a study with nobody in it yet.
export const checkParticipants = (d: unknown) =>
  check<{ participants: Participant[] | null }>(ParticipantsSchema, d ?? {}, 'participants: followed by a list');
export const checkGuide = (d: unknown) => check<Omit<Guide, 'id'>>(GuideSchema, d, 'a guide (title, questions)');
export const checkSession = (d: unknown) => check<Omit<Session, 'id'>>(SessionSchema, d, 'a session (group, number, ...)');
export const checkKey = (d: unknown) =>
  check<{ people: KeyPerson[] | null; identifiers: (string | Identifier)[] | null }>(KeySchema, d, 'people: and identifiers:');

// --- messages ------------------------------------------------------------------------------------

export function describe(x: unknown): string {
  if (x === undefined) return 'nothing';
  if (x === null) return 'an empty value';
  if (Array.isArray(x)) return 'a list';
  if (typeof x === 'object') return 'a mapping';
  if (typeof x === 'string') return `'${x.length > 40 ? `${x.slice(0, 37)}...` : x}'`;
  return String(x);
}

function safeJson(s: string): string {
  try {
    const v = JSON.parse(s);
    return typeof v === 'string' ? v : s;
  } catch {
    return s;
  }
}

/** The known word nearest to a typo, if it is near enough to be a likely slip. */
/** ` (did you mean 'x'?)` when a known word is close to `word`, else nothing. */
export function didYouMean(word: string, known: readonly string[]): string {
  const c = closest(word, known);
  return c ? ` (did you mean '${c}'?)` : '';
}

export function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(word.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  if (best !== undefined && bestD <= Math.max(1, Math.floor(word.length / 3))) return best;
  // A word cut short ("alias" for "aliases") is a likely slip too.
  return word.length >= 3 ? known.find((k) => k.toLowerCase().startsWith(word.toLowerCase())) : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}
export const checkCodebook = (d: unknown) => check<Codebook>(CodebookSchema, d ?? {}, 'codes: followed by a list');
export const checkTagFile = (d: unknown) => check<TagFile>(TagFileSchema, d ?? {}, 'tags: followed by a list');
export const checkFeedback = (d: unknown) => check<Feedback>(FeedbackSchema, d ?? {}, 'validations: followed by a list');
export const checkDraftRecord = (d: unknown) => check<DraftRecord>(DraftRecordSchema, d ?? {}, 'points: by id');
export const checkSummaryFront = (d: unknown) =>
  check<{ session?: string; version?: number; language?: Lang }>(SummaryFrontSchema, d ?? {}, 'session, version');
export const checkCoreqAnswers = (d: unknown) => check<CoreqAnswers>(CoreqAnswersSchema, d ?? {}, 'answers: by item number');
export const checkFieldNotes = (d: unknown) => check<FieldNotes>(FieldNotesSchema, d ?? {}, 'notes: followed by a list');
