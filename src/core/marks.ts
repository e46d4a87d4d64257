// The transcription-mark convention (docs/transcripts.md): square brackets inside a turn's text.
// The text itself is the stored form; this module reads the marks out of it for analysis.
import { parseTime } from './time.js';
import { countWords } from './text.js';

export type MarkKind = 'pause' | 'laughter' | 'overlap' | 'inaudible' | 'uncertain' | 'time' | 'nonverbal';

export interface Mark {
  kind: MarkKind;
  /** What followed the colon or the keyword: a length, whose laughter, the uncertain words. */
  detail?: string;
  /** Character offsets of the whole `[...]` in the text. */
  from: number;
  to: number;
}

export type Segment = { type: 'speech'; text: string; from: number; to: number } | ({ type: 'mark' } & Mark);

const KEYWORDS: Record<string, MarkKind> = {
  pause: 'pause',
  laughter: 'laughter',
  laughs: 'laughter',
  latter: 'laughter',
  ler: 'laughter',
  overlap: 'overlap',
  overlapp: 'overlap',
  crosstalk: 'overlap',
  inaudible: 'inaudible',
  uhørbart: 'inaudible',
  uhørlig: 'inaudible',
  uncertain: 'uncertain',
  usikkert: 'uncertain',
  usikker: 'uncertain',
};

function classify(inner: string): { kind: MarkKind; detail?: string } {
  const trimmed = inner.trim();
  if (parseTime(trimmed) !== undefined) return { kind: 'time', detail: trimmed };
  const m = /^([\p{L}]+)\s*(?::\s*|\s+)?(.*)$/su.exec(trimmed);
  const kind = m ? KEYWORDS[m[1]!.toLowerCase()] : undefined;
  if (m && kind) {
    const detail = m[2]!.trim();
    return detail ? { kind, detail } : { kind };
  }
  return { kind: 'nonverbal', detail: trimmed };
}

/** Splits a turn's text into speech and marks. An unclosed `[` is left as speech (see unclosedMark). */
export function segments(text: string): Segment[] {
  const out: Segment[] = [];
  const re = /\[([^\[\]\n]*)\]/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push({ type: 'speech', text: text.slice(last, m.index), from: last, to: m.index });
    out.push({ type: 'mark', ...classify(m[1]!), from: m.index, to: m.index + m[0].length });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ type: 'speech', text: text.slice(last), from: last, to: text.length });
  return out;
}

export function marks(text: string): Mark[] {
  return segments(text).filter((s): s is { type: 'mark' } & Mark => s.type === 'mark');
}

/** The offset of a `[` that is never closed on its line, if any. */
export function unclosedMark(text: string): number | undefined {
  let open: number | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[') {
      if (open !== undefined) return open;
      open = i;
    } else if (c === ']') open = undefined;
    else if (c === '\n' && open !== undefined) return open;
  }
  return open;
}

/** Words spoken: marks left out, except the words inside [uncertain: ...]. */
export function spokenWords(text: string): number {
  let n = 0;
  for (const s of segments(text)) {
    if (s.type === 'speech') n += countWords(s.text);
    else if (s.kind === 'uncertain' && s.detail) n += countWords(s.detail);
  }
  return n;
}
