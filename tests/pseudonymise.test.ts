import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Key } from '../src/core/model.js';
import {
  findLeaks,
  isGenericLabel,
  isPersonName,
  keyIndex,
  labelForms,
  nameFinder,
  personName,
  replaceNames,
  resolveLabel,
} from '../src/core/pseudonymise.js';
import { keyLearning } from '../src/core/import-plan.js';
import { leakProblems } from '../src/core/leak-check.js';

const key: Key = {
  people: [
    { code: 'P1', name: 'Kari Nordmann', aliases: ['Kari N.'] },
    { code: 'P2', name: 'Per Lund' },
    { code: 'P3', name: 'Åse Hovland' },
    { code: 'P4', name: 'Nils Berg' },
    { code: 'P5', name: 'Kari Sund' },
    { code: 'M1', name: 'Hanne Lind', aliases: ['Lind, Hanne'] },
  ],
  identifiers: [{ text: 'Solbakken', replace: '[bofellesskapet]' }, { text: 'Elvebakken skole' }],
};
const finder = nameFinder(key);
const replace = (s: string) => replaceNames(s, finder, key.identifiers).text;

describe('speaker labels to codes', () => {
  const index = keyIndex(key);
  const codes = new Set(['P1', 'P2', 'M1']);

  it('knows names, aliases, "Surname, First" and a trailing (Guest), without case', () => {
    expect(resolveLabel('Kari Nordmann', codes, new Map(), index)).toBe('P1');
    expect(resolveLabel('kari  nordmann', codes, new Map(), index)).toBe('P1');
    expect(resolveLabel('Nordmann, Kari', codes, new Map(), index)).toBe('P1');
    expect(resolveLabel('Per Lund (Gjest)', codes, new Map(), index)).toBe('P2');
    expect(resolveLabel('Lund, Per (Elvedal kommune)', codes, new Map(), index)).toBe('P2');
    expect(resolveLabel('Hanne Lind', codes, new Map(), index)).toBe('M1');
  });

  it('takes a code written as the label, and an explicit map over the key', () => {
    expect(resolveLabel('p2', codes, new Map(), index)).toBe('P2');
    expect(resolveLabel('?', codes, new Map(), index)).toBe('?');
    expect(resolveLabel('Kari Nordmann', codes, new Map([['kari nordmann', 'P2']]), index)).toBe('P2');
    expect(resolveLabel('Ukjent Person', codes, new Map(), index)).toBeUndefined();
  });

  it('lists the forms a tool may show', () => {
    expect(labelForms('Lind, Hanne (Gjest)')).toEqual(['lind, hanne (gjest)', 'lind, hanne', 'hanne lind']);
  });

  it('treats diariser labels as per-file, not as names', () => {
    expect(['SPEAKER_00', 'Speaker 2', 'Deltaker 3', 'Guest', 'ukjent'].every(isGenericLabel)).toBe(true);
    expect(isGenericLabel('Kari Nordmann')).toBe(false);
  });
});

