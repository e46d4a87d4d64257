import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readMarkdownTranscript, writeMarkdownTranscript, insertMarkdownIds } from '../src/transcript/markdown.js';
import { readYamlTranscript, writeYamlTranscript } from '../src/transcript/yaml.js';
import type { Block, Transcript } from '../src/core/model.js';
import type { Problem } from '../src/errors.js';
import { normalizeText, oneLine } from '../src/core/text.js';

// --- generators ---------------------------------------------------------------------------------

// Pieces that stress the Markdown syntax: bold, headings, escapes, brackets, colons, æøå, NBSP.
const tricky = fc.constantFrom(
  '*',
  '**',
  '#',
  '## ',
  '\\',
  '[',
  ']',
  ':',
  ': ',
  '-',
  '–',
  '\n',
  '\n\n',
  ' ',
  '\t',
  'æ',
  'ø',
  'å',
  'Å',
  '«',
  '»',
  '---',
  '**P1**: ',
  '**P2** #t9: x',
  '[pause]',
  '[latter',
  '\u00a0',
  'e\u0301',
  '#q1',
  ' #q2',
  '|',
  '"',
  "'",
  '{',
  '>',
  '- ',
);
const chunk = fc.oneof(tricky, fc.string({ maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 4 }));
const rawText = fc.array(chunk, { maxLength: 12 }).map((a) => a.join(''));
const code = fc.oneof(fc.constantFrom('P1', 'P12', 'M1', 'O1', '?'), fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,7}$/));
const localId = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,6}$/);
const time = fc.integer({ min: 0, max: 36_000_000 });

const turn = fc.record({
  speaker: code,
  text: rawText.map(normalizeText),
  times: fc.option(fc.tuple(time, fc.option(fc.integer({ min: 0, max: 600_000 }), { nil: undefined })), { nil: undefined }),
});
const heading = fc.record({ title: rawText.map(oneLine), question: fc.option(localId, { nil: undefined }) });

const transcriptArb: fc.Arbitrary<Transcript> = fc
  .record({
    blocks: fc.array(fc.oneof({ weight: 4, arbitrary: turn.map((t) => ({ t })) }, { weight: 1, arbitrary: heading.map((h) => ({ h })) }), {
      minLength: 1,
      maxLength: 12,
    }),
    ids: fc.uniqueArray(localId, { minLength: 12, maxLength: 12 }),
    title: fc.option(rawText.map(oneLine), { nil: undefined }),
    source: fc.option(rawText.map(oneLine), { nil: undefined }),
  })
  .map(({ blocks, ids, title, source }) => {
    const out: Block[] = blocks.map((b, i) => {
      if ('h' in b)
        return b.h.question === undefined
          ? { kind: 'heading', title: b.h.title }
          : { kind: 'heading', title: b.h.title, question: b.h.question };
      const t: Block = { kind: 'turn', id: ids[i]!, speaker: b.t.speaker, text: b.t.text };
      if (b.t.times) {
        t.start = b.t.times[0];
        if (b.t.times[1] !== undefined) t.end = b.t.times[0] + b.t.times[1];
      }
      return t;
    });
    const tr: Transcript = { blocks: out };
    if (title !== undefined) tr.title = title;
    if (source !== undefined) tr.source = source;
    return tr;
  });

// FOKUS_FUZZ_RUNS raises the number of cases for a deeper search (default 400).
const RUNS = Number(process.env.FOKUS_FUZZ_RUNS ?? 400);

const errorsOf = (r: { problems: Problem[] }) => r.problems.filter((p) => p.severity === 'error');

// --- properties ---------------------------------------------------------------------------------

describe('lossless round trips (property tests)', () => {
  it('Markdown: read(write(t)) is t', () => {
    fc.assert(
      fc.property(transcriptArb, (t) => {
        const back = readMarkdownTranscript('t.md', writeMarkdownTranscript(t));
        expect(errorsOf(back)).toEqual([]);
        expect(back.transcript).toEqual(t);
      }),
      { numRuns: RUNS },
    );
  });

  it('YAML: read(write(t)) is t', () => {
    fc.assert(
      fc.property(transcriptArb, (t) => {
        const back = readYamlTranscript('t.yaml', writeYamlTranscript(t));
        expect(errorsOf(back)).toEqual([]);
        expect(back.transcript).toEqual(t);
      }),
      { numRuns: RUNS },
    );
  });

  it('Markdown -> YAML -> Markdown gives the same file', () => {
    fc.assert(
      fc.property(transcriptArb, (t) => {
        const md = writeMarkdownTranscript(t);
        const viaYaml = readYamlTranscript('t.yaml', writeYamlTranscript(readMarkdownTranscript('t.md', md).transcript)).transcript;
        expect(writeMarkdownTranscript(viaYaml)).toBe(md);
      }),
      { numRuns: RUNS / 2 },
    );
  });
});

