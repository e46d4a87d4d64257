// Observers' tags as rows for other tools (`fokus export tags`, `fokus export quotes`): one row per
// tag, with where it sits, who spoke, the words as placed on the transcript, and how well it was
// found again. Pure: the command hands over coded sessions and writes the result.
import type { AnchorStatus } from './anchor.js';
import { categoryLabel } from './categories.js';
import { codeIndex, codeLabel, isWithin } from './codebook.js';
import { coveredTurns, wordsInTurn, type CodedSession, type PlacedTag, type Speaker } from './coding.js';
import { compareCodes } from './ids.js';
import { groupName, sessionDate, type Codebook, type Manifest, type TagMark } from './model.js';

/** One tag as exported. Lists (speakers, categories, marks) are joined with `; ` in CSV and Excel. */
export interface TagRow {
  code: string;
  code_label: string;
  session: string;
  group: string;
  group_name: string;
  date: string | null;
  /** The first turn the tag covers (as placed now; an orphaned tag's stored turn). */
  turn: string;
  /** The last turn, for a run of turns. */
  to: string | null;
  speaker: string[];
  category: string[];
  observer: string;
  marks: TagMark[];
  memo: string | null;
  words: string;
  status: AnchorStatus;
}

/** The columns of `fokus export tags`, in order (docs/commands.md lists them). */
export const TAG_COLUMNS = [
  'code',
  'code_label',
  'session',
  'group',
  'group_name',
  'date',
  'turn',
  'to',
  'speaker',
  'category',
  'observer',
  'marks',
  'memo',
  'words',
  'status',
] as const satisfies readonly (keyof TagRow)[];

/** The columns of `fokus export quotes`: what a report writer quotes from, the words before the memo. */
export const QUOTE_COLUMNS = [
  'code',
  'code_label',
  'session',
  'group',
  'group_name',
  'date',
  'turn',
  'to',
  'speaker',
  'category',
  'words',
  'memo',
  'marks',
  'observer',
  'status',
] as const satisfies readonly (keyof TagRow)[];

export type TagColumn = (typeof TAG_COLUMNS)[number] | (typeof QUOTE_COLUMNS)[number];

export interface TagExportInput {
  manifest: Manifest;
  codebook?: Codebook;
  /** In the order sessions are exported. */
  sessions: readonly CodedSession[];
  speakerOf: (code: string) => Speaker;
  /** Only these observers' tags. */
  observers?: readonly string[];
  /** Only tags with these codes or their sub-codes (full paths). */
  codes?: readonly string[];
  /** Only tags marked quote. */
  quotes?: boolean;
}

export function tagRows(input: TagExportInput): TagRow[] {
  const m = input.manifest;
  const codes = input.codebook ? codeIndex(input.codebook) : new Map();
  const sorted: { key: [number, number, string, number]; row: TagRow }[] = [];
  input.sessions.forEach((s, sessionPos) => {
    for (const t of s.tags) {
      if (input.observers && !input.observers.includes(t.observer)) continue;
      if (input.codes && !input.codes.some((c) => isWithin(t.tag.code, c))) continue;
      if (input.quotes && !t.tag.marks?.includes('quote')) continue;
      const row = rowOf(s, t, m, codes.get(t.tag.code)?.label, input.speakerOf);
      sorted.push({ key: [sessionPos, turnPosition(s, t), t.observer, t.index], row });
    }
  });
  sorted.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || compareCodes(a.key[2], b.key[2]) || a.key[3] - b.key[3]);
  return sorted.map((x) => x.row);
}

/** Where a tag sorts in its session: its first turn; an orphan by the turn it names, else last. */
function turnPosition(s: CodedSession, t: PlacedTag): number {
  if (t.place) return t.place.first;
  return s.ids.get(t.tag.turn) ?? Number.MAX_SAFE_INTEGER;
}

function rowOf(s: CodedSession, t: PlacedTag, m: Manifest, label: string | undefined, speakerOf: (c: string) => Speaker): TagRow {
  const covered = coveredTurns(t);
  const speakers = [...new Set(covered.map((u) => s.turns[u]!.speaker))];
  const categories = [
    ...new Set(
      speakers.flatMap((c) => {
        const sp = speakerOf(c);
        return sp.category ? [categoryLabel(m, sp.category)] : [];
      }),
    ),
  ];
  const first = t.place ? s.turns[t.place.first]!.id : t.tag.turn;
  const last = t.place ? (t.place.last > t.place.first ? s.turns[t.place.last]!.id : undefined) : t.tag.to;
  return {
    code: t.tag.code,
    code_label: label ?? codeLabel({ code: t.tag.code }),
    session: s.session.id,
    group: s.session.group,
    group_name: groupName(m, s.session.group),
    date: sessionDate(s.session) ?? null,
    turn: first,
    to: last ?? null,
    speaker: speakers,
    category: categories,
    observer: t.observer,
    marks: t.tag.marks ?? [],
    memo: t.tag.memo ?? null,
    // A run of turns: each turn's part on its own line. An orphan keeps the words it stored.
    words: t.place ? covered.map((u) => wordsInTurn(s, t, u)).join('\n') : (t.tag.words ?? ''),
    status: t.status,
  };
}

/** A row's cells for CSV and Excel, in the given columns: lists joined with `; `, nothing as ''. */
export function rowCells(row: TagRow, columns: readonly TagColumn[]): string[] {
  return columns.map((c) => {
    const v = row[c];
    if (Array.isArray(v)) return v.join('; ');
    return v ?? '';
  });
}

/** A row for JSON: the given columns in order, lists as arrays and nothing as null. */
export function rowObject(row: TagRow, columns: readonly TagColumn[]): Partial<TagRow> {
  return Object.fromEntries(columns.map((c) => [c, row[c]]));
}
