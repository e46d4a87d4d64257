// Telling a speaker label ("Kari Nordmann: ...", "[P3] ...") from ordinary speech that happens to
// contain a colon ("Det jeg vil si er: ..."). Names are capitalised, codes have digits, and a
// label that recurs through a file is a label.
import { normName } from '../core/text.js';
import { parseTime } from '../core/time.js';

const PARTICLES = new Set(['van', 'von', 'de', 'der', 'den', 'la', 'le', 'da', 'di', 'du', 'af', 'av', 'til', 'og']);
// A whole word: `\b` would end `Ler` before the `å` of `Lerå`, a name.
const MARK_WORDS =
  /^(pause|latter|laughter|laughs|ler|overlapp?|crosstalk|inaudible|uhørbart|uhørlig|uncertain|usikkert?|music|musikk|applause|applaus|silence|stillhet)(?![\p{L}\p{N}_])/iu;

/** A time before a label: `00:01:02 Kari: ...`, `[00:01:02] Kari: ...`. */
export const LEAD_TIME = /^[ \t]*[[(]?(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)[\])]?[ \t]+/;
/** A name on a line of its own with a time after it, as some services write: `Kari Nordmann  00:01:02`. */
export const NAME_LINE = /^[ \t]*([^\d:\n][^:\n]{0,58}?)[ \t]+[[(]?(\d{1,2}:\d{2}(?::\d{2})?)[\])]?[ \t]*$/;

export interface LabelSplit {
  label: string;
  rest: string;
  time?: number;
}

/** A label-shaped prefix: a few words ending in a colon, or a bracketed name at the start. */
export function candidateLabel(line: string): LabelSplit | undefined {
  // "Kari Nordmann:", or with a time before the colon: "Kari Nordmann (00:01:02):"
  const colon = /^[ \t]*([^:\n[\]]{1,60}?)(?:[ \t]*[[(](\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)[\])])?[ \t]*:(?:[ \t]+|$)/.exec(line);
  const bracket = /^[ \t]*\[([^\]\n]{1,60})\][ \t]*:?[ \t]*/.exec(line);
  const m = colon ?? bracket;
  if (!m) return undefined;
  const label = m[1]!.trim();
  const time = colon?.[2] !== undefined ? parseTime(colon[2]) : undefined;
  if (!label || parseTime(label) !== undefined || MARK_WORDS.test(label)) return undefined;
  const words = label.split(/\s+/);
  if (words.length > 5) return undefined;
  if (/[?!;]/.test(label) || /\.\s+\p{Ll}/u.test(label)) return undefined;
  const out: LabelSplit = { label, rest: line.slice(m[0].length) };
  if (time !== undefined) out.time = time;
  return out;
}

/** Whether a candidate looks like a name or code on its own (capitalised words, codes, particles). */
export function looksLikeName(label: string): boolean {
  const words = label.split(/\s+/);
  if (words.length > 5) return false;
  return words.every(
    (w, i) =>
      /^\p{Lu}[\p{L}'’.-]*,?$/u.test(w) ||
      /^[\p{L}_]*\p{N}[\p{L}\p{N}_]*$/u.test(w) ||
      /^\(.*\)$/.test(w) ||
      w === '?' ||
      (i > 0 && PARTICLES.has(w)),
  );
}

/**
 * The labels to trust in a file: name-like ones, e-mail addresses, known ones, and any that recur.
 * With `all` (a file where most cues are labelled, as Zoom writes them) every candidate is a label,
 * so an odd one is asked about rather than left in the talk.
 */
export function acceptedLabels(candidates: readonly string[], known: ReadonlySet<string> = new Set(), all = false): Set<string> {
  const counts = new Map<string, number>();
  for (const c of candidates) counts.set(normName(c), (counts.get(normName(c)) ?? 0) + 1);
  const out = new Set<string>();
  for (const c of candidates) {
    const n = normName(c);
    if (all || looksLikeName(c) || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c) || known.has(n) || (counts.get(n) ?? 0) >= 2) out.add(n);
  }
  return out;
}