describe('replacing names in the talk', () => {
  it('replaces full names, aliases and unique first names with codes', () => {
    expect(replace('Kari Nordmann sa det, og Kari N. var enig.')).toBe('P1 sa det, og P1 var enig.');
    expect(replace('Takk, Per. Og Åse, hva tenker du?')).toBe('Takk, P2. Og P3, hva tenker du?');
  });

  it('does not guess a first name two people share, but flags it', () => {
    expect(replace('Kari sa noe')).toBe('Kari sa noe');
    expect(findLeaks('Kari sa noe', finder, [])).toEqual([{ kind: 'shared-name', codes: ['P1', 'P5'], index: 0, length: 4 }]);
  });

  it('takes first names from aliases too', () => {
    const k: Key = { people: [{ code: 'P1', name: 'Katrine Vik', aliases: ['Trine Vik'] }], identifiers: [] };
    expect(replaceNames('Jeg heter Trine, ikke Katrine.', nameFinder(k)).text).toBe('Jeg heter P1, ikke P1.');
  });

  it("keeps a genitive s: Pers, Åses, Nils' -> P2s, P3s, P4s", () => {
    expect(replace("Pers forslag, Åses idé og Nils' poeng")).toBe('P2s forslag, P3s idé og P4s poeng');
    expect(replace("Per's idé")).toBe('P2s idé');
  });

  it('matches one-word names only with a capital letter, so "per uke" stays', () => {
    expect(replace('Vi har to timer per uke, sa Per.')).toBe('Vi har to timer per uke, sa P2.');
  });

  it('respects word boundaries with æøå: "Pers" is a name, "Persille" and "Åsemark" are not', () => {
    expect(replace('Persille og Åsemark og Nilsen')).toBe('Persille og Åsemark og Nilsen');
  });

  it('replaces an e-mail address given as a name, whatever its case', () => {
    const k: Key = { people: [{ code: 'P7', name: 'kari.nordmann@gmail.com' }], identifiers: [] };
    expect(replaceNames('Skriv til Kari.Nordmann@gmail.com.', nameFinder(k)).text).toBe('Skriv til P7.');
  });

  it('matches multi-word names across line breaks and in any case', () => {
    expect(replace('det sa KARI\nNORDMANN')).toBe('det sa P1');
  });

  it('replaces identifiers that have a replacement and only flags the others', () => {
    const r = replaceNames('Vi bor på Solbakken, nær Elvebakken skole.', finder, key.identifiers);
    expect(r.text).toBe('Vi bor på [bofellesskapet], nær Elvebakken skole.');
    expect(Object.fromEntries(r.counts)).toEqual({ '[bofellesskapet]': 1 });
    expect(findLeaks(r.text, finder, key.identifiers).map((l) => l.kind)).toEqual(['identifier']);
  });

  it('leaves no name from the key behind in any text (property)', () => {
    const names = ['Kari Nordmann', 'Kari N.', 'Per', 'Åse', 'Nils Berg', 'Hanne Lind', 'Lind, Hanne'];
    const pieces = fc.oneof(fc.constantFrom(...names, ' ', ', ', '.', 's', "'", '\n', 'og', 'per', 'æ'), fc.string({ maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 20 }), (parts) => {
        const out = replace(parts.join(''));
        expect(findLeaks(out, finder, []).filter((l) => l.kind === 'name')).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the leak check', () => {
  it('reports each name by position and whose it is, never the name itself', () => {
    const problems = leakProblems([{ file: 't.md', text: '**P1** #t1: hei\n\n**P2** #t2: takk, Åse Hovland\n' }], key);
    expect(problems).toEqual([
      {
        severity: 'error',
        code: 'name-leak',
        message: "P3's name (from key.yaml) appears here; replace it with the code P3",
        file: 't.md',
        line: 3,
        col: 19,
      },
    ]);
    expect(JSON.stringify(problems)).not.toContain('Hovland');
  });

  it('lets the team be named where the team is listed', () => {
    const text = 'team:\n  - code: M1\n    name: Hanne Lind\n';
    expect(leakProblems([{ file: 'fokus.yaml', text, allowed: new Set(['M1']) }], key)).toEqual([]);
    expect(leakProblems([{ file: 'participants.yaml', text }], key)).toHaveLength(1);
  });
});

describe('isPersonName and personName: what a speaker label teaches the key', () => {
  it.each([
    ['Kari Nordmann', true, 'Kari Nordmann'],
    ['Nordmann, Kari', true, 'Kari Nordmann'],
    ['Mr. Dahl', true, 'Dahl'],
    ['Fru Ås', true, 'Ås'],
    ['Møteleder', false, 'Møteleder'],
    ['Intervjuer', false, 'Intervjuer'],
    ['Committee 1', false, 'Committee 1'],
    ['Speaker 2', false, 'Speaker 2'],
    ['?', false, '?'],
  ])('%s', (label, person, name) => {
    expect(isPersonName(label)).toBe(person);
    expect(personName(label)).toBe(name);
  });

  it('a role mapped to a code is not remembered as a name in the key', () => {
    const learned = keyLearning(
      [
        { label: 'Møteleder', count: 1, first: 0, code: 'M1', via: 'map' },
        { label: 'Kari Nordmann', count: 2, first: 1, code: 'P1', via: 'map' },
      ],
      new Map(),
      new Map(),
    );
    expect(learned).toEqual([{ code: 'P1', name: 'Kari Nordmann' }]);
  });
});
