// Agreement over tags, stats, compare, participation and search: the core on built data, and
// the commands on a small project.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { measureAgreement } from '../src/core/agreement.js';
import { krippendorffAlphaNominal } from '../src/core/agreement-stats.js';
import { codeSession, speakerIndex, type CodedSession } from '../src/core/coding.js';
import { codeStats, comparePerspectives } from '../src/core/analysis.js';
import { participation } from '../src/core/participation.js';
import { search } from '../src/core/search.js';
import type { Participant, Session, Tag, Transcript } from '../src/core/model.js';
import { codedProject, fokus, fokusIn } from './helpers.js';

const RUNS = Number(process.env.FOKUS_FUZZ_RUNS ?? 200);

const session = (id: string, attendees: string[] = []): Session => ({ id, group: 'g', number: 1, status: 'held', attendees });
const transcriptOf = (speakers: string[], texts?: string[]): Transcript => ({
  blocks: speakers.map((speaker, i) => ({
    kind: 'turn' as const,
    id: `t${i + 1}`,
    speaker,
    text: texts?.[i] ?? `Tur ${i + 1} fra ${speaker}.`,
  })),
});
const whole = (code: string, turn: string): Tag => ({ code, turn });

describe('agreement', () => {
  it('reproduces Cohen\'s kappa 0.40 on the 50-unit worked example when each turn is a unit (Wikipedia, "Cohen\'s kappa", Simple example)', () => {
    // 20 turns both tagged, 5 only A, 10 only B, 15 neither: po = 0.70, pe = 0.50, kappa = 0.40.
    const n = 50;
    const t = transcriptOf(Array.from({ length: n }, (_, i) => `P${i % 5}`));
    const a: Tag[] = [];
    const b: Tag[] = [];
    for (let i = 1; i <= n; i++) {
      if (i <= 20 || (i > 20 && i <= 25)) a.push(whole('x', `t${i}`));
      if (i <= 20 || (i > 25 && i <= 35)) b.push(whole('x', `t${i}`));
    }
    const s = codeSession(session('s1'), t, [
      { observer: 'A', value: { tags: a } },
      { observer: 'B', value: { tags: b } },
    ]);
    const r = measureAgreement([s]);
    expect(r.codes).toHaveLength(1);
    expect(r.codes[0]!.percent).toBeCloseTo(0.7, 12);
    expect(r.codes[0]!.kappa).toBeCloseTo(0.4, 12);
    // Alpha agrees with the general (coincidence-matrix) implementation on the same unit matrix.
    const units = Array.from({ length: n }, (_, k) => [a.some((x) => x.turn === `t${k + 1}`), b.some((x) => x.turn === `t${k + 1}`)]);
    expect(r.codes[0]!.alpha).toBeCloseTo(krippendorffAlphaNominal(units).alpha!, 12);
    expect(r.disagreements).toHaveLength(15);
    expect(r.disagreements[0]).toMatchObject({ turn: 't21', code: 'x', appliedBy: ['A'], notBy: ['B'] });
    expect(r.method).toMatch(/unit: the speaker turn/);
  });

  it('with three observers and sessions some observers did not tag, alpha treats their judgements as missing', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            turns: fc.integer({ min: 1, max: 8 }),
            coders: fc.subarray(['A', 'B', 'C'], { minLength: 2 }),
            seed: fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        (specs) => {
          const sessions: CodedSession[] = [];
          const matrix: (boolean | null)[][] = [];
          specs.forEach((spec, k) => {
            const t = transcriptOf(Array.from({ length: spec.turns }, () => 'P1'));
            const files = spec.coders.map((o, oi) => ({
              observer: o,
              value: {
                tags: Array.from({ length: spec.turns }, (_, u) => u)
                  .filter((u) => spec.seed[(u * 3 + oi) % 24])
                  .map((u) => whole('x', `t${u + 1}`)),
              },
            }));
            sessions.push(codeSession(session(`s${k}`), t, files));
            for (let u = 0; u < spec.turns; u++)
              matrix.push(
                ['A', 'B', 'C'].map((o) =>
                  spec.coders.includes(o) ? files.find((f) => f.observer === o)!.value.tags.some((x) => x.turn === `t${u + 1}`) : null,
                ),
              );
          });
          const r = measureAgreement(sessions, { observers: ['A', 'B', 'C'] });
          const expected = krippendorffAlphaNominal(matrix).alpha;
          const got = r.codes.find((c) => c.code === 'x')?.alpha;
          if (expected === undefined) expect(got).toBeUndefined();
          else expect(got).toBeCloseTo(expected, 9);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('rolls codes up with --level, and leaves out sessions fewer than two observers tagged', () => {
    const t = transcriptOf(['P1', 'P2', 'P3']);
    const both = codeSession(session('s1'), t, [
      { observer: 'A', value: { tags: [whole('a/b', 't1'), whole('a/c', 't2')] } },
      { observer: 'B', value: { tags: [whole('a/c', 't1'), whole('a/b', 't2')] } },
    ]);
    const one = codeSession(session('s2'), t, [{ observer: 'A', value: { tags: [whole('a/b', 't1')] } }]);
    const leaf = measureAgreement([both, one]);
    expect(leaf.skipped).toEqual(['s2']);
    expect(leaf.codes.map((c) => c.kappa)).toEqual([expect.any(Number), expect.any(Number)]);
    expect(leaf.codes[0]!.percent).toBeCloseTo(1 / 3, 12);
    const top = measureAgreement([both, one], { level: 1 });
    expect(top.codes).toEqual([expect.objectContaining({ code: 'a', percent: 1, tagged: 2 })]);
  });
});

describe('stats, compare, participation, search (core)', () => {
  const participants: Participant[] = [
    { code: 'P1', group: 'g', category: 'staff' },
    { code: 'P2', group: 'g', category: 'service-user' },
    { code: 'P3', group: 'g', category: 'staff' },
    { code: 'P4', group: 'g', category: 'service-user' },
  ];
  const speakerOf = speakerIndex(participants, [{ code: 'M1' }]);
  const t: Transcript = {
    blocks: [
      { kind: 'heading', title: 'Åpning', question: 'q1' },
      { kind: 'turn', id: 't1', speaker: 'M1', text: 'Hvor møter dere folk?' },
      { kind: 'turn', id: 't2', speaker: 'P1', text: 'Hjemme hos dem, mest. Hjemmebesøk gir trygghet.' },
      { kind: 'turn', id: 't3', speaker: 'P2', text: 'Jeg ville heller møtes på kafé. ÆRLIG talt, hjemme er privat.' },
      { kind: 'heading', title: 'Verdier', question: 'q2' },
      {
        kind: 'turn',
        id: 't4',
        speaker: 'P1',
        text: 'Respekt, trygghet og tid. Tid mest av alt, tid til å bli kjent, og tid til å vente.',
      },
      { kind: 'turn', id: 't5', speaker: 'P3', text: 'Enig.' },
    ],
  };
  const s = codeSession(session('s1', ['P1', 'P2', 'P3', 'P4']), t, [
    {
      observer: 'A',
      value: {
        tags: [
          whole('arena/hjem', 't2'),
          { code: 'arena/hjem', turn: 't3', words: 'hjemme er privat', before: 'talt, ', marks: ['dissent'] },
          whole('verdi/trygghet', 't2'),
        ],
      },
    },
    { observer: 'B', value: { tags: [whole('arena/hjem', 't2'), whole('verdi/trygghet', 't4')] } },
  ]);

  it('stats counts tags, turns, speakers and sessions per code, by category, with co-occurrence', () => {
    const r = codeStats([s], speakerOf, { by: 'category' });
    const hjem = r.codes.find((c) => c.code === 'arena/hjem')!;
    expect(hjem).toMatchObject({ tags: 3, turns: 2, speakers: 2, sessions: 1 });
    expect(hjem.by).toEqual({
      'service-user': { tags: 1, turns: 1, speakers: 1, sessions: 1 },
      staff: { tags: 2, turns: 1, speakers: 1, sessions: 1 },
    });
    expect(r.cooccurrence).toEqual([{ a: 'arena/hjem', b: 'verdi/trygghet', turns: 1 }]);
    expect(codeStats([s], speakerOf, { observers: ['B'], level: 1 }).codes.map((c) => [c.code, c.tags])).toEqual([
      ['arena', 1],
      ['verdi', 1],
    ]);
  });

  it('compare shows which side raised each theme, the one-sided themes, and dissent', () => {
    const r = comparePerspectives([s], speakerOf, participants, { by: 'category' });
    expect(r.perspectives).toEqual([
      { id: 'service-user', participants: 2 },
      { id: 'staff', participants: 2 },
    ]);
    const hjem = r.rows.find((x) => x.code === 'arena/hjem')!;
    expect(hjem.cells['staff']).toMatchObject({ speakers: 1, turns: 1 });
    expect(hjem.cells['service-user']).toMatchObject({ speakers: 1, turns: 1, dissent: 1 });
    expect(hjem.only).toBeUndefined();
    expect(hjem.dissent).toBe(1);
    expect(r.rows.find((x) => x.code === 'verdi/trygghet')!.only).toBe('staff');
  });

  it('participation gives shares of the participants’ words, questions answered, silence, and flags', () => {
    const r = participation(s, speakerOf);
    const by = Object.fromEntries(r.people.map((p) => [p.code, p]));
    const words = { P1: 7 + 18, P2: 11, P3: 1 };
    const total = words.P1 + words.P2 + words.P3;
    expect(by.P1!.words).toBe(words.P1);
    expect(by.P1!.share).toBeCloseTo(words.P1 / total, 12);
    expect(by.P1!.questions).toEqual(['q1', 'q2']);
    expect(by.P4).toMatchObject({ attended: true, turns: 0, flag: 'silent' });
    expect(by.P3!.flag).toBe('quiet');
    expect(by.P1!.flag).toBe('dominant');
    expect(by.M1!.kind).toBe('team');
    expect(r.questions.find((q) => q.question === 'q2')).toMatchObject({ speakers: ['P1', 'P3'], silent: ['P2', 'P4'] });
  });

  it('search is case-insensitive with æøå, matches whole words when asked, and filters by code and category', () => {
    expect(search([s], speakerOf, { query: 'ærlig' }).map((h) => h.match)).toEqual(['ÆRLIG']);
    expect(search([s], speakerOf, { query: 'hjem' }).map((h) => h.turn)).toEqual(['t2', 't2', 't3']);
    expect(search([s], speakerOf, { query: 'hjem', word: true })).toEqual([]);
    expect(search([s], speakerOf, { query: 'hjemme', word: true }).map((h) => h.turn)).toEqual(['t2', 't3']);
    expect(search([s], speakerOf, { query: 'tid', word: true, codes: ['verdi'] }).length).toBe(4);
    expect(search([s], speakerOf, { query: 'hjemme', categories: ['service-user'] }).map((h) => h.speaker)).toEqual(['P2']);
    expect(search([s], speakerOf, { query: 't[0-9]|Tid', regex: true, caseSensitive: true }).map((h) => h.match)).toEqual(['Tid']);
    const hit = search([s], speakerOf, { query: 'kafé', context: 10 })[0]!;
    expect([hit.left, hit.match, hit.right]).toEqual([' møtes på ', 'kafé', '. ÆRLIG ta']);
  });
});

describe('the analysis commands on a project', () => {
  it('agreement prints the unit, the method, the figures and the disagreements; refuses a session one observer tagged', async () => {
    const dir = codedProject();
    for (const [o, turn, code] of [
      ['O1', 't2', 'arenaer/hjemmet'],
      ['O2', 't2', 'arenaer/hjemmet'],
      ['O1', 't3', 'arenaer/hjemmet'],
      ['O2', 't6', 'verdier/medvirkning'],
    ] as const)
      expect((await fokusIn(['tag', 'hamar-1', '--observer', o, '--turn', turn, '--code', code], { cwd: dir })).code).toBe(0);
    const r = fokus(['agreement', 'hamar-1'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Observers O1, O2 on 1 session \(hamar-1\): 8 turns/);
    expect(r.stdout).toMatch(/Method: unit: the speaker turn/);
    expect(r.stdout).toMatch(/^arenaer\/hjemmet\s+2\s+87\.5%\s+0\.60\s+0\.62$/m);
    expect(r.stdout).toMatch(/hamar-1 t3 P2 {2}arenaer\/hjemmet: O1 tagged, O2 did not/);
    const json = JSON.parse(fokus(['agreement', '--all', '--json'], { cwd: dir }).stdout);
    expect(json.codes.map((c: { code: string }) => c.code)).toEqual(['arenaer/hjemmet', 'verdier/medvirkning']);
    const csv = fokus(['agreement', '--all', '--csv'], { cwd: dir }).stdout.split('\n');
    expect(csv[0]).toBe('code,units,tagged,percent,kappa,alpha');
    await fokusIn(['untag', 'hamar-1', '--observer', 'O2', '--code', 'verdier/medvirkning'], { cwd: dir });
    await fokusIn(['untag', 'hamar-1', '--observer', 'O2', '--code', 'arenaer/hjemmet'], { cwd: dir });
    // O2's file remains (empty): they tagged the session and found nothing, which is a judgement.
    expect(fokus(['agreement', 'hamar-1', '--observers', 'O1,M1'], { cwd: dir }).stderr).toMatch(
      /hamar-1: fewer than two of those observers tagged it/,
    );
  });

  it('stats, compare, participation and search answer with tables, --json and --csv', async () => {
    const dir = codedProject();
    await fokusIn(['tag', 'hamar-1', '--observer', 'O1', '--turn', 't2', '--code', 'arenaer/hjemmet', '--code', 'verdier/respekt'], {
      cwd: dir,
    });
    await fokusIn(['tag', 'hamar-1', '--observer', 'O1', '--turn', 't6', '--code', 'verdier/medvirkning', '--mark', 'dissent'], {
      cwd: dir,
    });
    const stats = fokus(['stats', '--by', 'category'], { cwd: dir });
    expect(stats.stdout).toMatch(/^code\s+tags\s+turns\s+speakers\s+sessions\s+staff\s+user-representative$/m);
    expect(fokus(['stats', '--cooccurrence', '--csv'], { cwd: dir }).stdout).toBe(
      'code_a,code_b,turns\narenaer/hjemmet,verdier/respekt,1\n',
    );
    const cmp = JSON.parse(fokus(['compare', '--by', 'category', '--json'], { cwd: dir }).stdout);
    expect(cmp.rows.find((r: { code: string }) => r.code === 'verdier/medvirkning')).toMatchObject({
      only: 'user-representative',
      dissent: 1,
    });
    const cmpText = fokus(['compare'], { cwd: dir }).stdout;
    expect(cmpText).toMatch(/brukerrepresentant \(1\)/);
    const part = fokus(['participation', 'hamar-1'], { cwd: dir });
    expect(part.stdout).toMatch(/^P1\s+ansatt\s+2\s+\d+\s+[\d.]+%\s+q1 q2/m);
    expect(part.stdout).toMatch(/^q2\s+4\s+M1 P1 P2 P3\s*$/m);
    const found = fokus(['search', 'respekt', '--json'], { cwd: dir });
    expect(JSON.parse(found.stdout).hits.map((h: { turn: string }) => h.turn)).toEqual(['t5', 't8']);
    const filtered = fokus(['search', 'hjem', '--code', 'arenaer'], { cwd: dir });
    expect(filtered.stdout.trim().split('\n')).toHaveLength(2);
    expect(filtered.stderr).toMatch(/2 match\(es\) in 1 session/);
    const bad = fokus(['search', '(', '--regex'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid regular expression/);
  });
});
