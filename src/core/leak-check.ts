// The leak check: every name and alias in the key, and every listed identifier, searched for in
// the text of each file. A hit is reported by position and by whose name it is, never by the
// name, so the report itself can be shown, logged or pasted into an issue.
import type { Problem } from '../errors.js';
import type { Key } from './model.js';
import { describeLeak, findLeaks, nameFinder } from './pseudonymise.js';

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
      if (leak.kind === 'name' && t.allowed?.has(leak.codes[0]!)) continue;
      const fix =
        leak.kind === 'identifier'
          ? ''
          : leak.kind === 'shared-name'
            ? '; replace it with the right code'
            : `; replace it with the code ${leak.codes[0]}`;
      out.push({
        severity: leak.kind === 'identifier' ? 'warning' : 'error',
        code: leak.kind === 'identifier' ? 'identifier' : 'name-leak',
        message: `${describeLeak(leak)} appears here${fix}`,
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
