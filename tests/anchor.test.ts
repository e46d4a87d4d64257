// Tags are found again after a transcript is corrected: by their words and context, with turn
// ids only a hint; what cannot be placed is reported, never dropped.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { anchorTurns, anchorWords, placeTag, placeTags, TurnStream } from '../src/core/anchor.js';
import type { Tag, Turn } from '../src/core/model.js';

const RUNS = Number(process.env.FOKUS_FUZZ_RUNS ?? 200);

const turn = (id: string, speaker: string, text: string): Turn => ({ kind: 'turn', id, speaker, text });

const base: Turn[] = [
  turn('t1', 'M1', 'Hva tenker dere om hjemmebesøk?'),
  turn('t2', 'P1', 'Jeg synes det er fint når de kommer hjem til meg. Da slipper jeg å sitte på et venterom.'),
  turn('t3', 'P5', 'Ja, og vi ser mer av hverdagen. Men det tar tid å kjøre, særlig innerst i dalen.'),
  turn('t4', 'P2', 'Ja. Det er fint. Det er fint når noen kommer.'),
];

/** The text a placement covers. */
function covered(turns: Turn[], tag: Tag): string | undefined {
  const p = placeTag(new TurnStream(turns), tag).place;
  if (!p) return undefined;
  if (p.first === p.last) return turns[p.first]!.text.slice(p.from, p.to);
  return [
    turns[p.first]!.text.slice(p.from),
    ...turns.slice(p.first + 1, p.last).map((t) => t.text),
    turns[p.last]!.text.slice(0, p.to),
  ].join('\n');
}

describe('placing tags on an unchanged transcript', () => {
  it('finds a whole turn, words within a turn, and a run of turns exactly', () => {
    const whole: Tag = { code: 'a', ...anchorTurns(base, 1) };
    const words: Tag = { code: 'a', ...anchorWords(base[2]!, 36, 58) };
    const run: Tag = { code: 'a', ...anchorTurns(base, 1, 2) };
    const placed = placeTags(base, [whole, words, run]);
    expect(placed.map((p) => p.status)).toEqual(['exact', 'exact', 'exact']);
    expect(placed[0]!.place).toEqual({ first: 1, last: 1, from: 0, to: base[1]!.text.length, whole: true });
    expect(covered(base, words)).toBe(base[2]!.text.slice(36, 58));
    expect(placed[1]!.place!.whole).toBe(false);
    expect(placed[2]!.place).toMatchObject({ first: 1, last: 2, whole: true });
  });

  it('tells repeated words apart by their context', () => {
    const text = base[3]!.text;
    const second = text.lastIndexOf('fint');
    const tag: Tag = { code: 'a', ...anchorWords(base[3]!, second, second + 4) };
    const p = placeTag(new TurnStream(base), tag).place!;
    expect(p.from).toBe(second);
    const first = text.indexOf('fint');
    const tag1: Tag = { code: 'a', ...anchorWords(base[3]!, first, first + 4) };
    expect(placeTag(new TurnStream(base), tag1).place!.from).toBe(first);
  });

  it('reads a hand-written tag with only turn and code as the whole turn', () => {
    expect(placeTag(new TurnStream(base), { code: 'a', turn: 't3' })).toEqual({
      status: 'exact',
      place: { first: 2, last: 2, from: 0, to: base[2]!.text.length, whole: true },
    });
    expect(placeTag(new TurnStream(base), { code: 'a', turn: 't9' }).status).toBe('orphaned');
  });
});

