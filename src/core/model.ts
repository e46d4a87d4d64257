// The project model: plain data in the shape of the files users edit (docs/project-format.md).

export type Lang = 'nb' | 'en';
export const LANGS: readonly Lang[] = ['nb', 'en'];

export type Role = 'moderator' | 'observer' | 'lead';
export const ROLES: readonly Role[] = ['moderator', 'observer', 'lead'];

export type GroupKind = 'users' | 'staff' | 'mixed' | 'relatives' | 'other';
export const GROUP_KINDS: readonly GroupKind[] = ['users', 'staff', 'mixed', 'relatives', 'other'];

export interface ResearchQuestion {
  id: string;
  text: string;
  /** A short name for the theme the question opens: the heading of its results in a report. */
  title?: string;
}

export interface Phase {
  id: string;
  name: string;
  from?: string;
  to?: string;
  description?: string;
}

/** A date the project reports at: a milestone note, an interim report. */
export interface Milestone {
  id: string;
  title: string;
  date: string;
  phase?: string;
  description?: string;
}

export interface TeamMember {
  code: string;
  roles: Role[];
  /** Researchers are named in reports; participants never are. */
  name?: string;
  affiliation?: string;
}

export interface Category {
  id: string;
  label?: Partial<Record<Lang, string>>;
}

export interface Group {
  id: string;
  name: string;
  site?: string;
  kind: GroupKind;
  description?: string;
}

export interface Manifest {
  title: string;
  subtitle?: string;
  purpose?: string;
  language: Lang;
  /** Declares every name in the project invented (the bundled example): no key-privacy warnings. */
  fictional?: boolean;
  research_questions?: ResearchQuestion[];
  design?: { approach?: string; phases?: Phase[]; milestones?: Milestone[] };
  team?: TeamMember[];
  categories?: Category[];
  groups?: Group[];
}

export type ConsentStatus = 'given' | 'pending' | 'declined';
export const CONSENT_STATUSES: readonly ConsentStatus[] = ['given', 'pending', 'declined'];

export type AttributeValue = string | number | boolean;

export interface Participant {
  code: string;
  group: string;
  category: string;
  attributes?: Record<string, AttributeValue>;
  consent?: { status: ConsentStatus; date?: string };
  withdrawn?: { date: string; data?: 'keep' | 'remove'; note?: string };
}

export type QuestionKind = 'opening' | 'introductory' | 'transition' | 'key' | 'ending';
export const QUESTION_KINDS: readonly QuestionKind[] = ['opening', 'introductory', 'transition', 'key', 'ending'];

export interface Question {
  id: string;
  kind: QuestionKind;
  /** `summary`: the previous session's summary is presented here for the group to validate. */
  presents?: 'summary';
  text: string;
  minutes?: number;
  probes?: string[];
  /** Research question ids from fokus.yaml. */
  serves?: string[];
  note?: string;
}

export interface Guide {
  /** The file name without `.yaml`. */
  id: string;
  title: string;
  language?: Lang;
  description?: string;
  intro?: string;
  questions: Question[];
}

export type SessionStatus = 'planned' | 'held' | 'cancelled';
export const SESSION_STATUSES: readonly SessionStatus[] = ['planned', 'held', 'cancelled'];

export interface Session {
  /** The folder name. */
  id: string;
  group: string;
  number: number;
  guide?: string;
  status: SessionStatus;
  planned?: string;
  held?: string;
  /** Minutes. */
  duration?: number;
  setting?: string;
  moderator?: string;
  observers?: string[];
  attendees?: string[];
}

/** The speaker code for a voice nobody could identify. */
export const UNKNOWN_SPEAKER = '?';

export interface Turn {
  kind: 'turn';
  id: string;
  /** A participant or team code, or `?`. */
  speaker: string;
  /** Milliseconds into the recording. */
  start?: number;
  end?: number;
  /** Verbatim text with transcription marks; lines joined by `\n`, trimmed. */
  text: string;
}

/** Ties the talk that follows to a guide question. */
export interface Heading {
  kind: 'heading';
  title: string;
  question?: string;
}

export type Block = Turn | Heading;

export interface Transcript {
  title?: string;
  source?: string;
  blocks: Block[];
}

export type TranscriptFormat = 'md' | 'yaml';

export interface KeyPerson {
  code: string;
  name: string;
  aliases?: string[];
}

