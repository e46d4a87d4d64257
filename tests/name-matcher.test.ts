// The name matcher finds exactly what one regex of all names as alternatives finds (its reference,
// kept here), only without trying every name at every word.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nameMatcher } from '../src/core/pseudonymise.js';
import { escapeRegExp, normName, wordBounded } from '../src/core/text.js';

function reference(norms: string[], text: string) {
  const alts = [...new Set(norms)].sort((a, b) => b.length - a.length).map((n) => escapeRegExp(n).replace(/\\?\s+/g, '\\s+'));
  const re = new RegExp(wordBounded(`(${alts.join('|')})(s|'s|’s|'|’)?`), 'giu');
  return [...text.matchAll(re)].map((m) => ({ index: m.index!, length: m[0].length, name: m[1]!, suffix: m[2] ?? '' }));
}

const pool = [
  'Kari',
  'Kari Nordmann',
  'Karin',
  'Ola',
  'Åse',
  'Åse Ødegård',
  'Ødegård',
  'Ø',
  'Per',
  'Per-Ivar',
  "O'Neil",
  'kari@eksempel.no',
  'Nils Æsøy',
  'Li',
  'Bjørn Bjørnsen',
  'Ærlig',
];
const bits = [
  ...pool,
  ...pool.map((p) => p.toUpperCase()),
  ...pool.map((p) => p.toLowerCase()),
  ' ',
  '  ',
  '\n',
  's',
  "'s",
  '’',
  '.',
  ',',
  '-',
  '_',
  'x',
  'æ',
  '1',
  'og',
  '😀',
  'Kari\tNordmann',
  'İ',
  'ß',
];

describe('nameMatcher', () => {
  it('finds what the one big regex finds, at the same places', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...pool), { minLength: 1, maxLength: pool.length }),
        fc.array(fc.constantFrom(...bits), { maxLength: 40 }),
        (names, parts) => {
          const norms = names.map(normName);
          const text = parts.join('');
          expect(nameMatcher(norms)!(text)).toEqual(reference(norms, text));
        },
      ),
      { numRuns: 600 },
    );
  });

  it('finds names at the start and end of a text, after a digit never, and with a genitive', () => {
    const match = nameMatcher(['kari nordmann', 'kari'].map(normName))!;
    expect(match('Kari Nordmanns bok, og kari.')).toEqual([
      { index: 0, length: 14, name: 'Kari Nordmann', suffix: 's' },
      { index: 23, length: 4, name: 'kari', suffix: '' },
    ]);
    expect(match('1Kari Kari_ Karin')).toEqual([]);
  });
});
