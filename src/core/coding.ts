// Observers' tags placed on their transcripts: the one view every analysis (stats, agreement,
// compare, search, summaries) works from. Pure: the store hands over what it read.
import { firstIndexById, placeTag, TurnStream, type AnchorStatus, type Place } from './anchor.js';
import { turnsOf, type Participant, type Session, type Tag, type TagFile, type Transcript, type Turn } from './model.js';

export interface PlacedTag {
  session: string;
  observer: string;
  /** Its position in the observer's file. */
  index: number;
  tag: Tag;
  status: AnchorStatus;
  place?: Place;
}

export interface CodedSession {
  session: Session;
  turns: Turn[];
  /** Each turn id's index (the first turn with it). */
  ids: ReadonlyMap<string, number>;
  /** The guide question each turn falls under (from the headings), by turn index. */
  questionOf: (string | undefined)[];
  /** Every observer with a tags file, whether or not it holds tags yet. */
  observers: string[];
  tags: PlacedTag[];
}

export function codeSession(
  session: Session,
  transcript: Transcript | undefined,
  files: readonly { observer: string; value: TagFile }[],
  /** The transcript's stream when the caller places more on it; otherwise one is made if needed. */
  given?: TurnStream,
): CodedSession {
  const turns = transcript ? turnsOf(transcript) : [];
  const questionOf: (string | undefined)[] = [];
  let q: string | undefined;
  for (const b of transcript?.blocks ?? []) {
    if (b.kind === 'heading') q = b.question;
    else questionOf.push(q);
  }
  // The stream is built only when something is placed on it (a search without tags never needs it),
  // and let go once the tags are placed: its per-character maps are larger than the text, and
  // stats or a report over thousands of sessions would otherwise hold one for every session.
  let stream = given;
  const streamOf = () => (stream ??= new TurnStream(turns));
  const tags: PlacedTag[] = [];
  for (const f of files) {
    f.value.tags.forEach((tag, index) => {
      const placed = transcript ? placeTag(streamOf(), tag) : { status: 'orphaned' as const };
      const t: PlacedTag = { session: session.id, observer: f.observer, index, tag, status: placed.status };
      if (placed.place) t.place = placed.place;
      tags.push(t);
    });
  }
  return {
    session,
    turns,
    ids: firstIndexById(turns),
    questionOf,
    observers: files.map((f) => f.observer),
    tags,
  };
}

/** The turn indexes a placed tag covers. */
export function coveredTurns(t: PlacedTag): number[] {
  if (!t.place) return [];
  const out: number[] = [];
  for (let i = t.place.first; i <= t.place.last; i++) out.push(i);
  return out;
}

/** The words a placed tag covers in one of its turns. */
export function wordsInTurn(s: CodedSession, t: PlacedTag, u: number): string {
  if (!t.place) return t.tag.words ?? '';
  const text = s.turns[u]!.text;
  const from = u === t.place.first ? t.place.from : 0;
  const to = u === t.place.last ? t.place.to : text.length;
  return text.slice(from, to);
}

/** Who a speaker code is: a participant's category and group, or the team. */
export interface Speaker {
  code: string;
  kind: 'participant' | 'team' | 'unknown';
  category?: string;
  group?: string;
}

export function speakerIndex(participants: readonly Participant[], team: readonly { code: string }[]): (code: string) => Speaker {
  const byCode = new Map(participants.map((p) => [p.code, p]));
  const teamCodes = new Set(team.map((t) => t.code));
  return (code) => {
    const p = byCode.get(code);
    if (p) return { code, kind: 'participant', category: p.category, group: p.group };
    if (teamCodes.has(code)) return { code, kind: 'team' };
    return { code, kind: 'unknown' };
  };
}