// --- the Markdown form -----------------------------------------------------------------------------

describe('Markdown transcripts', () => {
  const sample = [
    '---',
    'title: Elvedal, samling 1',
    '---',
    '',
    '## Åpningsrunde #q1',
    '',
    '**M1** [00:00:12] #t1: Velkommen, alle sammen.',
    '',
    '**P3** [00:01:05-00:01:40.250] #t2: Jeg er P3. [pause]',
    'Det jeg er mest opptatt av, er å bli tatt på alvor.',
    '',
    'Ny avsnitt i samme tur.',
    '',
    '**P5:** [overlapp] Ja, det er der det starter. [latter]',
    '',
  ].join('\n');

  it('reads speakers, times, ids, headings and multi-line text', () => {
    const r = readMarkdownTranscript('t.md', sample);
    expect(errorsOf(r)).toEqual([]);
    expect(r.transcript.title).toBe('Elvedal, samling 1');
    expect(r.transcript.blocks).toEqual([
      { kind: 'heading', title: 'Åpningsrunde', question: 'q1' },
      { kind: 'turn', id: 't1', speaker: 'M1', start: 12_000, text: 'Velkommen, alle sammen.' },
      {
        kind: 'turn',
        id: 't2',
        speaker: 'P3',
        start: 65_000,
        end: 100_250,
        text: 'Jeg er P3. [pause]\nDet jeg er mest opptatt av, er å bli tatt på alvor.\n\nNy avsnitt i samme tur.',
      },
      // `**P5:**` has no id: it gets the next free one, and is reported as unnumbered.
      { kind: 'turn', id: 't3', speaker: 'P5', text: '[overlapp] Ja, det er der det starter. [latter]' },
    ]);
    expect(r.unnumbered).toEqual([3]);
  });

  it('knows where each part is', () => {
    const r = readMarkdownTranscript('t.md', sample);
    expect(r.locate(2, 'speaker')).toEqual({ line: 9, col: 3 });
    expect(r.locate(2, 'time')).toEqual({ line: 9, col: 8 });
    expect(r.locate(2, 'id')).toEqual({ line: 9, col: 32 });
    expect(r.locate(0, 'question')).toEqual({ line: 5, col: 17 });
  });

  it('escapes continuation lines that would start a turn or heading, and reads them back', () => {
    const t: Transcript = {
      blocks: [{ kind: 'turn', id: 't1', speaker: 'P1', text: 'først\n**P2**: ikke en tur\n## ikke en overskrift\n\\ skråstrek' }],
    };
    const md = writeMarkdownTranscript(t);
    expect(md).toBe('**P1** #t1: først\n\\**P2**: ikke en tur\n\\## ikke en overskrift\n\\\\ skråstrek\n');
    expect(readMarkdownTranscript('t.md', md).transcript).toEqual(t);
  });

  it('escapes a heading title that ends like a question reference', () => {
    const t: Transcript = {
      blocks: [
        { kind: 'heading', title: 'Tema #q7' },
        { kind: 'turn', id: 't1', speaker: 'P1', text: 'x' },
      ],
    };
    const md = writeMarkdownTranscript(t);
    expect(md.split('\n')[0]).toBe('## Tema \\#q7');
    expect(readMarkdownTranscript('t.md', md).transcript).toEqual(t);
  });

  it('reports text outside a turn, a bad time, a bad id and a missing colon with positions', () => {
    const bad = [
      'innledende tekst',
      '',
      '**P1** [00:0x:12] #t1: hei',
      '',
      '**P2** #1t: hallo',
      '',
      '**P3** [00:00:01] ingen kolon',
      '',
    ].join('\n');
    const r = readMarkdownTranscript('t.md', bad);
    expect(errorsOf(r).map((p) => [p.line, p.col, p.code])).toEqual([
      [1, 1, 'text-outside-turn'],
      [3, 8, 'bad-time'],
      [5, 8, 'bad-id'],
      [7, 1, 'bad-turn-header'],
    ]);
  });

  it('points at an unclosed mark, a bad front-matter field and a heading reference exactly', () => {
    const md = [
      '---',
      'title: 1.50',
      'sted: Hamar',
      '---',
      '',
      '## Start #q1   ',
      '',
      '**P1** #t1:   Først [latter]',
      'så noe [uhørbart',
      '',
    ].join('\n');
    const r = readMarkdownTranscript('t.md', md);
    expect(r.transcript.title).toBe('1.50');
    expect(r.problems.map((p) => [p.code, p.line, p.col])).toEqual([
      ['transcript-syntax', 3, 1],
      ['unclosed-mark', 9, 8],
    ]);
    expect(r.locate(0, 'question')).toEqual({ line: 6, col: 10 });
    const y = readYamlTranscript('t.yaml', 'turns:\n  - id: t1\n    speaker: P1\n    text: |-\n      Først\n      så [uhørbart\n');
    expect(y.problems.map((p) => [p.code, p.line, p.col])).toEqual([['unclosed-mark', 6, 10]]);
  });

  it('treats an empty title the same in both forms, and an empty turn list as an error in both', () => {
    expect(readMarkdownTranscript('t.md', '---\ntitle:\n---\n**P1** #t1: x\n').transcript.title).toBeUndefined();
    expect(readYamlTranscript('t.yaml', 'title:\nturns:\n  - id: t1\n    speaker: P1\n    text: x\n').transcript.title).toBeUndefined();
    expect(errorsOf(readYamlTranscript('t.yaml', 'turns: []\n')).map((p) => p.code)).toEqual(['empty-transcript']);
  });

  it('reports a duplicate turn id at the second use, naming the first', () => {
    const r = readMarkdownTranscript('t.md', '**P1** #t1: a\n\n**P2** #t1: b\n');
    expect(errorsOf(r)).toMatchObject([
      { code: 'duplicate-turn-id', line: 3, col: 8, message: "duplicate turn id 't1' (first used at line 1)" },
    ]);
  });

  it('gives hand-added turns ids after the highest existing one', () => {
    const r = readMarkdownTranscript('t.md', '**P1** #t7: a\n\n**P2**: b\n\n**P1** #t2: c\n');
    expect(r.transcript.blocks.map((b) => (b.kind === 'turn' ? b.id : ''))).toEqual(['t7', 't8', 't2']);
  });

  it('writes ids into headers without touching anything else', () => {
    const text = '<!-- not ours -->\n**P1** [00:00:01]: a\n\n**P2**:   b  \n';
    const out = insertMarkdownIds(text.replace('<!-- not ours -->\n', ''), [
      { line: 1, id: 't1' },
      { line: 3, id: 't2' },
    ]);
    expect(out).toBe('**P1** [00:00:01] #t1: a\n\n**P2** #t2:   b  \n');
  });
});

