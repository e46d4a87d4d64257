// Where a tag sits in a transcript, found again after the transcript has been corrected.
// Tags hold the quoted words and a little context, not character offsets, so they survive
// edits: turn ids are only a hint. The turns' text is read as one stream with white space
// squashed, so words still match when a turn is split in two or re-wrapped.
import type { Tag, Turn } from './model.js';
import { oneLine } from './text.js';

/** A span of the transcript: from `from` in turn `first` to `to` (exclusive) in turn `last`. */
export interface Place {
  first: number;
  last: number;
  from: number;
  to: number;
  /** Covers its turns from start to end. */
  whole: boolean;
}

/**
 * `exact`: where the tag says; `moved`: the same words found elsewhere (turn ids changed, words
 * moved); `edited`: the words were corrected and the closest passage was taken; `orphaned`: gone.
 */
export type AnchorStatus = 'exact' | 'moved' | 'edited' | 'orphaned';

export interface Placement {
  status: AnchorStatus;
  place?: Place;
}

/** Context kept on each side of tagged words. */
const CONTEXT = 40;

/** White space runs as one space; with `trim`, none at the ends (oneLine). */
function squash(s: string, trim = true): string {
  return trim ? oneLine(s) : s.normalize('NFC').replace(/\s+/gu, ' ');
}

/** Each turn id's index: the first turn with it. */
export function firstIndexById(turns: readonly Turn[]): Map<string, number> {
  const ids = new Map<string, number>();
  turns.forEach((t, i) => {
    if (!ids.has(t.id)) ids.set(t.id, i);
  });
  return ids;
}

export class TurnStream {
  readonly turns: readonly Turn[];
  readonly text: string;
  /** The stream lower-cased, when that keeps every offset (it does for Norwegian). */
  readonly lower: string | undefined;
  readonly ids: Map<string, number>;
  private readonly turnOf: Int32Array;
  private readonly offOf: Int32Array;
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(turns: readonly Turn[]) {
    this.turns = turns;
    this.ids = firstIndexById(turns);
    let size = 0;
    for (const t of turns) size += t.text.length + 1;
    const turnOf = new Int32Array(size + 1);
    const offOf = new Int32Array(size + 1);
    const parts: string[] = [];
    let n = 0;
    turns.forEach((t, i) => {
      if (i > 0) {
        // The gap between two turns reads as a space that belongs to the end of the earlier one.
        turnOf[n] = i - 1;
        offOf[n] = turns[i - 1]!.text.length;
        parts.push(' ');
        n++;
      }
      this.starts.push(n);
      const text = t.text.normalize('NFC');
      let inSpace = false;
      for (let k = 0; k < text.length; k++) {
        const c = text[k]!;
        const code = c.charCodeAt(0);
        // Most characters are not white space: test the cheap cases before the Unicode class.
        const space = code === 32 || (code >= 9 && code <= 13) || (code > 127 && /\s/u.test(c));
        if (space && (inSpace || k === 0)) continue;
        inSpace = space;
        turnOf[n] = i;
        offOf[n] = k;
        parts.push(space ? ' ' : c);
        n++;
      }
      if (inSpace) {
        parts.pop();
        n--;
      }
      this.ends.push(n);
    });
    turnOf[n] = Math.max(0, turns.length - 1);
    offOf[n] = turns.length ? turns[turns.length - 1]!.text.length : 0;
    this.text = parts.join('');
    this.turnOf = turnOf;
    this.offOf = offOf;
    const lower = this.text.toLowerCase();
    this.lower = lower.length === this.text.length ? lower : undefined;
  }

  /** The place covering stream positions [s, e). */
  placeOf(s: number, e: number): Place {
    const first = this.turnOf[s]!;
    const last = this.turnOf[e - 1]!;
    return {
      first,
      last,
      from: this.offOf[s]!,
      to: this.offOf[e - 1]! + 1,
      whole: s === this.starts[first] && e === this.ends[last],
    };
  }

  wholePlace(first: number, last: number): Place {
    return { first, last, from: 0, to: this.turns[last]!.text.length, whole: true };
  }

  /** Stream positions of each occurrence of `w` (exact first, then ignoring case). */
  find(w: string, within?: { first: number; last: number }): number[] {
    const lo = within ? this.starts[within.first]! : 0;
    const hi = within ? this.ends[within.last]! : this.text.length;
    for (const [hay, needle] of [
      [this.text, w],
      [this.lower, w.toLowerCase()],
    ] as const) {
      if (hay === undefined || needle.length !== w.length) continue;
      const out: number[] = [];
      for (let i = hay.indexOf(needle, lo); i >= 0 && i + needle.length <= hi; i = hay.indexOf(needle, i + 1)) out.push(i);
      if (out.length) return out;
    }
    return [];
  }

