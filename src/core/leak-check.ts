// The leak check: every name and alias in the key, and every listed identifier, searched for in
// the text of each file. A hit is reported by position and by whose name it is, never by the
// name, so the report itself can be shown, logged or pasted into an issue.
import type { Problem } from '../errors.js';
import { UNKNOWN_SPEAKER, type Key } from './model.js';
import { describeLeak, findLeaks, nameFinder, type Leak } from './pseudonymise.js';

export interface CheckedText {
  file: string;
  text: string;
  /** Codes whose names may appear in this file (researchers named in fokus.yaml's team). */
  allowed?: ReadonlySet<string>;
}

/** A name or identifier found in a text: whose it is (never the name) and where. */
export interface LeakHit {
  leak: Leak;
  /** `P3's name (from key.yaml)`. */
  what: string;
  file: string;
  line: number;
  col: number;
}

export function leakHits(texts: readonly CheckedText[], key: Key, unknownAs = '[name]'): LeakHit[] {
  const finder = nameFinder(key, unknownAs);
  const out: LeakHit[] = [];
  for (const t of texts) {
    const starts = lineStarts(t.text);
    for (const leak of findLeaks(t.text, finder, key.identifiers)) {
      if (leak.kind === 'name' && t.allowed?.has(leak.codes[0]!)) continue;
      out.push({ leak, what: describeLeak(leak), file: t.file, ...position(starts, leak.index) });
    }
  }
  return out;
}

export function leakProblems(texts: readonly CheckedText[], key: Key, unknownAs = '[name]'): Problem[] {
  return leakHits(texts, key, unknownAs).map((h) => ({ ...classify(h.leak, h.what, unknownAs), file: h.file, line: h.line, col: h.col }));
}

/** How serious a found name is, and what to write instead. */
function classify(leak: Leak, what: string, unknownAs: string): Pick<Problem, 'severity' | 'code' | 'message'> {
  switch (leak.kind) {
    case 'identifier':
      return { severity: 'warning', code: 'identifier', message: `${what} appears here` };
    case 'surname':
      // Surnames are often ordinary words (Vik, Strand): a person decides.
      return { severity: 'warning', code: 'name-leak', message: `${what} may appear here; replace it if it is the name` };
    case 'shared-name':
      return { severity: 'error', code: 'name-leak', message: `${what} appears here; replace it with the right code` };
    default:
      return {
        severity: 'error',
        code: 'name-leak',
        message: `${what} appears here; replace it with ${leak.codes[0] === UNKNOWN_SPEAKER ? unknownAs : `the code ${leak.codes[0]}`}`,
      };
  }
}

/** File and folder names that hold a name (checked like text, path separators read as spaces). */
export function pathLeakProblems(paths: readonly { path: string; shown: string }[], key: Key, unknownAs = '[name]'): Problem[] {
  const finder = nameFinder(key, unknownAs);
  const out: Problem[] = [];
  for (const p of paths) {
    const spaced = p.shown.replace(/[_./\\-]+/g, ' ');
    const leak = findLeaks(spaced, finder, key.identifiers).find((l) => l.kind !== 'identifier');
    if (leak)
      out.push({
        severity: 'error',
        code: 'name-leak',
        message: `this file or folder name holds ${describeLeak(leak)}; rename it`,
        file: p.path,
      });
  }
  return out;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function position(starts: number[], offset: number): { line: number; col: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - starts[lo]! + 1 };
}
