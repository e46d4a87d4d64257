// What both transcript forms share once read: ids for hand-added turns, duplicate ids, marks.
import type { Problem } from '../errors.js';
import { unclosedMark } from '../core/marks.js';
import type { Block, Transcript } from '../core/model.js';
import type { Pos } from '../store/yaml-doc.js';

export type Field = 'block' | 'speaker' | 'id' | 'time' | 'text' | 'question' | 'title';

/** A million hours: beyond it a time in milliseconds no longer comes back exact from HH:MM:SS.mmm (nor means anything). */
const MAX_TIME = 1_000_000 * 3_600_000;

/** A time read from either form, if it is one both forms can write back: undefined for 1e300, .inf, NaN. */
export function keptTime(ms: number | undefined): number | undefined {
  return ms !== undefined && Number.isFinite(ms) && ms <= MAX_TIME ? ms : undefined;
}

export interface TranscriptRead {
  file: string;
  transcript: Transcript;
  problems: Problem[];
  /** Where a block (or one of its fields) is in the file. */
  locate: (block: number, field?: Field) => Pos;
  /** Indices of turns that had no id in the file and were given one on reading. */
  unnumbered: number[];
  /** Where a character of a turn's text is in the file (exact where the form allows). */
  locateText: (block: number, offset: number) => Pos;
}

/** Draft turns may lack ids; this gives them the next free `t<n>` and reports duplicates. */
export function finishTranscript(
  file: string,
  title: string | undefined,
  source: string | undefined,
  drafts: (Block | (Omit<Extract<Block, { kind: 'turn' }>, 'id'> & { id?: string }))[],
  locate: TranscriptRead['locate'],
  problems: Problem[],
  locateText: TranscriptRead['locateText'] = (block) => locate(block, 'text'),
): TranscriptRead {
  const seen = new Map<string, number>();
  let max = 0;
  drafts.forEach((b, i) => {
    if (b.kind !== 'turn' || b.id === undefined) return;
    const n = /^t(\d+)$/.exec(b.id);
    if (n) max = Math.max(max, Number(n[1]));
    const first = seen.get(b.id);
    if (first !== undefined) {
      const at = locate(first, 'id');
      problems.push({
        severity: 'error',
        code: 'duplicate-turn-id',
        message: `duplicate turn id '${b.id}' (first used at line ${at.line})`,
        file,
        ...locate(i, 'id'),
      });
    } else seen.set(b.id, i);
  });
  const unnumbered: number[] = [];
  const blocks: Block[] = drafts.map((b, i) => {
    if (b.kind !== 'turn' || b.id !== undefined) return b as Block;
    unnumbered.push(i);
    return { ...b, id: `t${++max}` };
  });
  blocks.forEach((b, i) => {
    if (b.kind !== 'turn') return;
    // What `**P3**` cannot hold would be lost converting between the forms (`**P3::**` reads back as P3).
    if (/[*\r\n]|:$/.test(b.speaker)) {
      problems.push({
        severity: 'error',
        code: 'bad-speaker',
        message: "a speaker is a code like P3: '*', a line break or a ':' at the end cannot be part of one",
        file,
        ...locate(i, 'speaker'),
      });
    }
    const open = unclosedMark(b.text);
    if (open !== undefined) {
      problems.push({
        severity: 'warning',
        code: 'unclosed-mark',
        message: `'[' without ']' in turn ${b.id}`,
        file,
        ...locateText(i, open),
      });
    }
    if (b.start !== undefined && b.end !== undefined && b.end < b.start) {
      problems.push({ severity: 'error', code: 'time-order', message: `turn ${b.id} ends before it starts`, file, ...locate(i, 'time') });
    }
  });
  const transcript: Transcript = { blocks };
  if (title !== undefined) transcript.title = title;
  if (source !== undefined) transcript.source = source;
  return { file, transcript, problems, locate, unnumbered, locateText };
}
