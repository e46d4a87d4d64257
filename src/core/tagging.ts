// Making tags from what an observer chose: a turn (or a run of turns), perhaps exact words,
// a code, marks and a memo. Pure; the command layer reads and writes the files.
import { UserError, type Pos } from '../errors.js';
import { anchorTurns, anchorWords, findInTurn } from './anchor.js';
import { oneLine } from './text.js';
import { resolveCode } from './codebook.js';
import { TAG_MARKS, type Codebook, type Tag, type TagMark, type Turn } from './model.js';

export interface TagRequest {
  turn: string;
  to?: string;
  code: string;
  words?: string;
  marks?: string[];
  memo?: string;
}

/** The index of turn `id`; an unknown id is refused, named by `flag` when it came from one. */
export function turnIndex(turns: readonly Turn[], id: string, flag?: string): number {
  const i = turns.findIndex((t) => t.id === id);
  if (i < 0) {
    const sample = turns.length ? ` (turns run ${turns[0]!.id} to ${turns[turns.length - 1]!.id})` : '';
    throw new UserError(`${flag ? `${flag}: ` : ''}no turn '${id}' in the transcript${sample}`, undefined, 'no-turn');
  }
  return i;
}

export function parseMarks(values: readonly string[]): TagMark[] {
  const out: TagMark[] = [];
  for (const v of values) {
    for (const m of v.split(/[\s,;|]+/).filter(Boolean)) {
      const mark = m.toLowerCase() as TagMark;
      if (!TAG_MARKS.includes(mark)) throw new UserError(`unknown mark '${m}': use ${TAG_MARKS.join(', ')}`, undefined, 'bad-mark');
      if (!out.includes(mark)) out.push(mark);
    }
  }
  return out;
}

export type TagField = 'turn' | 'to' | 'code' | 'words' | 'marks';

/**
 * A tag for the request, its code resolved in the codebook and its words found in the turn.
 * Problems name the flag at fault; a caller that read the request from elsewhere (a CSV row)
 * gives `where`, and each problem is placed at the field it concerns instead.
 */
export function makeTag(
  turns: readonly Turn[],
  cb: Codebook,
  req: TagRequest,
  where?: (field: TagField) => Partial<Pos> & { file?: string },
): Tag {
  const at = <T>(field: TagField, check: () => T): T => {
    try {
      return check();
    } catch (e) {
      if (!where || !(e instanceof UserError)) throw e;
      const p = e.problems[0]!;
      throw new UserError(p.message, where(field), p.code);
    }
  };
  const code = at('code', () => resolveCode(cb, req.code).code);
  const first = at('turn', () => turnIndex(turns, req.turn, where ? undefined : '--turn'));
  const last = req.to === undefined ? first : at('to', () => turnIndex(turns, req.to!, where ? undefined : '--to'));
  if (last < first) at('to', () => fail(`--to ${req.to} comes before --turn ${req.turn}`, 'bad-flag'));
  let anchor;
  if (req.words !== undefined && oneLine(req.words) !== '') {
    if (last !== first) at('words', () => fail('--words picks words inside one turn; leave out --to', 'bad-flag'));
    const hit = findInTurn(turns[first]!, req.words);
    if (!hit) at('words', () => fail(`the words '${oneLine(req.words!)}' are not in turn ${req.turn}`, 'no-words'));
    anchor = anchorWords(turns[first]!, hit!.from, hit!.to);
  } else {
    anchor = anchorTurns(turns, first, last);
  }
  const tag: Tag = { code, ...anchor };
  const marks = at('marks', () => parseMarks(req.marks ?? []));
  if (marks.length) tag.marks = marks;
  if (req.memo?.trim()) tag.memo = req.memo.trim();
  return tag;
}

function fail(message: string, code: string): never {
  throw new UserError(message, undefined, code);
}

/** Two tags mark the same passage with the same code. */
export function samePassage(a: Tag, b: Tag): boolean {
  return (
    a.code === b.code &&
    a.turn === b.turn &&
    a.to === b.to &&
    oneLine(a.words ?? '') === oneLine(b.words ?? '') &&
    (a.before ?? '') === (b.before ?? '') &&
    (a.after ?? '') === (b.after ?? '')
  );
}
