// Subtitle files (WebVTT, SRT) are blocks separated by blank lines, each with a timing line
// `start --> end`. This splits them and reads the timing, reporting bad times by position.
import { normName } from '../core/text.js';
import { UserError } from '../errors.js';
import { acceptedLabels, candidateLabel } from './labels.js';
import type { ImportOptions, Utterance } from './types.js';

export interface Block {
  /** 1-based line of the block's first line. */
  line: number;
  lines: string[];
}

const TIMING_LINE = /^\s*(?:\d{1,3}:)?\d{2}:\d{2}[.,]\d{3}\s*-->\s*(?:\d{1,3}:)?\d{2}:\d{2}[.,]\d{3}/;
const CUE_ID = /^\s*(?:\d+|[\w-]+\/\d+-\d+|[0-9a-f-]{20,}\S*)\s*$/i;

/**
 * Blocks separated by blank lines; a timing line inside a block also starts a new cue (some tools
 * leave the blank lines out), taking the line before it along when that looks like a cue id.
 */
export function splitBlocks(text: string, firstLine = 1): Block[] {
  return loosely(text, firstLine).flatMap((b) => {
    const cuts: number[] = [];
    b.lines.forEach((l, k) => {
      if (k > 1 && TIMING_LINE.test(l)) cuts.push(CUE_ID.test(b.lines[k - 1]!) ? k - 1 : k);
    });
    if (!cuts.length) return [b];
    return [0, ...cuts].map((from, n) => ({ line: b.line + from, lines: b.lines.slice(from, cuts[n] ?? b.lines.length) }));
  });
}

function loosely(text: string, firstLine: number): Block[] {
  const out: Block[] = [];
  const lines = text.split('\n');
  let cur: Block | undefined;
  lines.forEach((l, i) => {
    if (l.trim() === '') {
      cur = undefined;
      return;
    }
    if (!cur) {
      cur = { line: i + firstLine, lines: [] };
      out.push(cur);
    }
    cur.lines.push(l);
  });
  return out;
}

export interface Timing {
  start: number;
  end: number;
}

/**
 * Parses `start --> end [settings]`. `sep` is the millisecond separator the format uses
 * (`.` for WebVTT, `,` for SRT); the other is accepted too, since tools mix them up.
 */
export function parseTiming(file: string, line: string, lineNo: number, format: string): Timing {
  const arrow = line.indexOf('-->');
  const parts = [line.slice(0, arrow), line.slice(arrow + 3)];
  const times: number[] = [];
  let endCol = 1;
  for (const [k, raw] of parts.entries()) {
    const lead = raw.length - raw.trimStart().length;
    const token = raw.trim().split(/[ \t]+/)[0] ?? '';
    const at = (k === 0 ? 0 : arrow + 3) + lead + 1;
    const t = strictTime(token);
    if (t === undefined) {
      throw new UserError(
        `malformed ${format} timestamp '${token || '(missing)'}': expected hours:minutes:seconds${format === 'SRT' ? ',' : '.'}milliseconds like 00:01:23${format === 'SRT' ? ',' : '.'}450`,
        { file, line: lineNo, col: at },
        'bad-timestamp',
      );
    }
    times.push(t);
    endCol = at;
  }
  const [start, end] = times as [number, number];
  if (end < start) throw new UserError('cue ends before it starts', { file, line: lineNo, col: endCol }, 'bad-timestamp');
  return { start, end };
}

function strictTime(s: string): number | undefined {
  const m = /^(?:(\d{1,3}):)?([0-5]\d):([0-5]\d)[.,](\d{3})$/.exec(s);
  if (!m) return undefined;
  return ((Number(m[1] ?? 0) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(m[4]);
}

/** Removes formatting tags (`<i>`, `<c.x>`, `<00:00:01.000>`, `{\an8}`) and decodes entities. */
export function plainCueText(s: string): string {
  return decodeEntities(s.replace(/<\/?[a-zA-Z][^>]*>|<\d[\d:.]*>|\{\\[^}]*\}/g, ''));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', nbsp: ' ', quot: '"', apos: "'", lrm: '', rlm: '' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/**
 * Zoom and many SRT files put `Name: text` at the start of a cue. Finds the labels worth
 * trusting across the whole file and splits them off.
 */
export function applyLabels(utts: Utterance[], opts: ImportOptions): Utterance[] {
  const splits = utts.map((u) => (u.speaker === undefined ? candidateLabel(u.text) : undefined));
  const labelled = splits.filter((s) => s !== undefined).length;
  const accepted = acceptedLabels(
    splits.flatMap((s) => (s ? [s.label] : [])),
    opts.knownLabels,
    labelled >= utts.length / 2,
  );
  return utts.map((u, i) => {
    const s = splits[i];
    if (!s || !accepted.has(normName(s.label))) return u;
    return { ...u, speaker: s.label, text: s.rest.trim() };
  });
}
