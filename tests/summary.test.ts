// The loop's core without the command line: how a summary is drafted (breadth, standing,
// anonymised quotes, open questions), how a re-draft keeps the researcher's words, how a
// validation is recorded, and that the summary file reads back exactly as written.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { codeSession, speakerIndex } from '../src/core/coding.js';
import { recordValidation, validatedIds, writeValidationLines } from '../src/core/feedback.js';
import type { Feedback, Guide, Manifest, Participant, Tag } from '../src/core/model.js';
import { blockHash, parseSummary, pointOf, renderSummary, summaryOf } from '../src/core/summary.js';
import { draftSummary, quoteText, type DraftInput } from '../src/core/summary-draft.js';
import { mergeSummary, type DraftRecord } from '../src/core/summary-merge.js';
import { readTranscript } from '../src/transcript/index.js';
import { UserError } from '../src/errors.js';

const TEXT = `## Innledning #q1

**M1** #t1: Velkommen. Først en runde.

**P1** #t2: Jeg heter P1 og jobber i hjemmetjenesten. Relasjonen er alt i dette arbeidet.

## Hva er viktig? #q2

**M1** #t3: Hva er det viktigste dere gjør?

**P1** #t4: Det viktigste er at vi kommer igjen, uke etter uke, også når døra er stengt.

**P2** #t5: [ler] Ja, og at de ikke gir opp. Hun satt på trappa i en time før jeg åpnet. [pause] Det glemmer jeg aldri.

**P3** #t6: Vi må også ha tid. Uten tid blir det bare fine ord på et papir.

**P4** #t7: Jeg er ikke enig i at det bare handler om tid. Det handler om hvem du er.

**P5** #t8: Skjemaene stjeler tida vår, helt klart.

**P6** #t9: For meg er det viktigste at jeg får bestemme selv hva vi skal snakke om.
`;

const participants: Participant[] = [
  { code: 'P1', group: 'g', category: 'staff' },
  { code: 'P2', group: 'g', category: 'user-representative' },
  { code: 'P3', group: 'g', category: 'staff' },
  { code: 'P4', group: 'g', category: 'user-representative' },
  { code: 'P5', group: 'g', category: 'staff' },
  { code: 'P6', group: 'g', category: 'user-representative' },
  { code: 'P7', group: 'g', category: 'staff' },
];
const manifest: Manifest = { title: 'T', language: 'nb', team: [{ code: 'M1', roles: ['moderator'] }] };
const guide: Guide = {
  id: 'g',
  title: 'G',
  questions: [
    { id: 'q1', kind: 'opening', text: 'Innledning' },
    { id: 'q2', kind: 'key', text: 'Hva er viktig?' },
    { id: 'q3', kind: 'key', text: 'Hva mangler?' },
  ],
};
const transcript = readTranscript('md', 'transcript.md', TEXT).transcript;
const ATTENDEES = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'];

function draft(o1: Tag[], o2: Tag[] = [], more: Partial<DraftInput> = {}, attendees = ATTENDEES) {
  const session = { id: 's-1', group: 'g', number: 1, status: 'held' as const, attendees };
  const coded = codeSession(session, transcript, [
    { observer: 'O1', value: { tags: o1 } },
    { observer: 'O2', value: { tags: o2 } },
  ]);
  return draftSummary({
    coded,
    manifest,
    speakerOf: speakerIndex(participants, manifest.team!),
    codebook: {
      codes: [
        { code: 'verdier', label: 'Verdier' },
        { code: 'verdier/relasjon', label: 'Relasjon' },
        { code: 'rammer/tid', label: 'Tid' },
      ],
    },
    guide,
    by: 'question',
    lang: 'nb',
    ...more,
  });
}

const points = (d: ReturnType<typeof draft>) => d.themes.flatMap((t) => t.points);

