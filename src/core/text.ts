// Text rules shared by every reader and writer: one normal form for a turn's text, and word
// boundaries that know æ, ø and å are letters.

/** Every way tools write a line break (Word's Shift+Enter can arrive as U+2028 or a vertical tab). */
export const LINE_BREAK = /\r\n?|[\u2028\u2029\u0085\v\f]/g;

/** Lines joined by `\n`, each without trailing blanks; no blank lines at either end; NFC. */
export function normalizeText(s: string): string {
  const lines = s
    .normalize('NFC')
    .replace(LINE_BREAK, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+$/u, ''));
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a] === '') a++;
  while (b > a && lines[b - 1] === '') b--;
  const out = lines.slice(a, b);
  if (out.length) out[0] = out[0]!.replace(/^[ \t\u00a0]+/u, '');
  return out.join('\n');
}

/** Names and labels compare without case, extra spaces or Unicode composition differences. */
export function normName(s: string): string {
  return s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Collapses all white space to single spaces (for single-line fields such as headings). */
export function oneLine(s: string): string {
  return s.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `source` matched only as whole words: no letter or digit may touch either end (\b does not know æøå). */
export function wordBounded(source: string): string {
  return `(?<![\\p{L}\\p{N}_])${source}(?![\\p{L}\\p{N}_])`;
}

/** A pattern for `words` as whole words, any white space between them. */
export function wholeWords(words: string): string {
  return wordBounded(escapeRegExp(words).replace(/\s+/g, '\\s+'));
}

/** Text for a one-line message: white space collapsed, cut to `max` characters. */
export function clip(s: string, max: number): string {
  const one = oneLine(s);
  return one.length > max ? `${one.slice(0, max - 3)}...` : one;
}

/** Counts words: runs of letters or digits, inner apostrophes and hyphens included. */
export function countWords(s: string): number {
  return s.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}
