// The COREQ appendix: 32 items in three domains in both languages, filled from the project's
// facts where it holds them, from the lead's own answers where given, flagged otherwise.
import { describe, expect, it } from 'vitest';
import { COREQ_LEAD_ONLY, coreqItems, fillCoreq, type CoreqFacts } from '../src/core/coreq.js';
import type { Lang } from '../src/core/model.js';

const LEAD_ONLY = [2, 4, 5, 6, 7, 8, 10, 11, 22, 30];

const facts: CoreqFacts = {
  team: [
    { code: 'M1', name: 'Kari Nordmann', roles: ['moderator', 'lead'], affiliation: 'Høgskolen i Østfold' },
    { code: 'O1', name: 'Ola Ås', roles: ['observer'], affiliation: 'Høgskolen i Østfold' },
    { code: 'O2', roles: ['observer'], affiliation: 'Mental Helse Fjordby' },
  ],
  approach: 'aksjonsforskning',
  groups: [
    {
      name: 'Elvedal',
      site: 'Elvedal DPS',
      participants: 8,
      byCategory: [
        { label: 'brukerrepresentanter', n: 5 },
        { label: 'ansatte', n: 3 },
      ],
    },
    { name: 'Bergly', participants: 6, byCategory: [{ label: 'pårørende', n: 6 }] },
  ],
  participants: 14,
  withdrawn: 2,
  declined: 3,
  pendingConsent: 1,
  sessions: {
    held: 5,
    perGroup: [
      { group: 'Elvedal', held: 3 },
      { group: 'Bergly', held: 2 },
    ],
    first: '2025-03-04',
    last: '2025-06-10',
    durations: [85, 120, 90, 95, 100],
    settings: ['møterom på DPS', 'brukerorganisasjonens lokaler', 'møterom på DPS'],
    withObservers: 4,
  },
  guides: [
    { title: 'Samling 1', questions: 7 },
    { title: 'Samling 2', questions: 6 },
  ],
  transcripts: 5,
  fieldNotes: 8,
  coders: ['O1', 'O2'],
  agreement: 'Krippendorffs alfa 0,78',
  codebook: { codes: 42, topLevel: 6, depth: 3 },
  themes: ['Relasjonen er kjernen', 'Tid og skjemaer', 'Erfaringskunnskap'],
  points: { shared: 20, minority: 4, dissent: 2 },
  validation: { presented: 40, confirmed: 30, corrected: 5, nuanced: 3, rejected: 2, added: 4 },
  quotes: 24,
  software: 'fokus 0.1.0',
};

const empty: CoreqFacts = {
  team: [],
  groups: [],
  participants: 0,
  withdrawn: 0,
  declined: 0,
  pendingConsent: 0,
  sessions: { held: 0, perGroup: [], durations: [], settings: [], withObservers: 0 },
  guides: [],
  transcripts: 0,
  fieldNotes: 0,
  coders: [],
  codebook: { codes: 0, topLevel: 0, depth: 0 },
  themes: [],
  points: { shared: 0, minority: 0, dissent: 0 },
  validation: { presented: 0, confirmed: 0, corrected: 0, nuanced: 0, rejected: 0, added: 0 },
  quotes: 0,
  software: '',
};

const row = (rows: ReturnType<typeof fillCoreq>, n: number) => rows.find((r) => r.n === n)!;

