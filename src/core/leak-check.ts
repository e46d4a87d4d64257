// The leak check: every name and alias in the key, and every listed identifier, searched for in
// the text of each file. A hit is reported by position and by whose name it is, never by the
// name, so the report itself can be shown, logged or pasted into an issue.
import type { Problem } from '../errors.js';
import type { Key } from './model.js';
import { findLeaks, nameFinder } from './pseudonymise.js';

export interface CheckedText {
  file: string;
  text: string;
  /** Codes whose names may appear in this file (researchers named in fokus.yaml's team). */
  allowed?: ReadonlySet<string>;
}

export function leakProblems(texts: readonly CheckedText[], key: Key): Problem[] {
  const finder = nameFinder(key);
  const out: Problem[] = [];
  for (const t of texts) {
    const starts = lineStarts(t.text);
    for (const leak of findLeaks(t.text, finder, key.identifiers)) {
      const code = leak.what.endsWith("'s name") ? leak.what.slice(0, -7) : undefined;
      if (code !== undefined && t.allowed?.has(code)) continue;
      const identifier = code === undefined;
      out.push({
        severity: identifier ? 'warning' : 'error',
        code: identifier ? 'identifier' : 'name-leak',
        message: identifier
          ? 'a word listed as identifying in key.yaml appears here'
          : `${leak.what} (from key.yaml) appears here; replace it with the code ${code}`,
        file: t.file,
        ...position(starts, leak.index),
      });
    }
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