describe('drafting a summary', () => {
  it('counts breadth as the participants who voiced a point, by category, whichever observer tagged it', () => {
    const d = draft(
      [
        { code: 'verdier/relasjon', turn: 't4' },
        { code: 'verdier/relasjon', turn: 't5' },
      ],
      [
        { code: 'verdier/relasjon', turn: 't5' },
        { code: 'verdier/relasjon', turn: 't3' }, // the moderator's question is no one's view
        { code: 'verdier/relasjon', turn: 't8' },
      ],
    );
    const [p] = points(d);
    expect(p!.voices).toEqual(['P1', 'P2', 'P5']);
    expect(p!.byCategory).toEqual({ staff: 2, 'user-representative': 1 });
    expect(p!.attendees).toBe(6);
    // Three of six is at least a third: shared, without any mark.
    expect(p!.standing).toBe('shared');
    expect(p!.title).toBe('Relasjon (verdier)');
  });

  it('reads standing from the marks first, then from how widely a point was voiced', () => {
    const tid = [
      { code: 'rammer/tid', turn: 't6' },
      { code: 'rammer/tid', turn: 't8' },
    ];
    expect(points(draft(tid))[0]!.standing).toBe('shared'); // 2 of 6: a third
    expect(points(draft(tid, [], {}, [...ATTENDEES, 'P7']))[0]!.standing).toBe('minority'); // 2 of 7: under a third
    const agreed = draft([
      { code: 'rammer/tid', turn: 't6', marks: ['consensus'] },
      { code: 'rammer/tid', turn: 't8' },
    ]);
    expect(points(agreed)[0]!.standing).toBe('shared');
    const disputed = draft([
      { code: 'rammer/tid', turn: 't6', marks: ['consensus'] },
      { code: 'rammer/tid', turn: 't7', marks: ['dissent'] },
    ]);
    expect(points(disputed)[0]!.standing).toBe('dissent');
  });

  it('keeps a marked minority view apart from the shared view on the same code', () => {
    const d = draft([
      { code: 'rammer/tid', turn: 't6' },
      { code: 'rammer/tid', turn: 't8' },
      { code: 'rammer/tid', turn: 't5' },
      { code: 'rammer/tid', turn: 't7', marks: ['minority'] },
    ]);
    const ps = points(d);
    expect(ps.map((p) => [p.key, p.standing, p.voices])).toEqual([
      ['q2 rammer/tid', 'shared', ['P2', 'P3', 'P5']],
      ['q2 rammer/tid minority', 'minority', ['P4']],
    ]);
    expect(d.open.map((o) => o.key)).toEqual(['minority q2 rammer/tid minority', 'unasked q3']);
  });

  it('leaves out single unmarked mentions, introductions and talk about the last summary', () => {
    const d = draft([
      { code: 'verdier/relasjon', turn: 't2', marks: ['quote'] }, // under the opening question
      { code: 'verdier', turn: 't9' }, // one voice, no mark, no memo
    ]);
    expect(points(d)).toEqual([]);
    const noted = draft([{ code: 'verdier', turn: 't9', memo: 'Selvbestemmelse nevnt av én.' }]);
    expect(points(noted).map((p) => p.memos)).toEqual([['Selvbestemmelse nevnt av én.']]);
    expect(points(draft([{ code: 'verdier', turn: 't9' }], [], { minVoices: 1 }))).toHaveLength(1);
  });

  it('quotes participants by category, prefers passages marked as quotes, and cleans stage directions', () => {
    const d = draft([
      { code: 'verdier/relasjon', turn: 't4' },
      { code: 'verdier/relasjon', turn: 't5', marks: ['quote'] },
      { code: 'verdier/relasjon', turn: 't6' },
      { code: 'verdier/relasjon', turn: 't3' },
    ]);
    const [p] = points(d);
    expect(p!.quotes[0]).toMatchObject({
      speaker: 'P2',
      category: 'user-representative',
      marked: true,
      text: 'Ja, og at de ikke gir opp. Hun satt på trappa i en time før jeg åpnet. Det glemmer jeg aldri.',
    });
    // A second perspective: a staff member, since the quote was a user representative's.
    expect(p!.quotes[1]!.category).toBe('staff');
    expect(p!.quotes.length).toBeLessThanOrEqual(3);
    expect(p!.quotes.every((q) => q.speaker !== 'M1')).toBe(true);
  });

  it('cuts long quotes at a sentence and keeps [navn] and uncertain words', () => {
    expect(quoteText('Hun [navn] sa [usikkert: kanskje] ja [latter: flere].')).toBe('Hun [navn] sa kanskje ja.');
    const long = `${'Dette er en setning med mange ord i seg. '.repeat(12)}`;
    const q = quoteText(long);
    expect(q.endsWith('[…]')).toBe(true);
    expect(q.split(' ').length).toBeLessThanOrEqual(62);
  });

  it('asks about follow-up notes and key questions the session never reached', () => {
    const d = draft([{ code: 'rammer/tid', turn: 't6', marks: ['quote'] }], [], {
      notes: [{ observer: 'O1', notes: [{ at: '00:10:00', kind: 'follow-up', text: 'Spør P4 om hva «hvem du er» betyr.' }] }],
    });
    expect(d.open.map((o) => o.text)).toEqual(['Spør P4 om hva «hvem du er» betyr.', 'Vi rakk ikke spørsmålet: «Hva mangler?»']);
  });
});