  /**
   * How many characters of context agree on each side of [s, e), within the turns the span is
   * in (context was taken from one turn). Missing context (`undefined`) agrees with a turn edge.
   */
  contextScore(s: number, e: number, before: string | undefined, after: string | undefined): number {
    const lo = this.starts[this.turnOf[s]!]!;
    const hi = this.ends[this.turnOf[e - 1]!]!;
    let n = 0;
    if (before === undefined) n += s === lo ? 1 : 0;
    else for (let i = 1; i <= before.length && s - i >= lo && this.text[s - i] === before[before.length - i]; i++) n++;
    if (after === undefined) n += e === hi ? 1 : 0;
    else for (let i = 0; i < after.length && e + i < hi && this.text[e + i] === after[i]; i++) n++;
    return n;
  }
}

/** Finds each tag in the transcript (see AnchorStatus). */
export function placeTags(turns: readonly Turn[] | TurnStream, tags: readonly Tag[]): Placement[] {
  const stream = turns instanceof TurnStream ? turns : new TurnStream(turns);
  return tags.map((t) => placeTag(stream, t));
}

export function placeTag(stream: TurnStream, tag: Tag): Placement {
  const whole = tag.before === undefined && tag.after === undefined;
  const hint = stream.ids.get(tag.turn);
  const hintLast = tag.to === undefined ? hint : stream.ids.get(tag.to);
  const hinted = hint !== undefined && hintLast !== undefined && hintLast >= hint;
  const words = tag.words === undefined ? '' : squash(tag.words);
  if (!words) return hinted ? { status: 'exact', place: stream.wholePlace(hint, hintLast) } : { status: 'orphaned' };

  const hits = stream.find(words);
  if (hits.length) {
    const before = tag.before === undefined ? undefined : squash(tag.before, false);
    const after = tag.after === undefined ? undefined : squash(tag.after, false);
    let best: { place: Place; score: number; distance: number } | undefined;
    for (const s of hits) {
      const place = stream.placeOf(s, s + words.length);
      const inHint = hinted && place.first === hint && place.last === hintLast;
      const score = stream.contextScore(s, s + words.length, before, after) + (inHint ? 3 : 0) + (whole && place.whole ? 5 : 0);
      const distance = hint === undefined ? 0 : Math.abs(place.first - hint);
      if (!best || score > best.score || (score === best.score && distance < best.distance)) best = { place, score, distance };
    }
    const place = best!.place;
    const same = hinted && place.first === hint && place.last === hintLast && (!whole || place.whole);
    return { status: same ? 'exact' : 'moved', place };
  }
  const fuzzy = whole ? fuzzyWhole(stream, words, hinted ? [hint, hintLast] : undefined) : fuzzyWords(stream, words, hint);
  return fuzzy ? { status: 'edited', place: fuzzy } : { status: 'orphaned' };
}

// --- corrected words ------------------------------------------------------------------------------

interface Token {
  word: string;
  from: number;
  to: number;
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) out.push({ word: m[0].toLowerCase(), from: m.index, to: m.index + m[0].length });
  return out;
}

