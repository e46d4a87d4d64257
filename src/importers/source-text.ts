// A REFI-QDA source's plain text read into turns, keeping a map from every position in the text
// to a position in a turn, so other tools' selections land on the same words in fokus. Speaker
// turns are paragraphs that open with a label (`Name: ...`, `P3 [00:04:12]: ...`); `## ...` lines
// are headings. Positions count code points; a CR LF counts as one or two characters depending
// on the tool that wrote it, so both readings are offered.
import { normName } from '../core/text.js';
import { parseTime } from '../core/time.js';
import { LEAD_TIME, acceptedLabels, candidateLabel } from './labels.js';

export interface SourceTurn {
  kind: 'turn';
  /** The label as written, if the paragraph had one. */
  label?: string;
  start?: number;
  text: string;
  /** 1-based line of the turn in the source, for messages. */
  line: number;
}

export interface SourceHeading {
  kind: 'heading';
  title: string;
  line: number;
}

export type SourceBlock = SourceTurn | SourceHeading;

/** A selection placed on the turns: [from, to) from turn `first` to turn `last` (indexes among turns). */
export interface TurnSpan {
  first: number;
  from: number;
  last: number;
  to: number;
}

export interface SourceRead {
  blocks: SourceBlock[];
  turns: SourceTurn[];
  /** Whether the text has CR LF line ends (then positions may count them as one character or two). */
  crlf: boolean;
  /** Where a selection of code points [start, end) falls, or undefined when it covers no text of a turn. */
  span(start: number, end: number, crlfAsOne?: boolean): TurnSpan | undefined;
  /** How many of the selections start and end on a word boundary under each reading of CR LF. */
  fit(selections: readonly { start: number; end: number }[], crlfAsOne: boolean): number;
}

export interface SourceOptions {
  /** `codes`: labels are fokus codes (a fokus export); `names`: any label-like prefix the heuristics accept. */
  labels: 'codes' | 'names';
  knownLabels?: ReadonlySet<string>;
  /** With `codes`: the speakers there are; another word and colon opening a paragraph is talk. */
  codes?: ReadonlySet<string>;
}

// Hours as fokus writes them: two digits, or more past 99 hours.
const CODE_LABEL = /^([A-Za-z][A-Za-z0-9_-]{0,15}|\?)(?:[ \t]+\[(\d+:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)\])?:(?: |$)/;
const HEADING = /^[ \t]*#{1,6}[ \t]+(\S.*?)[ \t]*$/;
const BREAK = /\r\n|[\n\r\u2028\u2029\u0085\v\f]/g;
const TRAILING = /[ \t\u00a0]+$/u;

interface Line {
  start: number;
  end: number;
  no: number;
}