describe('YAML transcripts', () => {
  it('reads turns and headings, times as text or seconds, and keeps numbers-as-text verbatim', () => {
    const r = readYamlTranscript(
      't.yaml',
      [
        'title: Fjordvik, samling 1',
        'turns:',
        '  - heading: Åpning',
        '    question: q1',
        '  - id: t1',
        '    speaker: M1',
        '    start: 00:00:05',
        '    text: Velkommen.',
        '  - id: t2',
        '    speaker: "?"',
        '    start: 65.5',
        '    end: 70',
        '    text: 1.50',
        '',
      ].join('\n'),
    );
    expect(errorsOf(r)).toEqual([]);
    expect(r.transcript.blocks).toEqual([
      { kind: 'heading', title: 'Åpning', question: 'q1' },
      { kind: 'turn', id: 't1', speaker: 'M1', start: 5_000, text: 'Velkommen.' },
      { kind: 'turn', id: 't2', speaker: '?', start: 65_500, end: 70_000, text: '1.50' },
    ]);
  });

  it('explains a bare ? as speaker', () => {
    const r = readYamlTranscript('t.yaml', 'turns:\n  - id: t1\n    speaker: ?\n    text: hei\n');
    expect(errorsOf(r)[0]).toMatchObject({ line: 3, message: expect.stringContaining('speaker: "?"') });
  });

  it('reports unknown fields, a missing speaker and a bad time with positions', () => {
    const r = readYamlTranscript(
      't.yaml',
      [
        'turns:',
        '  - id: t1',
        '    speakr: P1',
        '    text: hei',
        '  - id: t2',
        '    speaker: P2',
        '    start: 7 minutter',
        '    text: hallo',
        '',
      ].join('\n'),
    );
    expect(errorsOf(r).map((p) => [p.line, p.col, p.code])).toEqual([
      [3, 5, 'transcript-syntax'],
      [2, 5, 'missing-speaker'],
      [7, 12, 'bad-time'],
    ]);
  });
});