const RECORD_TEXT = (
  d: ReturnType<typeof draft>,
  existing?: ReturnType<typeof parseSummary>,
  record: DraftRecord = { points: {} },
  validated = new Set<string>(),
) =>
  mergeSummary({
    ...(existing ? { existing } : {}),
    record,
    draft: d,
    validated,
    manifest,
    lang: 'nb',
    fresh: { front: ['session: s-1', 'version: 1'], head: ['', '# Oppsummering', ''] },
  });

describe('drafting again', () => {
  const first = draft([
    { code: 'verdier/relasjon', turn: 't4', memo: 'Å komme igjen.' },
    { code: 'verdier/relasjon', turn: 't5', marks: ['quote'] },
    { code: 'rammer/tid', turn: 't6', marks: ['quote'] },
    { code: 'rammer/tid', turn: 't8' },
  ]);

  it('writes a first draft that reads back as the same points', () => {
    const r = RECORD_TEXT(first);
    const text = renderSummary(r.doc);
    expect(text.endsWith('\n')).toBe(true);
    const s = summaryOf(parseSummary(text), { version: 1 });
    expect(s.themes.map((t) => [t.id, t.points.map((p) => [p.id, p.standing])])).toEqual([
      [
        'q2',
        [
          ['p1', 'shared'],
          ['p2', 'shared'],
        ],
      ],
    ]);
    expect(s.themes[0]!.points[0]!.quotes[0]!.by).toBe('brukerrepresentant');
    expect(Object.values(r.record.points).map((x) => x.key)).toEqual(['q2 verdier/relasjon', 'q2 rammer/tid', 'open unasked q3']);
  });

  it("keeps the researcher's edits, deletions and own points; refreshes the rest; proposes what is new", () => {
    const r1 = RECORD_TEXT(first);
    let text = renderSummary(r1.doc);
    // The researcher rewrites p1, deletes p2 and adds a point of their own.
    const edited = text
      .replace(/(### Relasjon \(verdier\) \{#p1\}\n\n_[^\n]*_\n\n)[^\n]*\n/, '$1Gruppa mener at det å komme igjen er selve arbeidet.\n')
      .replace(/### Tid \(rammer\) \{#p2\}[\s\S]*?(?=\n## )/, '### Mitt eget punkt\n\nNoe jeg la merke til.\n');
    expect(edited).not.toBe(text);
    // More tagging since: a new code appears, and the old ones change.
    const second = draft([
      { code: 'verdier/relasjon', turn: 't4', memo: 'Å komme igjen.' },
      { code: 'verdier/relasjon', turn: 't5', marks: ['quote'] },
      { code: 'verdier/relasjon', turn: 't6' },
      { code: 'rammer/tid', turn: 't6', marks: ['quote'] },
      { code: 'rammer/tid', turn: 't8' },
      { code: 'verdier', turn: 't9', marks: ['minority'] },
    ]);
    const r2 = RECORD_TEXT(second, parseSummary(edited), r1.record);
    text = renderSummary(r2.doc);
    expect(text).toContain('Gruppa mener at det å komme igjen er selve arbeidet.');
    // The researcher's point gets the next id (p2 stays used: it was deleted, not forgotten).
    expect(text).toContain('### Mitt eget punkt {#p3}\n\nNoe jeg la merke til.');
    expect(text).not.toContain('{#p2}');
    expect(text).toMatch(/### Verdier \{#p4\}\n\n_Forslag fra fokus/);
    expect(r2.changes.map((c) => [c.id, c.action, c.why])).toEqual([
      ['p1', 'kept', 'edited'],
      ['p3', 'numbered', undefined],
      ['p4', 'added', undefined],
      ['o2', 'added', undefined],
    ]);
    // A third run changes nothing the researcher wrote and re-proposes nothing deleted.
    const r3 = RECORD_TEXT(second, parseSummary(text), r2.record);
    expect(renderSummary(r3.doc)).toBe(text);
  });

  it('refreshes a point nobody touched, and freezes one the group has validated', () => {
    const r1 = RECORD_TEXT(first);
    const more = draft([
      { code: 'verdier/relasjon', turn: 't4', memo: 'Å komme igjen.' },
      { code: 'verdier/relasjon', turn: 't5', marks: ['quote'] },
      { code: 'verdier/relasjon', turn: 't9' },
      { code: 'rammer/tid', turn: 't6', marks: ['quote'] },
      { code: 'rammer/tid', turn: 't8' },
    ]);
    const r2 = RECORD_TEXT(more, r1.doc, r1.record);
    expect(r2.changes).toEqual([{ id: 'p1', action: 'refreshed', title: 'Relasjon (verdier)' }]);
    expect(renderSummary(r2.doc)).toContain('tatt opp av 3 av 6 deltakere');
    const frozen = RECORD_TEXT(more, r1.doc, r1.record, new Set(['p1']));
    expect(frozen.changes[0]).toMatchObject({ id: 'p1', action: 'kept', why: 'validated' });
    expect(renderSummary(frozen.doc)).toBe(renderSummary(r1.doc));
  });
});

describe('recording a validation', () => {
  const doc = () =>
    RECORD_TEXT(
      draft([
        { code: 'verdier/relasjon', turn: 't4', marks: ['quote'] },
        { code: 'verdier/relasjon', turn: 't5' },
        { code: 'rammer/tid', turn: 't6', marks: ['quote'] },
      ]),
    ).doc;
  const input = (feedback: Feedback = { validations: [] }) => ({
    doc: doc(),
    feedback,
    version: 1,
    usedIds: ['p7'],
    numberOf: () => 2,
    lang: 'nb' as const,
  });

  it('writes a line per response under the meta line, adds new points and starts a new version once per presentation', () => {
    const r = recordValidation({
      ...input(),
      round: {
        at: 's-2',
        date: '2025-04-01',
        responses: [
          { point: 'p1', response: 'confirmed', by: 'group' },
          { point: 'p2', response: 'corrected', by: ['P3'], note: 'Tid er en forutsetning.' },
        ],
        added: [{ text: 'Pårørende må med. De kjenner personen best.', by: ['P4'] }],
      },
    });
    expect(r.newVersion).toBe(true);
    expect(r.added).toEqual([{ point: 'p8', text: 'Pårørende må med. De kjenner personen best.', by: ['P4'] }]);
    const text = renderSummary(r.doc);
    expect(text).toMatch(/\{#p1\}\n\n_[^\n]+_\n\n\*\*Validert på samling 2 \(2025-04-01\):\*\* bekreftet av gruppa\.\n/);
    expect(text).toContain('**Validert på samling 2 (2025-04-01):** korrigert av P3. Tid er en forutsetning.');
    expect(text).toContain('### Pårørende må med {#p8}\n\n**Lagt til på samling 2 (2025-04-01)** av P4.\n\nDe kjenner personen best.');
    expect(validatedIds(r.feedback)).toEqual(new Set(['p1', 'p2', 'p8']));
    // The lines are the record's: writing them again changes nothing, and they do not count as an edit.
    const again = {
      ...r.doc,
      sections: r.doc.sections.map((s) => ({ ...s, blocks: s.blocks.map((b) => ({ ...b, lines: [...b.lines] })) })),
    };
    writeValidationLines(again, r.feedback, () => 2, 'nb');
    expect(renderSummary(again)).toBe(text);
    const before = doc().sections[0]!.blocks[0]!;
    expect(blockHash(r.doc.sections[0]!.blocks[0]!)).toBe(blockHash(before));
    expect(pointOf(r.doc.sections[0]!.blocks[1]!).text).toBe(pointOf(doc().sections[0]!.blocks[1]!).text);

    // More responses at the same session: the same version.
    const more = recordValidation({ ...input(r.feedback), round: { at: 's-2', responses: [], added: [{ text: 'En til.' }] } });
    expect(more.newVersion).toBe(false);
  });

  it('refuses unknown points and a second response to the same point, naming them', () => {
    const e1 = (() => {
      try {
        recordValidation({ ...input(), round: { at: 's-2', responses: [{ point: 'p9', response: 'confirmed' }], added: [] } });
      } catch (e) {
        return e as UserError;
      }
    })();
    expect(e1?.problems[0]?.message).toBe('the summary has no point p9 (points: p1, p2)');
    const fb: Feedback = { validations: [{ at: 's-2', version: 1, responses: [{ point: 'p1', response: 'confirmed' }] }] };
    expect(() =>
      recordValidation({ ...input(fb), round: { at: 's-2', responses: [{ point: 'p1', response: 'rejected' }], added: [] } }),
    ).toThrow(/p1 already has a response from s-2 \(confirmed\)/);
  });
});

describe('the summary file', () => {
  it('reads back exactly as written, whatever the lines', () => {
    const line = fc.oneof(
      fc.constantFrom(
        '',
        '---',
        '## Tema {#q1}',
        '### Punkt {#p1}',
        '### Punkt',
        '- spørsmål {#o1}',
        '## Åpne {#open}',
        '```',
        '> «sitat» (ansatt)',
        '_Felles syn · x_',
      ),
      fc.string(),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const text = lines.join('\n').replace(/\r/g, '');
        expect(renderSummary(parseSummary(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