describe('re-anchoring after the transcript was corrected', () => {
  const wordsTag: Tag = { code: 'a', ...anchorWords(base[2]!, base[2]!.text.indexOf('det tar tid'), base[2]!.text.indexOf(', særlig')) };
  const wholeTag: Tag = { code: 'b', ...anchorTurns(base, 1) };

  it('words moved within their turn are found at their new place', () => {
    const edited = base.map((t) =>
      t.id === 't3' ? { ...t, text: 'Men det tar tid å kjøre, særlig innerst i dalen. Ja, og vi ser mer av hverdagen.' } : t,
    );
    const p = placeTag(new TurnStream(edited), wordsTag);
    expect(p.status).toBe('exact');
    expect(covered(edited, wordsTag)).toBe('det tar tid å kjøre');
  });

  it('a turn split in two: a whole-turn tag becomes a run over both halves; a words tag follows its words', () => {
    const split: Turn[] = [
      base[0]!,
      turn('t2', 'P1', 'Jeg synes det er fint når de kommer hjem til meg.'),
      turn('t2b', 'P1', 'Da slipper jeg å sitte på et venterom.'),
      base[2]!,
      base[3]!,
    ];
    const p = placeTag(new TurnStream(split), wholeTag);
    expect(p.status).toBe('moved');
    expect(p.place).toMatchObject({ first: 1, last: 2, whole: true });
    const inSecond: Tag = { code: 'c', ...anchorWords(base[1]!, base[1]!.text.indexOf('sitte på'), base[1]!.text.indexOf(' et venterom')) };
    const q = placeTag(new TurnStream(split), inSecond);
    expect(q.status).toBe('moved');
    expect(q.place).toMatchObject({ first: 2, last: 2 });
    expect(covered(split, inSecond)).toBe('sitte på');
  });

  it('turn ids renumbered: tags follow their words to the new ids', () => {
    const renumbered = base.map((t, i) => ({ ...t, id: `t${i + 11}` }));
    const placed = placeTags(renumbered, [wordsTag, wholeTag]);
    expect(placed.map((p) => p.status)).toEqual(['moved', 'moved']);
    expect(renumbered[placed[0]!.place!.first]!.id).toBe('t13');
    expect(renumbered[placed[1]!.place!.first]!.id).toBe('t12');
  });

  it('a typo corrected inside tagged words: the closest passage is taken and the tag says it was edited', () => {
    const fixed = base.map((t) => (t.id === 't3' ? { ...t, text: t.text.replace('det tar tid å kjøre', 'det tar lang tid å kjøre') } : t));
    const p = placeTag(new TurnStream(fixed), wordsTag);
    expect(p.status).toBe('edited');
    expect(covered(fixed, wordsTag)).toMatch(/^det tar lang tid å kjøre$|^det tar lang tid å$/);
  });

  it('a whole turn lightly corrected stays on its turn, marked edited', () => {
    const fixed = base.map((t) => (t.id === 't2' ? { ...t, text: t.text.replace('venterom', 'venteværelse') } : t));
    expect(placeTag(new TurnStream(fixed), wholeTag)).toMatchObject({ status: 'edited', place: { first: 1, last: 1, whole: true } });
  });

  it('a deleted turn leaves its tags orphaned', () => {
    const deleted = base.filter((t) => t.id !== 't3');
    expect(placeTag(new TurnStream(deleted), wordsTag).status).toBe('orphaned');
    const deleted2 = base.filter((t) => t.id !== 't2');
    expect(placeTag(new TurnStream(deleted2), wholeTag).status).toBe('orphaned');
  });

  it('white space re-wrapped or NFD letters do not disturb the words', () => {
    const wrapped = base.map((t) =>
      t.id === 't3' ? { ...t, text: t.text.replace('tar tid å', 'tar\n  tid a\u030a'.normalize('NFC')) } : t,
    );
    expect(placeTag(new TurnStream(wrapped), wordsTag).status).toBe('exact');
  });
});

describe('properties', () => {
  const word = fc.constantFrom(
    'ja',
    'nei',
    'hjemme',
    'tid',
    'trygghet',
    'møte',
    'får',
    'øye',
    'åpen',
    'det',
    'er',
    'vi',
    '[pause]',
    'P3,',
    'så.',
  );
  const turnText = fc.array(word, { minLength: 1, maxLength: 25 }).map((w) => w.join(' '));
  const transcript = fc
    .array(turnText, { minLength: 1, maxLength: 12 })
    .map((texts) => texts.map((t, i) => turn(`t${i + 1}`, `P${i % 3}`, t)));

  it('any span anchored on a transcript is placed back exactly where it was', () => {
    fc.assert(
      fc.property(transcript, fc.nat(), fc.nat(), fc.nat(), (turns, a, b, c) => {
        const i = a % turns.length;
        const text = turns[i]!.text;
        let from = b % text.length;
        let to = from + 1 + (c % (text.length - from));
        const tag: Tag = { code: 'x', ...anchorWords(turns[i]!, from, to) };
        const p = placeTag(new TurnStream(turns), tag);
        expect(p.status).toBe('exact');
        // The anchor trims white space at the ends; the words themselves are what must come back.
        while (/\s/.test(text[from]!) && from < to) from++;
        while (/\s/.test(text[to - 1]!) && to > from) to--;
        if (from === to) return;
        expect(p.place).toMatchObject({ first: i, last: i, from, to });
      }),
      { numRuns: RUNS },
    );
  });

  it('whole-turn and run anchors survive renumbering every turn', () => {
    fc.assert(
      fc.property(transcript, fc.nat(), fc.nat(), (turns, a, b) => {
        const i = a % turns.length;
        const j = i + (b % (turns.length - i));
        const tag: Tag = { code: 'x', ...anchorTurns(turns, i, j) };
        const renumbered = turns.map((t, k) => ({ ...t, id: `u${k}` }));
        const p = placeTag(new TurnStream(renumbered), tag);
        expect(p.status).not.toBe('orphaned');
        // Identical turns may stand elsewhere; the words covered are the same either way.
        expect(covered(renumbered, tag)!.replace(/\s+/g, ' ')).toBe(tag.words!.replace(/\s+/g, ' '));
      }),
      { numRuns: RUNS },
    );
  });
});