export function readSourceText(text: string, opts: SourceOptions): SourceRead {
  const lines: Line[] = [];
  let at = 0;
  let no = 1;
  for (const m of text.matchAll(BREAK)) {
    lines.push({ start: at, end: m.index, no: no++ });
    at = m.index + m[0].length;
  }
  lines.push({ start: at, end: text.length, no });
  const lineText = (l: Line) => text.slice(l.start, l.end);
  const blank = (l: Line) => /^[ \t\u00a0]*$/u.test(lineText(l));

  // Paragraphs: runs of non-blank lines.
  const paras: Line[][] = [];
  let cur: Line[] = [];
  for (const l of lines) {
    if (blank(l)) {
      if (cur.length) paras.push(cur);
      cur = [];
    } else cur.push(l);
  }
  if (cur.length) paras.push(cur);

  // Which paragraph openings are speaker labels.
  interface Opening {
    label?: string;
    time?: number;
    /** Where the talk starts on the first line. */
    content: number;
    heading?: string;
  }
  const raw: Opening[] = paras.map((p) => {
    const first = p[0]!;
    const line = lineText(first);
    const h = p.length === 1 ? HEADING.exec(line) : null;
    if (h) return { content: first.start, heading: h[1]! };
    if (opts.labels === 'codes') {
      const m = CODE_LABEL.exec(line);
      if (!m || (opts.codes && !opts.codes.has(m[1]!))) return { content: first.start };
      const o: Opening = { label: m[1]!, content: first.start + m[0].length };
      if (m[2] !== undefined) o.time = parseTime(m[2])!;
      return o;
    }
    const lead = LEAD_TIME.exec(line);
    const body = lead ? line.slice(lead[0].length) : line;
    const c = candidateLabel(body);
    if (!c) return { content: first.start };
    const o: Opening = { label: c.label, content: first.start + (line.length - c.rest.length) };
    const time = c.time ?? (lead ? parseTime(lead[1]!) : undefined);
    if (time !== undefined) o.time = time;
    return o;
  });
  if (opts.labels === 'names') {
    const accepted = acceptedLabels(
      raw.flatMap((o) => (o.label === undefined ? [] : [o.label])),
      opts.knownLabels,
    );
    raw.forEach((o, i) => {
      if (o.label !== undefined && !accepted.has(normName(o.label))) {
        delete o.label;
        delete o.time;
        o.content = paras[i]![0]!.start;
      }
    });
  }
  const labelled = raw.some((o) => o.label !== undefined);

  // Turns, with each kept source character's place in the turns' joined text.
  const blocks: SourceBlock[] = [];
  const turns: SourceTurn[] = [];
  const base: number[] = [];
  let total = 0;
  const keptStart = new Int32Array(text.length + 1).fill(-1);
  const keptEnd = new Int32Array(text.length + 1).fill(-1);
  let open: { turn: SourceTurn; parts: string[]; size: number } | undefined;
  const close = () => {
    if (!open) return;
    open.turn.text = open.parts.join('');
    total += open.turn.text.length;
    open = undefined;
  };
  const append = (from: number, to: number) => {
    // Code-point runs with their combining marks are normalised as units, so positions survive NFC.
    // Hangul vowel and final jamo compose like marks though they are letters: ᄀ + ᅡ is 가.
    const chunk = text.slice(from, to);
    for (const m of chunk.matchAll(/\P{M}[\p{M}\u1161-\u1175\u11a8-\u11c2]*|[\p{M}\u1161-\u1175\u11a8-\u11c2]+/gsu)) {
      const out = m[0].normalize('NFC');
      const s = from + m.index;
      const p = total + open!.size;
      for (let k = 0; k < m[0].length; k++) {
        keptStart[s + k] = p;
        keptEnd[s + k] = p + out.length;
      }
      open!.parts.push(out);
      open!.size += out.length;
    }
  };
  const sep = (s: string) => {
    open!.parts.push(s);
    open!.size += s.length;
  };

  paras.forEach((p, i) => {
    const o = raw[i]!;
    if (o.heading !== undefined) {
      close();
      blocks.push({ kind: 'heading', title: o.heading, line: p[0]!.no });
      return;
    }
    const continues = o.label === undefined && labelled && open !== undefined;
    if (!continues) {
      close();
      const turn: SourceTurn = { kind: 'turn', text: '', line: p[0]!.no };
      if (o.label !== undefined) turn.label = o.label;
      if (o.time !== undefined) turn.start = o.time;
      blocks.push(turn);
      turns.push(turn);
      base.push(total);
      open = { turn, parts: [], size: 0 };
    } else {
      // As many line breaks as the text has between the paragraphs: a turn's blank lines come back.
      sep('\n'.repeat(p[0]!.no - paras[i - 1]!.at(-1)!.no));
    }
    p.forEach((l, k) => {
      let from = k === 0 ? o.content : l.start;
      const body = text.slice(from, l.end);
      const end = l.end - (TRAILING.exec(body)?.[0].length ?? 0);
      // The first line of a turn starts at its first word.
      if (!continues && k === 0) while (from < end && /[ \t\u00a0]/u.test(text[from]!)) from++;
      if (k > 0) sep('\n');
      append(from, end);
    });
  });
  close();

  // A selection's start moves forward to the next kept character, its end back to the last.
  const startAt = new Int32Array(text.length + 1);
  const endAt = new Int32Array(text.length + 1);
  let next = total;
  for (let i = text.length; i >= 0; i--) {
    if (keptStart[i]! >= 0) next = keptStart[i]!;
    startAt[i] = next;
  }
  let prev = 0;
  for (let i = 0; i <= text.length; i++) {
    endAt[i] = prev;
    if (keptEnd[i]! >= 0) prev = keptEnd[i]!;
  }
  const turnOf = (pos: number): number => {
    let lo = 0;
    let hi = base.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (base[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  const indexes = new Map<boolean, Int32Array | null>();
  /** UTF-16 index of each REFI position (null when they are the same). */
  const indexOf = (crlfAsOne: boolean): Int32Array | null => {
    if (indexes.has(crlfAsOne)) return indexes.get(crlfAsOne)!;
    const astral = /[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(text);
    const crlf = crlfAsOne && text.includes('\r\n');
    let map: Int32Array | null = null;
    if (astral || crlf) {
      const out: number[] = [];
      for (let i = 0; i < text.length; i++) {
        out.push(i);
        const c = text.charCodeAt(i);
        if (
          (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) ||
          (crlf && c === 13 && text.charCodeAt(i + 1) === 10)
        )
          i++;
      }
      out.push(text.length);
      map = Int32Array.from(out);
    }
    indexes.set(crlfAsOne, map);
    return map;
  };
  const toIndex = (pos: number, crlfAsOne: boolean): number => {
    const map = indexOf(crlfAsOne);
    const n = map ? map.length - 1 : text.length;
    const k = Math.max(0, Math.min(pos, n));
    return map ? map[k]! : k;
  };
  const isBoundary = (i: number) => i <= 0 || i >= text.length || !/[\p{L}\p{N}]/u.test(text[i - 1]!) || !/[\p{L}\p{N}]/u.test(text[i]!);

  return {
    blocks,
    turns,
    crlf: text.includes('\r\n'),
    span(start, end, crlfAsOne = false) {
      if (!turns.length) return undefined;
      const s = startAt[toIndex(start, crlfAsOne)]!;
      const e = endAt[toIndex(end, crlfAsOne)]!;
      if (e <= s) return undefined;
      const first = turnOf(s);
      const last = turnOf(e - 1);
      return { first, from: s - base[first]!, last, to: e - base[last]! };
    },
    fit(selections, crlfAsOne) {
      let n = 0;
      for (const sel of selections) {
        if (isBoundary(toIndex(sel.start, crlfAsOne))) n++;
        if (isBoundary(toIndex(sel.end, crlfAsOne))) n++;
      }
      return n;
    },
  };
}