export interface Identifier {
  text: string;
  /** When set, imports replace the text with this; otherwise it is only flagged. */
  replace?: string;
}

/** The pseudonymisation key: read only by importers and the leak check. */
export interface Key {
  people: KeyPerson[];
  identifiers: Identifier[];
}

/** The day a session was held, or is planned for. */
export function sessionDate(s: Pick<Session, 'held' | 'planned'>): string | undefined {
  return s.held ?? s.planned;
}

/** A group's display name, or its id when fokus.yaml does not list it. */
/** The codes of the research team in fokus.yaml. */
export function teamCodes(m: Manifest): Set<string> {
  return new Set((m.team ?? []).map((t) => t.code));
}

export function groupName(m: Manifest, id: string): string {
  return m.groups?.find((g) => g.id === id)?.name ?? id;
}

export function turnsOf(t: Transcript): Turn[] {
  return t.blocks.filter((b): b is Turn => b.kind === 'turn');
}

// --- coding: the codebook, observers' tags and field notes (docs/tagging.md) -------------------

export interface Code {
  /** A path: `arenaer/hjemmet`. */
  code: string;
  label?: string;
  description?: string;
  use_when?: string;
  avoid_when?: string;
  /** `#rrggbb`. */
  colour?: string;
  /** The code's GUID in REFI-QDA exchange, kept from an import so the other tool knows it again. */
  guid?: string;
}

export interface Codebook {
  title?: string;
  language?: Lang;
  codes: Code[];
}

export type TagMark = 'quote' | 'consensus' | 'minority' | 'dissent';
export const TAG_MARKS: readonly TagMark[] = ['quote', 'consensus', 'minority', 'dissent'];

/**
 * One coded passage. Where it sits: `turn` (and `to` for a run of turns); `words` are the exact
 * words quoted. A tag with neither `before` nor `after` covers its turns whole; one with either
 * covers only its words, and the context tells repeated words apart.
 */
export interface Tag {
  code: string;
  turn: string;
  to?: string;
  words?: string;
  before?: string;
  after?: string;
  marks?: TagMark[];
  memo?: string;
}

/** `sessions/<id>/tags/<observer>.yaml`: one observer's tags on one session. */
export interface TagFile {
  observer?: string;
  /** The turn `fokus tag` resumes at. */
  resume?: string;
  tags: Tag[];
}

export type NoteKind = 'quote' | 'dynamics' | 'follow-up' | 'moderation';
export const NOTE_KINDS: readonly NoteKind[] = ['quote', 'dynamics', 'follow-up', 'moderation'];

/** A live field note, stamped with the time elapsed in the session. */
export interface FieldNote {
  /** `hh:mm:ss` into the session (the recording's clock). */
  at: string;
  kind: NoteKind;
  /** Who said it, for a notable quote. */
  speaker?: string;
  text: string;
}

/** `sessions/<id>/notes/<observer>.yaml`. */
export interface FieldNotes {
  observer?: string;
  /** When the session's clock started (ISO date-time): later notes continue from it. */
  started?: string;
  notes: FieldNote[];
}

// --- the loop: validating a summary at the next session (docs/summaries.md) --------------------

export type ResponseKind = 'confirmed' | 'corrected' | 'nuanced' | 'rejected';
export const RESPONSE_KINDS: readonly ResponseKind[] = ['confirmed', 'corrected', 'nuanced', 'rejected'];

/** Who responded: the group as a whole, or participants by code. */
export type Respondents = 'group' | string[];

export interface ValidationResponse {
  point: string;
  response: ResponseKind;
  by?: Respondents;
  note?: string;
}

/** A point the group added that the summary lacked. */
export interface AddedPoint {
  point: string;
  text: string;
  by?: Respondents;
  theme?: string;
}

/** One presentation of the summary: at which session, of which version, and what the group said. */
export interface Validation {
  at: string;
  date?: string;
  version: number;
  responses: ValidationResponse[];
  added?: AddedPoint[];
  note?: string;
}

export interface Feedback {
  validations: Validation[];
}

/** How far a session has come, in the order the loop goes. */
export type Stage = 'cancelled' | 'planned' | 'held' | 'transcribed' | 'tagged' | 'summarised' | 'validated';
export const STAGES: readonly Stage[] = ['planned', 'held', 'transcribed', 'tagged', 'summarised', 'validated'];