describe('coreqItems', () => {
  it.each<Lang>(['nb', 'en'])('has exactly 32 items numbered 1–32 in three domains (%s)', (lang) => {
    const items = coreqItems(lang);
    expect(items.map((i) => i.n)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    expect(new Set(items.map((i) => i.domain)).size).toBe(3);
    expect(new Set(items.map((i) => i.topic)).size).toBe(8);
    for (const i of items) for (const text of [i.domain, i.topic, i.item, i.guide]) expect(text.trim()).not.toBe('');
    expect(items.every((i) => i.guide.endsWith('?'))).toBe(true);
    // The domains fall where the published checklist puts them: 1–8, 9–23, 24–32.
    const domains = [...new Set(items.map((i) => i.domain))];
    const span = (d: string) => items.filter((i) => i.domain === d).map((i) => i.n);
    expect(domains.map(span).map((ns) => [ns[0], ns[ns.length - 1], ns.length])).toEqual([
      [1, 8, 8],
      [9, 23, 15],
      [24, 32, 9],
    ]);
  });

  it('groups the items under the checklist’s eight topics', () => {
    const items = coreqItems('en');
    const topics = [...new Set(items.map((i) => i.topic))];
    const span = (t: string) => items.filter((i) => i.topic === t).map((i) => i.n);
    expect(topics.map((t) => [t, span(t)[0], span(t).at(-1)])).toEqual([
      ['Personal characteristics', 1, 5],
      ['Relationship with participants', 6, 8],
      ['Theoretical framework', 9, 9],
      ['Participant selection', 10, 13],
      ['Setting', 14, 16],
      ['Data collection', 17, 23],
      ['Data analysis', 24, 28],
      ['Reporting', 29, 32],
    ]);
  });

  it('aligns nb and en by number while the texts differ', () => {
    const nb = coreqItems('nb');
    const en = coreqItems('en');
    expect(en.map((i) => i.n)).toEqual(nb.map((i) => i.n));
    nb.forEach((i, k) => {
      const e = en[k]!;
      expect(e.guide).not.toBe(i.guide);
      expect(e.topic).not.toBe(i.topic);
      expect(e.domain).not.toBe(i.domain);
    });
    // Every item name is translated, not copied.
    expect(nb.filter((i, k) => i.item === en[k]!.item).length).toBe(0);
    expect(en[0]!.item).toBe('Interviewer/facilitator');
    expect(en[31]!.item).toBe('Clarity of minor themes');
    expect(nb[3]!.item).toBe('Kjønn');
    expect(nb[20]!.item).toBe('Varighet');
  });

  it('writes Norwegian with æøå, not stand-ins', () => {
    const text = coreqItems('nb')
      .flatMap((i) => [i.domain, i.topic, i.item, i.guide])
      .join('\n');
    expect(text).toMatch(/Utvalgsstørrelse/);
    expect(text).toMatch(/på forhånd/);
    expect(text).toMatch(/mens studien pågikk/);
    expect(text).not.toMatch(/\b(aa|oe|ae)\b|Ã|\uFFFD/);
    expect(text).not.toMatch(/storrelse|forhaand|paa\b|pagikk/);
  });
});

describe('fillCoreq', () => {
  it.each<Lang>(['nb', 'en'])('returns 32 rows aligned with the items (%s)', (lang) => {
    const rows = fillCoreq(facts, lang);
    expect(rows).toHaveLength(32);
    expect(rows.map(({ n, domain, topic, item, guide }) => ({ n, domain, topic, item, guide }))).toEqual(coreqItems(lang));
    for (const r of rows) expect(r.answer.trim()).not.toBe('');
  });

  it('lets the lead’s answer win, marked as the lead’s', () => {
    const rows = fillCoreq(facts, 'nb', { 4: 'To kvinner og én mann.', 21: '  Om lag to timer.  ', 12: '   ' });
    expect(row(rows, 4)).toMatchObject({ answer: 'To kvinner og én mann.', filled: 'lead' });
    expect(row(rows, 21)).toMatchObject({ answer: 'Om lag to timer.', filled: 'lead' });
    // A blank answer is no answer.
    expect(row(rows, 12).filled).toBe('project');
  });

  it.each<Lang>(['nb', 'en'])('flags the ten items the project cannot know (%s)', (lang) => {
    expect([...COREQ_LEAD_ONLY].sort((a, b) => a - b)).toEqual(LEAD_ONLY);
    const rows = fillCoreq(facts, lang);
    expect(rows.filter((r) => r.filled === 'missing').map((r) => r.n)).toEqual(LEAD_ONLY);
    expect(rows.filter((r) => r.filled === 'project')).toHaveLength(22);
    expect(row(rows, 4).answer).toBe(
      lang === 'nb'
        ? 'Fylles ut av prosjektleder (reports/coreq.yaml, punkt 4).'
        : 'To be filled in by the project lead (reports/coreq.yaml, item 4).',
    );
    expect(row(rows, 30).answer).toMatch(/\b30\)\.$/);
  });

  it.each<Lang>(['nb', 'en'])('flags items whose facts are empty (%s)', (lang) => {
    const rows = fillCoreq(empty, lang);
    expect(rows.every((r) => r.filled === 'missing')).toBe(true);
    for (const r of rows) expect(r.answer).toContain(`reports/coreq.yaml, ${lang === 'nb' ? 'punkt' : 'item'} ${r.n})`);

    const some = fillCoreq({ ...facts, sessions: { ...facts.sessions, durations: [], settings: [] } }, lang);
    expect(row(some, 14).filled).toBe('missing');
    expect(row(some, 21).filled).toBe('missing');
    expect(row(some, 15).filled).toBe('project');
    const noApproach = fillCoreq({ ...facts, approach: '  ', agreement: undefined, coders: [], software: '' }, lang);
    expect([9, 24, 27].map((n) => row(noApproach, n).filled)).toEqual(['missing', 'missing', 'missing']);
  });

  it('fills the Norwegian answers with the numbers from the facts', () => {
    const rows = fillCoreq(facts, 'nb');
    const a = (n: number) => row(rows, n).answer;
    expect(a(1)).toBe('Samlingene ble ledet av Kari Nordmann (M1) som moderator, med Ola Ås (O1) og O2 som observatører.');
    expect(a(3)).toContain('Høgskolen i Østfold (M1, O1) og Mental Helse Fjordby (O2)');
    expect(a(9)).toContain('aksjonsforskning');
    expect(a(12)).toBe('Utvalget besto av 14 deltakere, fordelt på 2 grupper: Elvedal (8) og Bergly (6).');
    expect(a(13)).toMatch(/3 takket nei.*2 trakk seg/);
    expect(a(13)).toContain('1 er samtykket');
    expect(a(14)).toBe('Samlingene ble holdt på disse stedene: møterom på DPS og brukerorganisasjonens lokaler.');
    expect(a(15)).toContain('4 av 5 samlinger');
    expect(a(16)).toContain('Elvedal (Elvedal DPS): brukerrepresentanter 5, ansatte 3; Bergly: pårørende 6');
    expect(a(17)).toMatch(/«Samling 1» \(7 spørsmål\) og «Samling 2» \(6 spørsmål\)/);
    expect(a(17)).toMatch(/^Det ble brukt (2|to) intervjuguider: «Samling 1» \(7 spørsmål\) og «Samling 2» \(6 spørsmål\).$/);
    expect(a(18)).toContain('Elvedal: 3 samlinger og Bergly: 2 samlinger');
    expect(a(18)).toContain('til sammen 5 samlinger');
    expect(a(19)).toContain('5 ordrette transkripsjoner');
    expect(a(20)).toContain('8 sett med feltnotater');
    expect(a(21)).toBe('Samlingene varte fra 85 til 120 minutter, i gjennomsnitt 98 minutter.');
    expect(a(23)).toContain('40 punkter');
    expect(a(24)).toContain('2 kodere: Ola Ås (O1) og O2');
    expect(a(24)).toContain('Krippendorffs alfa 0,78');
    expect(a(25)).toMatch(/42 koder.*6 på øverste nivå.*3 nivåer.*vedlegg/);
    expect(a(26)).toMatch(/intervjuguiden og forskningsspørsmålene.*validering/);
    expect(a(27)).toContain('fokus 0.1.0');
    expect(a(28)).toBe(
      'Deltakerne ga respons på funnene gjennom kommunikativ validering: av 40 punkter som ble lagt fram, ble 30 bekreftet, 5 korrigert, 3 nyansert og 2 avvist. Gruppene la i tillegg til 4 punkter.',
    );
    expect(a(29)).toMatch(/24 sitater.*kategori og gruppe.*aldri med navn/);
    expect(a(31)).toBe('Rapporten presenterer 3 hovedtemaer: Relasjonen er kjernen, Tid og skjemaer og Erfaringskunnskap.');
    expect(a(32)).toContain('20 felles punkter, 4 minoritetssyn og 2 punkter med uenighet');
  });

  it('writes a mean duration with a decimal comma in nb and a point in en', () => {
    const f = { ...facts, sessions: { ...facts.sessions, held: 2, durations: [90, 115] } };
    expect(row(fillCoreq(f, 'nb'), 21).answer).toBe('Samlingene varte fra 90 til 115 minutter, i gjennomsnitt 102,5 minutter.');
    expect(row(fillCoreq(f, 'en'), 21).answer).toBe('The sessions lasted from 90 to 115 minutes, 102.5 minutes on average.');
    const one = { ...facts, sessions: { ...facts.sessions, held: 3, durations: [95] } };
    expect(row(fillCoreq(one, 'nb'), 21).answer).toBe('Samlingen varte 95 minutter (1 av 3 samlinger har registrert varighet).');
  });

  it('fills the English answers with the numbers from the facts', () => {
    const rows = fillCoreq(facts, 'en');
    const a = (n: number) => row(rows, n).answer;
    expect(a(1)).toBe('The sessions were led by Kari Nordmann (M1) as moderator, with Ola Ås (O1) and O2 as observers.');
    expect(a(12)).toBe('The sample comprised 14 participants in 2 groups: Elvedal (8) and Bergly (6).');
    expect(a(15)).toContain('4 of 5 sessions');
    expect(a(21)).toBe('The sessions lasted from 85 to 120 minutes, 98 minutes on average.');
    expect(a(28)).toMatch(
      /40 points presented, 30 were confirmed, 5 corrected, 3 nuanced and 2 rejected\. The groups also added 4 points\./,
    );
    expect(a(32)).toContain('20 shared points, 4 minority views and 2 points of dissent');
  });

  it('says so when there was no dissent, no observer or a single guide', () => {
    const f: CoreqFacts = {
      ...facts,
      guides: [{ title: 'Guide', questions: 1 }],
      sessions: { ...facts.sessions, withObservers: 0 },
      validation: { ...facts.validation, added: 0 },
      withdrawn: 0,
      declined: 0,
      pendingConsent: 0,
    };
    const rows = fillCoreq(f, 'nb');
    expect(row(rows, 17).answer).toBe('Samlingene fulgte intervjuguiden «Guide» (1 spørsmål).');
    expect(row(rows, 15).answer).toBe('Ingen observatører var til stede i de 5 samlingene.');
    expect(row(rows, 13).answer).toBe('Ingen av de inviterte takket nei, og ingen trakk seg underveis.');
    expect(row(rows, 28).answer).toContain('Gruppene la ikke til nye punkter.');
  });

  it('writes the Norwegian answers with æøå intact', () => {
    const text = fillCoreq(facts, 'nb')
      .map((r) => r.answer)
      .join('\n');
    for (const word of ['på', 'øverste', 'pårørende', 'Høgskolen i Østfold', 'spørsmål', 'forskningsspørsmålene', 'målt'])
      expect(text).toContain(word);
    expect(text).not.toMatch(/Ã|\uFFFD/);
  });
});