/** Dice coefficient over words (as multisets): 1 for the same words, 0 for none shared. */
function similarity(a: readonly string[], b: readonly string[]): number {
  if (!a.length || !b.length) return 0;
  const counts = new Map<string, number>();
  for (const w of a) counts.set(w, (counts.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of b) {
    const c = counts.get(w) ?? 0;
    if (c > 0) {
      common++;
      counts.set(w, c - 1);
    }
  }
  return (2 * common) / (a.length + b.length);
}

/** A whole-turn tag whose turn was corrected: its own turn if still alike, else the most alike turn. */
function fuzzyWhole(stream: TurnStream, words: string, hint: [number, number] | undefined): Place | undefined {
  const want = tokens(words).map((t) => t.word);
  const textOf = (a: number, b: number) =>
    stream.turns
      .slice(a, b + 1)
      .map((t) => t.text)
      .join(' ');
  if (
    hint &&
    similarity(
      want,
      tokens(textOf(hint[0], hint[1])).map((t) => t.word),
    ) >= 0.5
  )
    return stream.wholePlace(hint[0], hint[1]);
  let best: { i: number; sim: number } | undefined;
  stream.turns.forEach((t, i) => {
    const sim = similarity(
      want,
      tokens(t.text).map((x) => x.word),
    );
    if (sim >= 0.7 && (!best || sim > best.sim)) best = { i, sim };
  });
  return best ? stream.wholePlace(best.i, best.i) : undefined;
}

/** Tagged words that were corrected: the most alike run of words, in the tag's own turn first. */
function fuzzyWords(stream: TurnStream, words: string, hint: number | undefined): Place | undefined {
  const want = tokens(words).map((t) => t.word);
  if (want.length < 2) return undefined; // one changed word leaves nothing to recognise
  const search = (i: number) => {
    const toks = tokens(stream.turns[i]!.text);
    let best: { from: number; to: number; sim: number } | undefined;
    for (let size = Math.max(1, want.length - 1); size <= want.length + 1; size++) {
      for (let k = 0; k + size <= toks.length; k++) {
        const sim = similarity(
          want,
          toks.slice(k, k + size).map((t) => t.word),
        );
        if (!best || sim > best.sim) best = { from: toks[k]!.from, to: toks[k + size - 1]!.to, sim };
      }
    }
    return best;
  };
  if (hint !== undefined) {
    const b = search(hint);
    if (b && b.sim >= 0.7) return placeIn(stream, hint, b.from, b.to);
  }
  let best: { i: number; from: number; to: number; sim: number } | undefined;
  for (let i = 0; i < stream.turns.length; i++) {
    const b = search(i);
    if (b && b.sim >= 0.75 && (!best || b.sim > best.sim)) best = { i, ...b };
  }
  return best ? placeIn(stream, best.i, best.from, best.to) : undefined;
}

function placeIn(stream: TurnStream, i: number, from: number, to: number): Place {
  const len = stream.turns[i]!.text.length;
  return { first: i, last: i, from, to, whole: from === 0 && to === len };
}

// --- making tags ---------------------------------------------------------------------------------

export type Anchor = Pick<Tag, 'turn' | 'to' | 'words' | 'before' | 'after'>;

/** The anchor for whole turns first..last. */
export function anchorTurns(turns: readonly Turn[], first: number, last = first): Anchor {
  const a: Anchor = {
    turn: turns[first]!.id,
    words: turns
      .slice(first, last + 1)
      .map((t) => t.text)
      .join('\n'),
  };
  if (last > first) a.to = turns[last]!.id;
  return a;
}

/** The anchor for [from, to) of one turn's text, with context to tell repeated words apart. */
export function anchorWords(turn: Turn, from: number, to: number): Anchor {
  const text = turn.text;
  while (from < to && /\s/u.test(text[from]!)) from++;
  while (to > from && /\s/u.test(text[to - 1]!)) to--;
  if (from === 0 && to === text.length) return { turn: turn.id, words: text };
  const a: Anchor = { turn: turn.id, words: text.slice(from, to) };
  if (from > 0) a.before = cutBefore(text.slice(Math.max(0, from - CONTEXT), from), from > CONTEXT);
  if (to < text.length) a.after = cutAfter(text.slice(to, to + CONTEXT), to + CONTEXT < text.length);
  return a;
}

/**
 * The anchor for a span that may cross turns: from `from` in turn `first` to `to` in turn `last`
 * (a selection made in another tool). Whole turns get a whole-turn anchor; otherwise the words,
 * with context from the turns at each end.
 */
export function anchorSpan(turns: readonly Turn[], first: number, from: number, last: number, to: number): Anchor {
  if (first === last) return anchorWords(turns[first]!, from, to);
  const a = turns[first]!.text;
  const b = turns[last]!.text;
  while (from < a.length && /\s/u.test(a[from]!)) from++;
  while (to > 0 && /\s/u.test(b[to - 1]!)) to--;
  if (from >= a.length) return anchorSpan(turns, first + 1, 0, last, to);
  if (to <= 0) return anchorSpan(turns, first, from, last - 1, turns[last - 1]!.text.length);
  if (from === 0 && to === b.length) return anchorTurns(turns, first, last);
  const words = [a.slice(from), ...turns.slice(first + 1, last).map((t) => t.text), b.slice(0, to)].join('\n');
  const out: Anchor = { turn: turns[first]!.id, to: turns[last]!.id, words };
  // At least one end is inside a turn, so at least one side has context: the tag reads as words.
  if (from > 0) out.before = cutBefore(a.slice(Math.max(0, from - CONTEXT), from), from > CONTEXT);
  if (to < b.length) out.after = cutAfter(b.slice(to, to + CONTEXT), to + CONTEXT < b.length);
  return out;
}

// Context starts and ends on word boundaries, so it reads as words in the file.
function cutBefore(s: string, clipped: boolean): string {
  if (!clipped) return s;
  const i = s.search(/\s/u);
  return i >= 0 && i < s.length - 1 ? s.slice(i + 1) : s;
}

function cutAfter(s: string, clipped: boolean): string {
  if (!clipped) return s;
  const i = s.search(/\s\S*$/u);
  return i > 0 ? s.slice(0, i) : s;
}

/** Finds words a person typed in a turn (white space and, failing that, case ignored). */
export function findInTurn(turn: Turn, typed: string): { from: number; to: number } | undefined {
  const stream = new TurnStream([turn]);
  const w = squash(typed);
  if (!w) return undefined;
  const hit = stream.find(w)[0];
  if (hit === undefined) return undefined;
  const p = stream.placeOf(hit, hit + w.length);
  return { from: p.from, to: p.to };
}
