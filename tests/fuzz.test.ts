// Property-based fuzzing of every reader (issue 8, part 6): arbitrary and mutated input never
// escapes as anything but a UserError (or reported problems) with a position, no reader takes
// more than a second on a small input, and what fokus writes it reads back unchanged.
// No fixed seed: a failure prints fast-check's seed and path; rerun it with `{ seed, path }` in the
// property's options. FOKUS_FUZZ_RUNS=20000 multiplies every property's runs by 50 (20000 / 400).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { UserError, type Problem } from '../src/errors.js';
import {
  TAG_MARKS,
  turnsOf,
  type Block,
  type Code,
  type Codebook,
  type FieldNotes,
  type Manifest,
  type Participant,
  type Session,
  type Tag,
  type TagFile,
  type Transcript,
  type TranscriptFormat,
} from '../src/core/model.js';
import { CODE_PATH_RE, CODE_RE, SLUG_RE } from '../src/core/ids.js';
import { normalizeText, oneLine } from '../src/core/text.js';
import { formatTime } from '../src/core/time.js';
import { detectFormat, importText, joinUtterances } from '../src/importers/index.js';
import { decodeText } from '../src/store/text-file.js';
import { readTranscript, writeTranscript, type TranscriptRead } from '../src/transcript/index.js';
import { yamlTooDeep } from '../src/store/yaml-doc.js';
import { projectProblems } from '../src/commands/validate.js';
import { loadProject, readChecked } from '../src/store/project.js';
import { readSummary } from '../src/store/summary.js';
import { appendCodes, appendTags, codebookPath, tagFilePath, TAG_ORDER } from '../src/store/coding.js';
import { appendIn, parseYaml, renderYaml, setIn, yamlData, yamlProblems, type YamlFile } from '../src/store/yaml-doc.js';
import { checkCodebook, checkTagFile } from '../src/core/schema.js';
import { buildRefiProject, sourceText } from '../src/core/refi-export.js';
import { planRefiImport } from '../src/core/refi-import.js';
import {
  toCodePoints,
  type RefiCode,
  type RefiProject,
  type RefiSource,
  type RefiValue,
  type RefiVariable,
  type VariableType,
} from '../src/core/refi.js';
import { codeSession } from '../src/core/coding.js';
import { readProjectXml } from '../src/importers/qde.js';
import { readSourceText } from '../src/importers/source-text.js';
import { elements, parseXml, type XmlElement } from '../src/importers/xml.js';
import { writeCodebookXml, writeProjectXml } from '../src/writers/qde.js';
import { xmlSafe } from '../src/writers/xml.js';
import { EXAMPLE, FIXTURES, tmp, userError } from './helpers.js';

// --- shared helpers ---------------------------------------------------------------------------------

const SCALE = Number(process.env.FOKUS_FUZZ_RUNS ?? 400) / 400;
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));

/** Whatever a reader may count as a line break: positions past the last line are wrong. */
const lineCount = (text: string) => text.split(/\r\n|[\n\r\u2028\u2029\u0085\v\f]/).length;

const LIMIT_MS = 1000;

/** Runs a reader, failing when it takes over a second on input under 10 KB (catastrophic backtracking). */
function timed<T>(what: string, size: number, f: () => T): T {
  const t0 = performance.now();
  try {
    return f();
  } finally {
    const ms = performance.now() - t0;
    if (size < 10_000 && ms > LIMIT_MS) throw new Error(`${what} took ${Math.round(ms)} ms on ${size} characters`);
  }
}

/** A problem the user can act on: in a file, at a line and column inside the text. */
function expectPositioned(p: Problem, text: string, file?: string): void {
  const where = JSON.stringify(p);
  if (file !== undefined) expect(p.file, where).toBe(file);
  expect(p.line, where).toBeGreaterThanOrEqual(1);
  expect(p.line, where).toBeLessThanOrEqual(lineCount(text));
  expect(p.col, where).toBeGreaterThanOrEqual(1);
}

/** The reader's value, or the UserError it threw (checked to carry positions); any other exception fails. */
function valueOrUserError<T>(f: () => T, text: string, file?: string): T | UserError {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    expect(e.problems.length).toBeGreaterThan(0);
    for (const p of e.problems) expectPositioned(p, text, file);
    return e;
  }
}

const errorsOf = (problems: readonly Problem[]) => problems.filter((p) => p.severity === 'error');

// Mutations of a valid file: flipped characters, lines deleted, duplicated or swapped, syntax inserted.
const INSERTS = [
  ':',
  ': ',
  '-',
  '- ',
  '[',
  ']',
  '{',
  '}',
  '&a ',
  '*a',
  '!!str ',
  '? ',
  '|',
  '>-',
  '\t',
  '\u0000',
  '\uFEFF',
  '\r',
  '\r\n',
  '\n',
  '\n\n',
  '"',
  "'",
  '#',
  '## ',
  '**',
  '**P1**: ',
  '---\n',
  '\\',
  '<',
  '>',
  '&',
  '&#0;',
  '&amp;',
  '-->',
  ' --> ',
  '00:00:01.000',
  '00:00:01,000 --> 00:00:02,000',
  '99:99:99',
  '[00:01:02]',
  '#t1',
  ',',
  '%YAML 1.1\n',
  '😀',
  'æøå',
  'Å',
  '\u00a0',
  '\u2028',
  'e\u0301',
  '0',
  '-1',
  '1e999',
  'null',
  'yes',
  '~',
];

type Mutation =
  | { kind: 'flip'; at: number; by: string }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'cut'; at: number; length: number }
  | { kind: 'delete-line' | 'duplicate-line'; line: number }
  | { kind: 'swap-lines'; line: number; other: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), by: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...INSERTS) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constantFrom('delete-line' as const, 'duplicate-line' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('swap-lines' as const), line: fc.nat(), other: fc.nat() }),
);

function mutate(text: string, mutations: readonly Mutation[]): string {
  let s = text;
  for (const m of mutations) {
    const at = (n: number) => n % (s.length + 1);
    const lines = s.split('\n');
    const li = (n: number) => n % lines.length;
    switch (m.kind) {
      case 'flip':
        s = s.slice(0, at(m.at)) + m.by + s.slice(at(m.at) + 1);
        break;
      case 'insert':
        s = s.slice(0, at(m.at)) + m.text + s.slice(at(m.at));
        break;
      case 'cut':
        s = s.slice(0, at(m.at)) + s.slice(at(m.at) + m.length);
        break;
      case 'delete-line':
        lines.splice(li(m.line), 1);
        s = lines.join('\n');
        break;
      case 'duplicate-line':
        lines.splice(li(m.line), 0, lines[li(m.line)]!);
        s = lines.join('\n');
        break;
      case 'swap-lines': {
        const [a, b] = [li(m.line), li(m.other)];
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        s = lines.join('\n');
        break;
      }
    }
  }
  return s;
}

const mutationsArb = fc.array(mutationArb, { minLength: 1, maxLength: 5 });

/** Input for a reader: random text, syntax soup from `vocabulary`, a mutated valid file, or one piece repeated (for backtracking). */
function inputArb(valid: fc.Arbitrary<string>, vocabulary: readonly string[]): fc.Arbitrary<string> {
  const piece = fc.oneof(fc.constantFrom(...vocabulary, ...INSERTS), fc.string({ unit: 'binary', maxLength: 6 }));
  return fc.oneof(
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    { weight: 3, arbitrary: fc.array(piece, { maxLength: 60 }).map((a) => a.join('')) },
    { weight: 5, arbitrary: fc.tuple(valid, mutationsArb).map(([v, m]) => mutate(v, m)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.array(piece, { minLength: 1, maxLength: 3 }), fc.integer({ min: 50, max: 5000 }), valid, fc.nat())
        .map(([p, n, v, at]) => {
          const cut = at % (v.length + 1);
          return v.slice(0, cut) + p.join('').repeat(n).slice(0, 9_000) + v.slice(cut, cut + 500);
        }),
    },
  );
}

// Text that stresses the formats: their own syntax, YAML-looking words, marks, æøå, emoji, quotes.
const TRICKY = [
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
  '- x',
  '–',
  '\n',
  '\n\n',
  ' ',
  '  ',
  '\t',
  'æ',
  'ø',
  'å',
  'ÆØÅ',
  '«',
  '»',
  '---',
  '...',
  '**P1**: ',
  '**P2** #t9: x',
  '[pause]',
  '[latter',
  '[00:01:02]',
  '\u00a0',
  'e\u0301',
  '#q1',
  ' #q2',
  '|',
  '|-',
  '>',
  '"',
  "'",
  '`',
  '{',
  '}',
  '&a',
  '*a',
  '!tag',
  '%',
  '@',
  'yes',
  'no',
  'null',
  '~',
  'true',
  '1.50',
  '0x1F',
  'key: v',
  '? x',
  '😀',
  '👩‍👩‍👧',
  '🇳🇴',
  '\u200b',
  '\uFEFF',
  '\u0007',
  '\u2028',
  '\r',
  '\r\n',
  '<v Kari>',
  '&amp;',
  '-->',
];
const trickyArb = fc.constantFrom(...TRICKY);
const rawTextArb = fc
  .array(fc.oneof(trickyArb, fc.string({ maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 4 })), { maxLength: 14 })
  .map((a) => a.join(''));

// --- native transcripts --------------------------------------------------------------------------

const speakerArb = fc.oneof(fc.constantFrom('P1', 'P12', 'M1', 'O1', '?'), fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,15}$/));
const localIdArb = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,6}$/);
// Up to 100 hours, to the millisecond.
const msArb = fc.integer({ min: 0, max: 360_000_000 });

/**
 * Transcripts as the model holds them. The format promises a turn's text in normal form
 * (normalizeText: NFC, LF, no trailing blanks, no blank lines at either end, first line
 * left-trimmed) and one-line headings, titles and sources (oneLine): generate only those.
 */
const transcriptArb: fc.Arbitrary<Transcript> = fc
  .record({
    blocks: fc.array(
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc.record({
            speaker: speakerArb,
            text: rawTextArb.map(normalizeText),
            start: fc.option(msArb, { nil: undefined }),
            length: fc.option(fc.integer({ min: 0, max: 600_000 }), { nil: undefined }),
          }),
        },
        { weight: 1, arbitrary: fc.record({ title: rawTextArb.map(oneLine), question: fc.option(localIdArb, { nil: undefined }) }) },
      ),
      { minLength: 1, maxLength: 10 },
    ),
    ids: fc.uniqueArray(localIdArb, { minLength: 10, maxLength: 10 }),
    title: fc.option(rawTextArb.map(oneLine), { nil: undefined }),
    source: fc.option(rawTextArb.map(oneLine), { nil: undefined }),
  })
  .map(({ blocks, ids, title, source }) => {
    const out: Block[] = blocks.map((b, i) => {
      if ('title' in b) return b.question === undefined ? { kind: 'heading', title: b.title } : { kind: 'heading', ...b };
      const t: Block = { kind: 'turn', id: ids[i]!, speaker: b.speaker, text: b.text };
      if (b.start !== undefined) {
        t.start = b.start;
        if (b.length !== undefined) t.end = b.start + b.length;
      }
      return t;
    });
    const t: Transcript = { blocks: out };
    if (title !== undefined) t.title = title;
    if (source !== undefined) t.source = source;
    return t;
  });

const FORMS = ['md', 'yaml'] as const;
const TRANSCRIPT_WORDS = [
  '**M1**',
  '**P3**',
  '**P1: **',
  ' [00:04:12]',
  ' [00:04:12-00:04:40]',
  ' [99999999999999999999:00:00]',
  ' #t12',
  ': ',
  '\n\n',
  '## Tema #q1',
  'turns:\n',
  '  - id: t1\n',
  '    speaker: P1\n',
  '    speaker: "P*1:"\n',
  '    text: |-\n      ',
  '    start: 65.5\n',
  '    start: 1e300\n',
  '    end: .inf\n',
  '  - heading: Å\n',
  'title: ',
  'source: ',
  '---\n',
];

/** Checks a read transcript: problems positioned in the text, every locator answering inside it. */
function checkRead(r: TranscriptRead, file: string, text: string): void {
  for (const p of r.problems) expectPositioned(p, text, file);
  r.transcript.blocks.forEach((b, i) => {
    for (const field of ['block', 'speaker', 'id', 'time', 'text', 'question', 'title'] as const) {
      const at = r.locate(i, field);
      expect(at.line).toBeGreaterThanOrEqual(1);
      expect(at.col).toBeGreaterThanOrEqual(1);
    }
    if (b.kind === 'turn')
      for (const k of [0, b.text.length >> 1, b.text.length]) expect(r.locateText(i, k).line).toBeGreaterThanOrEqual(1);
  });
}

describe('native transcripts (Markdown, YAML)', () => {
  const validArb = fc.tuple(transcriptArb, fc.constantFrom(...FORMS)).map(([t, f]) => writeTranscript(f, t));

  for (const form of FORMS) {
    it(`${form}: arbitrary and mutated text gives positioned problems or a UserError, quickly; what reads cleanly survives write -> read`, () => {
      const file = `transcript.${form}`;
      fc.assert(
        fc.property(inputArb(validArb, TRANSCRIPT_WORDS), (text) => {
          const r = valueOrUserError(() => timed(`read ${form}`, text.length, () => readTranscript(form, file, text)), text, file);
          if (r instanceof UserError) return;
          checkRead(r, file, text);
          if (errorsOf(r.problems).length) return;
          // Read without errors: both forms must carry it without loss.
          for (const to of FORMS) {
            const back = readTranscript(to, `again.${to}`, writeTranscript(to, r.transcript));
            expect(errorsOf(back.problems)).toEqual([]);
            expect(back.transcript).toEqual(r.transcript);
          }
        }),
        { numRuns: runs(300) },
      );
    });

    it(`${form}: write -> read is the identity`, () => {
      fc.assert(
        fc.property(transcriptArb, (t) => {
          const text = writeTranscript(form, t);
          const back = readTranscript(form, `t.${form}`, text);
          // Only the content warning about an unclosed '[' may remain: the text is as it was written.
          expect(back.problems.filter((p) => p.code !== 'unclosed-mark')).toEqual([]);
          expect(back.transcript).toEqual(t);
          expect(back.unnumbered).toEqual([]);
        }),
        { numRuns: runs(300) },
      );
    });
  }

  // Found by the properties above.
  it('reads **P1: ** as **P1:**, and refuses a speaker that would lose its colon on the way back', () => {
    const r = readTranscript('md', 't.md', '**P1: ** [00:00:01] #t1 hei\n');
    expect(r.problems).toEqual([]);
    expect(r.transcript.blocks).toEqual([{ kind: 'turn', id: 't1', speaker: 'P1', start: 1000, text: 'hei' }]);
    expect(readTranscript('md', 't.md', writeTranscript('md', r.transcript)).transcript).toEqual(r.transcript);
    expect(errorsOf(readTranscript('md', 't.md', '**P1::** #t1: hei\n').problems)).toMatchObject([
      { code: 'bad-speaker', line: 1, col: 3 },
    ]);
    expect(errorsOf(readTranscript('md', 't.md', '**P\r1** #t1: hei\n').problems)).toMatchObject([
      { code: 'bad-speaker', line: 1, col: 3 },
    ]);
    expect(errorsOf(readTranscript('yaml', 't.yaml', 'turns:\n  - id: t1\n    speaker: "P*1"\n    text: x\n').problems)).toMatchObject([
      { code: 'bad-speaker', line: 3, col: 14 },
    ]);
  });

  it('refuses times neither form can write back (1e300 seconds, .inf, a billion hours)', () => {
    for (const start of ['1e300', '.inf', '1e17']) {
      const r = readTranscript('yaml', 't.yaml', `turns:\n  - id: t1\n    speaker: P1\n    start: ${start}\n    text: x\n`);
      expect(errorsOf(r.problems)).toMatchObject([{ code: 'bad-time', line: 4, col: 12 }]);
    }
    expect(errorsOf(readTranscript('md', 't.md', '**P1** [999999999:00:00] #t1: x\n').problems)).toMatchObject([
      { code: 'bad-time', line: 1, col: 8 },
    ]);
  });

  it('refuses YAML nested past what the parser survives, at a position, instead of crashing', () => {
    const deep: [TranscriptFormat, string, number][] = [
      ['yaml', `turns:\n  - id: t1\n    speaker: P1\n    end: 0${': '.repeat(3000)}1\n`, 4],
      ['yaml', '['.repeat(5000), 1],
      ['yaml', '- '.repeat(4000), 1],
      ['yaml', `turns: [${':: '.repeat(3000)}]`, 1],
      ['md', `---\ntitle: ${'['.repeat(5000)}\n---\n**P1** #t1: x\n`, 2],
    ];
    // A second parse of such a file used to kill the process (V8 cannot compile a regular expression with the stack spent).
    for (let twice = 0; twice < 2; twice++) {
      for (const [form, text, line] of deep) {
        expect(errorsOf(readTranscript(form, `t.${form}`, text).problems)).toMatchObject([
          { code: 'yaml-syntax', message: 'YAML: nested more than 100 levels deep', line },
        ]);
      }
    }
    // Real files nest a few levels: a long transcript, and every YAML file of the example, are nowhere near the limit.
    const long: Transcript = {
      blocks: Array.from({ length: 2000 }, (_, i) => ({ kind: 'turn' as const, id: `t${i + 1}`, speaker: 'P1', text: 'Ja: [pause] nei.' })),
    };
    expect(yamlTooDeep('t.yaml', writeTranscript('yaml', long))).toBeUndefined();
    const yamls = readdirSync(EXAMPLE, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
    expect(yamls.length).toBeGreaterThan(15);
    for (const f of yamls) expect(yamlTooDeep(f, readFileSync(join(EXAMPLE, f), 'utf8')), f).toBeUndefined();
  });
});

// --- importers: WebVTT, SRT, plain text, Whisper JSON ----------------------------------------------

const FIXTURE_TEXTS = [
  'teams.vtt',
  'zoom.vtt',
  'sample.srt',
  'plain.txt',
  'otter.txt',
  'whisper.json',
  'whisperx.json',
  'whispercpp.json',
].map((name) => decodeText(name, readFileSync(join(FIXTURES, 'import', name))).text);

const MARK_WORD =
  /^(pause|latter|laughter|laughs|ler|overlapp?|crosstalk|inaudible|uhørbart|uhørlig|uncertain|usikkert?|music|musikk|applause|applaus|silence|stillhet)$/i;
// Names as recording tools write them: capitalised words (æøå too), a comma or a parenthesis.
const nameWordArb = fc.oneof(
  fc.constantFrom('Kari', 'Nordmann,', 'Ola', 'Åse', 'Øystein', 'Ærlig', 'van', 'de', '(Gjest)', 'P3', 'SPEAKER_01'),
  fc.stringMatching(/^[A-ZÆØÅ][a-zæøå]{1,8}$/).filter((w) => !MARK_WORD.test(w)),
);
const nameArb = fc
  .tuple(
    fc.stringMatching(/^[A-ZÆØÅ][a-zæøå]{1,8}$/).filter((w) => !MARK_WORD.test(w)),
    fc.array(nameWordArb, { maxLength: 2 }),
  )
  .map(([first, more]) => [first, ...more].join(' ').replace(/,$/, ''));
// Words of talk: no white space inside (readers collapse it), no control characters.
const wordArb = fc.oneof(
  fc.constantFrom(
    'ja',
    'nei',
    'hjemmebesøk',
    'æøå',
    'Å',
    '«sitat»',
    '"hei"',
    "'",
    '-',
    '–',
    '?',
    '!',
    '(',
    ')',
    '😀',
    '👩‍👩‍👧',
    '1.50',
    '&',
    '<',
    '>',
    '&amp;',
    '[pause]',
    '%',
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }).filter((w) => !/[\s\p{Cc}]/u.test(w)),
);
// A `[00:01:02]` or `:` first in the talk belongs to the label (`Kari: [00:01:02] hei`, `[Kari]: hei`): start with a word.
const talkArb = fc
  .array(wordArb, { minLength: 1, maxLength: 8 })
  .map((w) => w.join(' '))
  .map((t) => (/^[[(:]/.test(t) ? `x${t}` : t));
/** Talk that cannot be taken for a label or a time: no colon, no leading bracket or dash. */
const plainTalkArb = talkArb.map((t) => t.replace(/:/g, '.').replace(/^[[\-–]+/, 'x'));
const cueTimesArb = fc.tuple(fc.integer({ min: 0, max: 99 * 3_600_000 }), fc.integer({ min: 0, max: 600_000 }));

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** `hh:mm:ss.mmm` as subtitle files always write it (with `,` in SRT). */
function cueTime(ms: number, sep: '.' | ','): string {
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${sep}${pad(ms % 1000, 3)}`;
}
// Subtitle text is HTML-like: readers strip <tags> and decode entities, so writers escape these.
const escapeCue = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An utterance as its facts, leaving out what is not there. */
const brief = (u: { speaker?: string | undefined; start?: number | undefined; end?: number | undefined; text: string }) => ({
  text: u.text,
  ...(u.speaker !== undefined ? { speaker: u.speaker } : {}),
  ...(u.start !== undefined ? { start: u.start } : {}),
  ...(u.end !== undefined ? { end: u.end } : {}),
});

interface Spoken {
  speaker?: string;
  text: string;
}
interface SubtitleCue {
  id?: string;
  times: [number, number];
  said: Spoken[];
}

const cueIdArb = fc.option(
  fc.oneof(
    fc.nat().map(String),
    fc.uuid().map((g) => `${g}/3-0`),
  ),
  { nil: undefined },
);

/** Teams: one or two voices per cue, an optional cue id. */
const teamsArb: fc.Arbitrary<SubtitleCue[]> = fc.array(
  fc.record({
    id: cueIdArb,
    times: cueTimesArb,
    said: fc.array(fc.record({ speaker: nameArb, text: talkArb }), { minLength: 1, maxLength: 2 }),
  }),
  { minLength: 1, maxLength: 8 },
);

function writeVtt(cues: readonly SubtitleCue[], voices: boolean): string {
  const body = cues.map((c) => {
    const said = c.said.map((s) =>
      voices ? `<v ${s.speaker}>${escapeCue(s.text)}</v>` : `${s.speaker === undefined ? '' : `${s.speaker}: `}${escapeCue(s.text)}`,
    );
    return `${c.id !== undefined ? `${c.id}\n` : ''}${cueTime(c.times[0], '.')} --> ${cueTime(c.times[0] + c.times[1], '.')}\n${said.join(voices ? '' : '\n')}\n`;
  });
  return `WEBVTT\n\n${body.join('\n')}`;
}

/** Zoom: `Name: text` in every cue (a file mostly labelled takes every label-shaped prefix as a speaker). */
const labelledArb: fc.Arbitrary<SubtitleCue[]> = fc.array(
  fc.record({ id: cueIdArb, times: cueTimesArb, said: fc.record({ speaker: nameArb, text: talkArb }).map((s) => [s]) }),
  { minLength: 1, maxLength: 8 },
);

/** SRT: `Name: text` cues, and dialogue cues of `- ` lines (one speaker each, none named). */
const srtArb: fc.Arbitrary<SubtitleCue[]> = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: fc.record({ times: cueTimesArb, said: fc.record({ speaker: nameArb, text: talkArb }).map((s) => [s]) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        times: cueTimesArb,
        said: fc.array(
          plainTalkArb.map((text) => ({ text })),
          { minLength: 2, maxLength: 3 },
        ),
      }),
    },
  ),
  { minLength: 1, maxLength: 8 },
);

function writeSrt(cues: readonly SubtitleCue[]): string {
  return cues
    .map((c, i) => {
      const lines =
        c.said.length > 1 ? c.said.map((s) => `- ${escapeCue(s.text)}`) : c.said.map((s) => `${s.speaker}: ${escapeCue(s.text)}`);
      return `${i + 1}\n${cueTime(c.times[0], ',')} --> ${cueTime(c.times[0] + c.times[1], ',')}\n${lines.join('\n')}\n`;
    })
    .join('\n');
}

const cueUtterances = (cues: readonly SubtitleCue[]) =>
  cues.flatMap((c) => c.said.map((s) => brief({ ...s, start: c.times[0], end: c.times[0] + c.times[1] })));

/** Plain text: `Name: text`, `[Name] text` or `[00:01:02] Name: text`, further paragraphs after blank lines. */
interface PlainTurn {
  speaker: string;
  start?: number;
  form: 'colon' | 'bracket' | 'time-first' | 'time-after';
  paragraphs: string[];
}
const plainArb: fc.Arbitrary<PlainTurn[]> = fc.array(
  fc
    .record({
      speaker: nameArb,
      start: fc.integer({ min: 0, max: 99 * 3_600_000 }),
      form: fc.constantFrom('colon' as const, 'bracket' as const, 'time-first' as const, 'time-after' as const),
      paragraphs: fc.tuple(talkArb, fc.array(plainTalkArb, { maxLength: 2 })).map(([a, more]) => [a, ...more]),
    })
    .map((t) => (t.form === 'time-first' || t.form === 'time-after' ? t : { ...t, start: undefined })),
  { minLength: 1, maxLength: 8 },
);

function writePlain(turns: readonly PlainTurn[]): string {
  return turns
    .map((t) => {
      const [first, ...more] = t.paragraphs;
      const time = t.start === undefined ? '' : formatTime(t.start);
      const label = {
        colon: `${t.speaker}: `,
        bracket: `[${t.speaker}] `,
        'time-first': `[${time}] ${t.speaker}: `,
        'time-after': `${t.speaker} (${time}): `,
      }[t.form];
      return [label + first, ...more.map((p) => `\n${p}`)].join('\n');
    })
    .join('\n');
}

const plainUtterances = (turns: readonly PlainTurn[]) =>
  turns.map((t) => brief({ speaker: t.speaker, start: t.start, text: t.paragraphs.join('\n\n') }));

/** Whisper and WhisperX segments (seconds), or whisper.cpp entries (milliseconds); any text, JSON escapes it. */
interface Segment {
  start?: number;
  end?: number;
  text: string;
  speaker?: string;
}
const segmentsArb: fc.Arbitrary<Segment[]> = fc.array(
  fc.record(
    {
      start: fc.integer({ min: 0, max: 99 * 3_600_000 }),
      end: fc.integer({ min: 0, max: 99 * 3_600_000 }),
      text: fc.oneof(talkArb, fc.string({ unit: 'grapheme', maxLength: 30 }), rawTextArb),
      speaker: fc.oneof(nameArb, fc.string({ maxLength: 8 })),
    },
    { requiredKeys: ['text'] },
  ),
  { minLength: 1, maxLength: 8 },
);

function writeWhisper(segments: readonly Segment[], cpp: boolean): string {
  if (cpp) {
    const transcription = segments.map((s) => ({ offsets: { from: s.start, to: s.end }, text: s.text }));
    return JSON.stringify({ systeminfo: 'fuzz', transcription }, null, 2);
  }
  const seconds = (ms?: number) => (ms === undefined ? undefined : ms / 1000);
  return JSON.stringify(
    { language: 'no', segments: segments.map((s) => ({ ...s, start: seconds(s.start), end: seconds(s.end) })) },
    null,
    2,
  );
}

function whisperUtterances(segments: readonly Segment[], cpp: boolean) {
  return segments.flatMap((s) => {
    const text = s.text.replace(/\s+/g, ' ').trim();
    if (!text) return [];
    const speaker = cpp ? undefined : s.speaker?.trim() || undefined;
    return [brief({ text, start: s.start, end: s.end, speaker })];
  });
}

const IMPORT_FORMATS = ['vtt', 'srt', 'text', 'whisper', undefined] as const;
const IMPORT_WORDS = [
  'WEBVTT\n\n',
  'NOTE x\n\n',
  '00:00:01.000 --> 00:00:02.000',
  '00:01,000 --> 00:02,000',
  ' align:start',
  '<v Kari Nordmann>',
  '</v>',
  '<i>',
  '<c.x>',
  '{\\an8}',
  '&#x1F600;',
  '&#1114112;',
  '&lt;',
  '1\n',
  'Kari: ',
  '[Ola] ',
  '[00:01:02] ',
  'Ola Hansen  00:03',
  '{"segments": [',
  '{"start": 0.5, "end": 1, "text": "hei", "speaker": "SPEAKER_00"}',
  '"transcription": [',
  '{"offsets": {"from": 0, "to": 10}, "text": "x"}',
  ']}',
  '"\\u00e6"',
  '"\\ud800"',
  '1e400',
  '-0',
];

describe('importers (WebVTT, SRT, plain text, Whisper JSON)', () => {
  const validArb = fc.oneof(
    fc.constantFrom(...FIXTURE_TEXTS),
    teamsArb.map((c) => writeVtt(c, true)),
    labelledArb.map((c) => writeVtt(c, false)),
    srtArb.map(writeSrt),
    plainArb.map(writePlain),
    fc.tuple(segmentsArb, fc.boolean()).map(([s, cpp]) => writeWhisper(s, cpp)),
  );

  it('arbitrary and mutated files import or give a UserError at a line and column, quickly, in every format', () => {
    fc.assert(
      fc.property(
        inputArb(validArb, IMPORT_WORDS),
        fc.constantFrom(...IMPORT_FORMATS),
        fc.constantFrom('in.vtt', 'in.srt', 'in.txt', 'in.json'),
        (text, format, file) => {
          const detected = detectFormat(file, text);
          expect(['vtt', 'srt', 'text', 'whisper']).toContain(detected);
          const r = valueOrUserError(
            () => timed(`import ${format ?? detected}`, text.length, () => importText(file, text, format)),
            text,
            file,
          );
          if (r instanceof UserError) return;
          expect(r.utterances.length).toBeGreaterThan(0);
          r.utterances.forEach((u, i) => {
            expect(typeof u.text).toBe('string');
            for (const t of [u.start, u.end]) if (t !== undefined) expect(Number.isInteger(t) && t >= 0, `time ${t}`).toBe(true);
            const at = r.locate?.(i) ?? u;
            if (at.line !== undefined) expectPositioned({ severity: 'error', code: 'x', message: '', ...at }, text);
          });
          for (const u of joinUtterances(r.utterances, r.format)) expect(typeof u.text).toBe('string');
        },
      ),
      { numRuns: runs(400) },
    );
  });

  it('WebVTT from Teams: voices, text and times come back as written', () => {
    fc.assert(
      fc.property(teamsArb, (cues) => {
        const r = importText('t.vtt', writeVtt(cues, true), undefined);
        expect(r.format).toBe('vtt');
        expect(r.utterances.map(brief)).toEqual(cueUtterances(cues));
      }),
      { numRuns: runs(200) },
    );
  });

  it('WebVTT from Zoom: `Name: text` labels, text and times come back as written', () => {
    fc.assert(
      fc.property(labelledArb, (cues) => {
        const r = importText('z.vtt', writeVtt(cues, false), undefined);
        expect(r.utterances.map(brief)).toEqual(cueUtterances(cues));
      }),
      { numRuns: runs(200) },
    );
  });

  it('SRT: labels, dialogue lines, text and times come back as written', () => {
    fc.assert(
      fc.property(srtArb, (cues) => {
        const r = importText('s.srt', writeSrt(cues), undefined);
        expect(r.format).toBe('srt');
        expect(r.utterances.map(brief)).toEqual(cueUtterances(cues));
      }),
      { numRuns: runs(200) },
    );
  });

  it('plain text: speakers, times and paragraphs come back as written', () => {
    fc.assert(
      fc.property(plainArb, (turns) => {
        const r = importText('p.txt', writePlain(turns), undefined);
        expect(r.format).toBe('text');
        expect(r.utterances.map(brief)).toEqual(plainUtterances(turns));
      }),
      { numRuns: runs(200) },
    );
  });

  it('Whisper, WhisperX and whisper.cpp JSON: speakers, text and times come back as written', () => {
    fc.assert(
      fc.property(segmentsArb, fc.boolean(), (segments, cpp) => {
        const want = whisperUtterances(segments, cpp);
        const text = writeWhisper(segments, cpp);
        if (!want.length) {
          expect(userError(() => importText('w.json', text, undefined)).problems[0]).toMatchObject({ code: 'empty', line: 1, col: 1 });
          return;
        }
        const r = importText('w.json', text, undefined);
        expect(r.format).toBe('whisper');
        expect(r.utterances.map(brief)).toEqual(want);
      }),
      { numRuns: runs(200) },
    );
  });

  // Found by the properties above.
  it('refuses JSON nested without end as a UserError at its position, not a stack overflow', () => {
    expect(userError(() => importText('w.json', '['.repeat(9000), undefined)).problems[0]).toMatchObject({
      code: 'bad-json',
      line: 1,
      col: 101,
    });
    expect(
      userError(() => importText('w.json', `{"segments": [{"text": "hei", "x": ${'['.repeat(200)}${']'.repeat(200)}}]}`, undefined))
        .problems[0],
    ).toMatchObject({
      code: 'bad-json',
      line: 1,
    });
  });

  it('takes a name that starts with a mark word and æøå (Lerå, Pauseøy) as a label', () => {
    expect(importText('p.txt', 'Lerå: ja\nPauseøy: nei\n', undefined).utterances.map((u) => u.speaker)).toEqual(['Lerå', 'Pauseøy']);
    expect(importText('p.txt', '[latter] ja\n', undefined).utterances.map((u) => u.speaker)).toEqual([undefined]);
  });
});

// --- project files: fokus.yaml, participants, codebook, guides, sessions, tags, notes, summaries --

const PROJECT: Record<string, string> = {
  'fokus.yaml': `# Et lite prosjekt for fuzzing. Alle er oppdiktet.
title: Fuzz – små filer med æøå
language: nb
fictional: true
research_questions:
  - id: rq1
    text: Hva betyr det å bli sett?
design:
  approach: action research
  phases:
    - id: fokus
      name: Enighet om fokus
      from: 2025-01-06
      to: 2025-02-28
  milestones:
    - id: m1
      title: Milepæl 1
      date: 2025-03-01
      phase: fokus
team:
  - code: M1
    roles: [moderator, lead]
    name: Forsker Ås
  - code: O1
    roles: [observer]
groups:
  - id: hamar
    name: Hamar
    site: Hamar kommune
    kind: mixed
`,
  'participants.yaml': `participants:
  - code: P1   # første
    group: hamar
    category: staff
    attributes: { yrke: sykepleier, år: 12, fast: true }
    consent: { status: given, date: 2025-01-20 }
  - code: P2
    group: hamar
    category: user-representative
    consent:
      status: given
`,
  'codebook.yaml': `# Kodebok
codes:
  - code: verdier
    label: Verdier
  - code: verdier/respekt   # å bli tatt på alvor
    description: Å bli tatt på alvor.
    use_when: "Når noen sier: de hører på meg."
    colour: '#4e79a7'
`,
  'guides/samling.yaml': `title: Første samling
language: nb
questions:
  - id: q1
    kind: opening
    text: Si navnet ditt.
    minutes: 5
  - id: q2
    kind: key
    text: "Hva betyr respekt: i praksis?"
    probes: [Et eksempel?]
    serves: [rq1]
`,
  'sessions/hamar-1/session.yaml': `group: hamar
number: 1
guide: samling
status: held
planned: 2025-02-04
held: 2025-02-04
moderator: M1
observers: [O1]
attendees: [P1, P2]
`,
  'sessions/hamar-1/transcript.md': `---
title: Hamar, samling 1
---

## Åpning #q1

**M1** [00:00:05] #t1: Velkommen. [pause]

**P1** [00:00:40-00:01:10] #t2: Jeg er mest ute i hjemmene.
Hjemmebesøk er kjernen.

## Respekt #q2

**P2** #t3: At de hører på meg. [latter]
`,
  'sessions/hamar-1/tags/O1.yaml': `# Tags by O1 on hamar-1
observer: O1
tags:
  - code: verdier/respekt
    turn: t3
    words: At de hører på meg.
    marks: [quote]
    memo: "Viktig: kjernen."
`,
  'sessions/hamar-1/notes/O1.yaml': `observer: O1
started: 2025-02-04T10:00:00
notes:
  - at: 00:12:30
    kind: dynamics
    speaker: P1
    text: Nikker mens P2 snakker.
`,
  'sessions/hamar-1/summary.md': `---
session: hamar-1
version: 1
language: nb
---

# Oppsummering: Hamar, samling 1

## Respekt {#q2}

### Å bli hørt {#p1}

_Felles syn_

Det viktigste er å bli hørt.

## Åpne spørsmål til neste samling {#open}

- Hva skjer nå? {#p2}
`,
  'sessions/hamar-1/feedback.yaml': `validations:
  - at: hamar-2
    date: 2025-04-01
    version: 1
    responses:
      - point: p1
        response: confirmed
        by: [P1]
    added:
      - point: p3
        text: Noe nytt.
        by: group
`,
  'sessions/hamar-2/session.yaml': `group: hamar
number: 2
guide: samling
status: planned
planned: 2025-04-01
`,
};

const PROJECT_WORDS = [
  'title: ',
  'language: nb\n',
  'code: ',
  'group: ',
  '  - ',
  '    ',
  'number: ',
  'turn: t',
  'words: ',
  'validations:\n',
  'at: ',
  'point: p1\n',
  '{#p1}',
  '### ',
  '## ',
  '---\n',
  'session: hamar-1\n',
  'version: ',
  '2025-02-30',
  '00:12:30',
  '[P1, P2]',
  '{ status: given }',
  '*anker',
  '&anker ',
  '<<: *a\n',
  '!!binary ',
  '? ',
];

/** The checks `fokus validate` runs on a loaded project (all but the key's). */
const validateAll = projectProblems;

// Problems about a file's own text (reading it, its syntax, its shape) say where.
const READ_CODES = new Set([
  'yaml-syntax',
  'schema',
  'encoding',
  'binary',
  'transcript-syntax',
  'bad-time',
  'bad-id',
  'bad-turn-header',
  'text-outside-turn',
  'duplicate-turn-id',
  'missing-speaker',
  'empty-transcript',
  'time-order',
  'unclosed-mark',
]);

/** Byte-level damage after the text is encoded: a flipped byte, a byte-order mark, CR LF line ends. */
const bytesArb = fc.record({
  flip: fc.option(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { nil: undefined }),
  bom: fc.boolean(),
  crlf: fc.boolean(),
});

// Values the store writes. Text is read back in NFC (docs/project-format.md), and fields checked
// as non-empty text are read trimmed: generate only those forms.
// The yaml library writes text of blank lines only (' \n') as a `|+` block without an indentation
// indicator, which reads back without the blanks: a library bug fokus cannot fix here (see the reply).
const textArb = fc
  .oneof(rawTextArb, fc.string({ unit: 'grapheme', maxLength: 20 }))
  .map((t) => t.normalize('NFC'))
  .filter((t) => !(/\n/.test(t) && /^[ \t\n]*$/.test(t) && /[ \t]/.test(t)));
const nonEmptyArb = textArb.map((t) => t.trim()).filter((t) => t.length > 0);
const codePathArb = fc.stringMatching(/^[a-zæøå0-9][a-zæøå0-9_-]{0,10}(\/[a-zæøå0-9][a-zæøå0-9_-]{0,10}){0,2}$/);
const tagArb: fc.Arbitrary<Tag> = fc
  .record(
    {
      code: codePathArb,
      turn: localIdArb,
      to: localIdArb,
      words: nonEmptyArb,
      before: textArb,
      after: textArb,
      marks: fc.subarray([...TAG_MARKS], { minLength: 1 }),
      memo: textArb,
    },
    { requiredKeys: ['code', 'turn'] },
  )
  .map((t) => Object.fromEntries(TAG_ORDER.flatMap((k) => (t[k] === undefined ? [] : [[k, t[k]]]))) as unknown as Tag);
const codeArb: fc.Arbitrary<Code> = fc.record(
  {
    code: codePathArb,
    label: nonEmptyArb,
    description: textArb,
    use_when: textArb,
    avoid_when: textArb,
    colour: fc.stringMatching(/^#[0-9a-fA-F]{6}$/),
  },
  { requiredKeys: ['code'] },
);
const scalarArb = fc.oneof(
  textArb,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
  fc.boolean(),
);

/** `after` is `before` with text inserted in one place: everything the user wrote kept byte for byte. */
function expectKept(before: string, after: string): void {
  let head = 0;
  while (head < before.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  expect(head + tail, `the text before the edit is not kept whole:\n${after}`).toBe(before.length);
}

describe('project files (loadProject and the checks of fokus validate)', () => {
  let root: string;
  beforeAll(() => {
    // In memory where there is a tmpfs: hundreds of small writes and reads, no disk to wait for.
    root = existsSync('/dev/shm') ? mkdtempSync(join('/dev/shm', 'fokus-fuzz-')) : tmp('fokus-fuzz-project-');
    for (const [name, text] of Object.entries(PROJECT)) {
      mkdirSync(dirname(join(root, name)), { recursive: true });
      writeFileSync(join(root, name), text);
    }
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('the project as written is valid', () => {
    expect(errorsOf(validateAll(loadProject(root)))).toEqual([]);
  });

  it('any file replaced by arbitrary or damaged text gives positioned problems or a UserError, quickly, never a crash', () => {
    const names = Object.keys(PROJECT);
    const fileArb = fc
      .constantFrom(...names)
      .chain((name) => fc.tuple(fc.constant(name), inputArb(fc.constant(PROJECT[name]!), PROJECT_WORDS), bytesArb));
    fc.assert(
      fc.property(fileArb, ([name, text, damage]) => {
        const path = join(root, name);
        let bytes = Buffer.from(damage.crlf ? text.replace(/\n/g, '\r\n') : text, 'utf8');
        if (damage.flip && bytes.length) bytes[damage.flip[0] % bytes.length] = damage.flip[1];
        if (damage.bom) bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
        const shown = bytes.toString('utf8');
        writeFileSync(path, bytes);
        try {
          const problems = valueOrUserError(() => timed(`load ${name}`, shown.length, () => validateAll(loadProject(root))), shown, path);
          if (problems instanceof UserError) return;
          for (const p of problems) {
            if (p.severity === 'error') expect(p.file, JSON.stringify(p)).toBeDefined();
            if (p.file === path && READ_CODES.has(p.code)) expectPositioned(p, shown, path);
          }
        } finally {
          writeFileSync(path, PROJECT[name]!);
        }
      }),
      { numRuns: runs(300) },
    );
  });

  it('tags appended through the store read back as written, the file above them kept byte for byte', () => {
    const dir = join(root, 'sessions', 'hamar-1');
    const path = tagFilePath(dir, 'O1');
    const before = PROJECT['sessions/hamar-1/tags/O1.yaml']!;
    const had = (readChecked(path, checkTagFile).value.tags ?? []) as Tag[];
    fc.assert(
      fc.property(fc.array(tagArb, { minLength: 1, maxLength: 4 }), (tags) => {
        try {
          appendTags(dir, 'hamar-1', 'O1', tags);
          const after = readFileSync(path, 'utf8');
          expectKept(before, after);
          expect(readChecked(path, checkTagFile).value.tags).toEqual([...had, ...tags]);
        } finally {
          writeFileSync(path, before);
        }
      }),
      { numRuns: runs(150) },
    );
  });

  it('codes appended through the store read back as written, comments and order kept', () => {
    const path = codebookPath(root);
    const before = PROJECT['codebook.yaml']!;
    const had = readChecked(path, checkCodebook).value.codes ?? [];
    fc.assert(
      fc.property(fc.array(codeArb, { minLength: 1, maxLength: 4 }), (codes) => {
        try {
          appendCodes(root, codes);
          expectKept(before, readFileSync(path, 'utf8'));
          expect(readChecked(path, checkCodebook).value.codes).toEqual([...had, ...codes]);
        } finally {
          writeFileSync(path, before);
        }
      }),
      { numRuns: runs(150) },
    );
  });
});

describe('YAML edits keep what the user wrote (setIn, appendIn)', () => {
  const SOURCE = `# Samling 1 i Hamar
group: hamar   # gruppa
number: 1
setting: Møterom på rådhuset
observers: [O1]   # bare én
attendees:
  # de som kom
  - P1
  - P2

# slutt
`;
  const base = () => parseYaml({ path: 's.yaml', text: SOURCE, bom: false, eol: '\n' });
  const data = yamlData(base()) as Record<string, unknown>;
  const comments = SOURCE.split('\n')
    .filter((l) => l.includes('#'))
    .map((l) => l.slice(l.indexOf('#')));
  // Store bug (src/store/yaml-doc.ts, appendIn): text ending in a blank line (or only a line break) is written as a `|+` block,
  // which takes in the blank lines after the place it is spliced in. Left out here; see the skipped test below.
  const keepSafe = (v: unknown): boolean =>
    typeof v === 'string' ? !/(^|\n)[ \t]*\n$/.test(v) : typeof v !== 'object' || v === null || Object.values(v).every(keepSafe);

  /**
   * Whether the edit was refused. Text with line breaks cannot always be written inline (`key: -\n!`,
   * `[O1, -\n\n*]`): a refusal that leaves the file as it was is allowed; any other failure is not.
   */
  function refused(edit: () => void, y: YamlFile): boolean {
    try {
      edit();
      return false;
    } catch (e) {
      if (!(e instanceof UserError) || e.problems[0]?.code !== 'cannot-edit') throw e;
      expect(renderYaml(y)).toBe(SOURCE);
      return true;
    }
  }

  it('setIn: a value set in place or added reads back, every other value and every comment kept', () => {
    fc.assert(
      fc.property(fc.constantFrom('setting', 'group', 'number', 'ny_nøkkel'), scalarArb, (key, value) => {
        const y = base();
        if (refused(() => setIn(y, [key], value), y)) return;
        const text = renderYaml(y);
        const back = parseYaml({ path: 's.yaml', text, bom: false, eol: '\n' });
        expect(yamlProblems(back)).toEqual([]);
        expect(yamlData(back)).toEqual({ ...data, [key]: value });
        for (const c of comments) expect(text).toContain(c);
      }),
      { numRuns: runs(200) },
    );
  });

  it('appendIn: an item added to a block or an inline list reads back, the rest of the file kept byte for byte', () => {
    fc.assert(
      fc.property(fc.constantFrom('observers', 'attendees', 'nye'), fc.oneof(scalarArb, tagArb).filter(keepSafe), (key, value) => {
        const y = base();
        if (refused(() => appendIn(y, [key], value), y)) return;
        const text = renderYaml(y);
        const back = parseYaml({ path: 's.yaml', text, bom: false, eol: '\n' });
        expect(yamlProblems(back)).toEqual([]);
        expect(yamlData(back)).toEqual({ ...data, [key]: [...((data[key] as unknown[]) ?? []), value] });
        if (key !== 'observers') expectKept(SOURCE, text);
        for (const c of comments) expect(text).toContain(c);
      }),
      { numRuns: runs(200) },
    );
  });
});

// Found in src/store by the properties, fixed there; the one still skipped says what should happen.
describe('store bugs found by the properties (src/store/yaml-doc.ts, src/store/summary.ts)', () => {
  // A YAML file nested a few thousand levels would overflow the yaml library's stack (and a second
  // parse can then kill the process): parseYaml refuses it first, with yamlTooDeep.
  it('a project file nested without end is a positioned problem, not a crash', () => {
    const root = tmp('fokus-fuzz-deep-');
    for (const [name, text] of Object.entries(PROJECT)) {
      mkdirSync(dirname(join(root, name)), { recursive: true });
      writeFileSync(join(root, name), name === 'codebook.yaml' ? `codes: ${'['.repeat(5000)}\n` : text);
    }
    for (let twice = 0; twice < 2; twice++) {
      expect(errorsOf(loadProject(root).problems)).toMatchObject([{ code: 'yaml-syntax', file: join(root, 'codebook.yaml'), line: 1 }]);
    }
  });

  it('setIn and appendIn keep white space other than ASCII blanks at the ends of a value', () => {
    for (const v of ['Møterom\u00a0', '\u00a0nei', '\uFEFF']) {
      const y = parseYaml({ path: 's.yaml', text: 'setting: a\nobservers: [O1]\n', bom: false, eol: '\n' });
      setIn(y, ['setting'], v);
      appendIn(y, ['observers'], v);
      expect(yamlData(parseYaml({ path: 's.yaml', text: renderYaml(y), bom: false, eol: '\n' }))).toEqual({
        setting: v,
        observers: ['O1', v],
      });
    }
  });

  // Not fixed: the yaml library writes such text as a `|+` block, which keeps the file's blank line too.
  it.skip('appendIn keeps text ending in a blank line as it was, before a blank line in the file', () => {
    const y = parseYaml({ path: 's.yaml', text: 'a:\n  - x\n\nb: 1\n', bom: false, eol: '\n' });
    appendIn(y, ['a'], 'y\n\n');
    expect(yamlData(parseYaml({ path: 's.yaml', text: renderYaml(y), bom: false, eol: '\n' }))).toEqual({ a: ['x', 'y\n\n'], b: 1 });
  });

  it("summary.md's front matter: an alias is a problem like the others, and every problem points at its line", () => {
    const dir = tmp('fokus-fuzz-summary-');
    writeFileSync(join(dir, 'summary.md'), '---\nsession: hamar-1\nversion: *v\n---\n# Oppsummering\n');
    const problems: Problem[] = [];
    expect(() => readSummary(dir, problems)).not.toThrow();
    expect(problems).toMatchObject([{ code: 'yaml-syntax', line: 3, col: 10 }]);
    writeFileSync(join(dir, 'summary.md'), '---\nsession: hamar-1\nlanguage: nb\nversion: to\n---\n# Oppsummering\n');
    const again: Problem[] = [];
    readSummary(dir, again);
    expect(again).toMatchObject([{ code: 'schema', line: 4, col: 10 }]);
  });
});

// --- REFI-QDA: project.qde, codebooks, source texts, the import plan ------------------------------

/** What XML 1.0 can hold: the writer drops the rest on purpose (src/writers/xml.ts). */
const xmlText = (s: string) => xmlSafe(s);
const xmlTextArb = fc
  .oneof(
    rawTextArb,
    fc.string({ unit: 'grapheme', maxLength: 16 }),
    fc.constantFrom('<', '&', ']]>', '"', "'", '\r\n', '\r', '\t', '&amp;', '😀', 'Å bli sett'),
  )
  .map(xmlText);
// Descriptions and text values are read trimmed, and an empty one is none (other tools pretty-print).
const trimmedArb = xmlTextArb.map((s) => s.trim()).filter(Boolean);
const someArb = xmlTextArb.filter(Boolean);
const guidArb = fc.uuid();

/** A code tree at most `depth` deep (a letrec tree can grow without bound). */
function refiCodesArb(depth: number, maxLength: number): fc.Arbitrary<RefiCode[]> {
  const code = fc
    .record(
      {
        guid: guidArb,
        name: xmlTextArb,
        isCodable: fc.boolean(),
        color: fc.stringMatching(/^#([0-9a-f]{6}|[0-9A-F]{3})$/),
        description: trimmedArb,
        children: depth > 1 ? refiCodesArb(depth - 1, 2) : fc.constant([]),
      },
      { requiredKeys: ['guid', 'name', 'isCodable', 'children'] },
    )
    .map((c) => c as RefiCode);
  return fc.array(code, { maxLength });
}

const VALUE_ARBS: Record<VariableType, fc.Arbitrary<string | number | boolean>> = {
  Text: xmlTextArb.map((s) => s.trim()),
  Boolean: fc.boolean(),
  Integer: fc.integer(),
  // A Float is written as a plain decimal; -0 has no such form.
  Float: fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
  Date: fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
};

const refiProjectArb: fc.Arbitrary<RefiProject> = fc
  .record({
    name: xmlTextArb,
    origin: fc.option(someArb, { nil: undefined }),
    description: fc.option(trimmedArb, { nil: undefined }),
    users: fc.array(fc.record({ guid: guidArb, id: someArb, name: someArb }, { requiredKeys: ['guid'] }), { maxLength: 3 }),
    codes: refiCodesArb(3, 3),
    variables: fc.array(
      fc.record(
        {
          guid: guidArb,
          name: xmlTextArb,
          type: fc.constantFrom<VariableType>('Text', 'Boolean', 'Integer', 'Float', 'Date'),
          description: trimmedArb,
        },
        { requiredKeys: ['guid', 'name', 'type'] },
      ),
      { maxLength: 4 },
    ),
    sources: fc.array(
      fc.record(
        {
          guid: guidArb,
          name: xmlTextArb,
          description: trimmedArb,
          where: fc.oneof(
            xmlTextArb.map((text) => ({ text })),
            someArb.map((plainTextPath) => ({ plainTextPath })),
          ),
          user: guidArb,
          selections: fc.array(
            fc.record(
              {
                guid: guidArb,
                name: xmlTextArb,
                span: fc.tuple(fc.nat(100_000), fc.nat(1000)),
                description: trimmedArb,
                user: guidArb,
                codings: fc.array(fc.record({ guid: guidArb, code: guidArb, user: guidArb }, { requiredKeys: ['guid', 'code'] }), {
                  maxLength: 2,
                }),
                notes: fc.array(guidArb, { maxLength: 2 }),
              },
              { requiredKeys: ['guid', 'span', 'codings', 'notes'] },
            ),
            { maxLength: 3 },
          ),
          codings: fc.array(fc.record({ guid: guidArb, code: guidArb, user: guidArb }, { requiredKeys: ['guid', 'code'] }), {
            maxLength: 2,
          }),
          notes: fc.array(guidArb, { maxLength: 2 }),
        },
        { requiredKeys: ['guid', 'where', 'selections', 'codings', 'notes'] },
      ),
      { maxLength: 3 },
    ),
    // The writer always puts a note's text inline, so a note read back has no plainTextPath.
    notes: fc.array(
      fc.record(
        { guid: guidArb, name: someArb, text: xmlTextArb, user: guidArb, description: trimmedArb },
        { requiredKeys: ['guid', 'text'] },
      ),
      {
        maxLength: 3,
      },
    ),
    projectNotes: fc.array(guidArb, { maxLength: 2 }),
    creatingUser: fc.option(guidArb, { nil: undefined }),
    cases: fc.array(
      fc.record(
        { guid: guidArb, name: someArb, description: trimmedArb, sources: fc.array(guidArb, { maxLength: 2 }) },
        { requiredKeys: ['guid', 'sources'] },
      ),
      { maxLength: 3 },
    ),
    values: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.boolean()), { maxLength: 6 }),
  })
  .chain((r) => {
    // Values point at the project's variables, each of its variable's type.
    const variables = r.variables as RefiVariable[];
    const picks = variables.length ? r.values : [];
    return fc.tuple(fc.constant(r), fc.tuple(...picks.map(([v]) => VALUE_ARBS[variables[v % variables.length]!.type])));
  })
  .map(([r, drawn]) => {
    const variables = r.variables as RefiVariable[];
    const picks = variables.length ? r.values : [];
    const values: { on: 'case' | 'source'; index: number; value: RefiValue }[] = picks.map(([v, target, index, onCase], k) => ({
      on: onCase ? 'case' : 'source',
      index: index + target,
      value: { variable: variables[v % variables.length]!.guid, value: drawn[k]! },
    }));
    const sources: RefiSource[] = r.sources.map(({ where, ...s }, i) => ({
      ...s,
      ...where,
      selections: s.selections.map(({ span, ...sel }) => ({ ...sel, start: span[0], end: span[0] + span[1] })),
      values: values.filter((v) => v.on === 'source' && v.index % r.sources.length === i).map((v) => v.value),
    }));
    const cases = r.cases.map((c, i) => ({
      ...c,
      values: values.filter((v) => v.on === 'case' && v.index % r.cases.length === i).map((v) => v.value),
    }));
    const p: RefiProject = {
      name: r.name,
      users: r.users,
      codes: r.codes,
      variables,
      cases,
      sources,
      notes: r.notes,
      projectNotes: r.projectNotes,
    };
    if (r.origin !== undefined) p.origin = r.origin;
    if (r.description !== undefined) p.description = r.description;
    if (r.creatingUser !== undefined) p.creatingUser = r.creatingUser;
    return p;
  });

/** The model without what only reading adds: positions, and the count of what was skipped. */
function facts(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(facts);
  if (x && typeof x === 'object')
    return Object.fromEntries(Object.entries(x).flatMap(([k, v]) => (k === 'at' || k === 'skipped' ? [] : [[k, facts(v)]])));
  return x;
}

/** A small fokus project exported as REFI-QDA, built in memory as `fokus export qdpx` builds it. */
function fokusExport(): { xml: string; texts: string[] } {
  const y = (name: string) => yamlData(parseYaml({ path: name, text: PROJECT[name]!, bom: false, eol: '\n' }));
  const manifest = y('fokus.yaml') as Manifest;
  const session = { id: 'hamar-1', ...(y('sessions/hamar-1/session.yaml') as Omit<Session, 'id'>) };
  const transcript = readTranscript('md', 'transcript.md', PROJECT['sessions/hamar-1/transcript.md']!).transcript;
  const tags = y('sessions/hamar-1/tags/O1.yaml') as TagFile;
  const built = buildRefiProject({
    manifest,
    participants: (y('participants.yaml') as { participants: Participant[] }).participants,
    codebook: y('codebook.yaml') as Codebook,
    sessions: [
      {
        coded: codeSession(session, transcript, [{ observer: 'O1', value: tags }]),
        transcript,
        summary: PROJECT['sessions/hamar-1/summary.md']!,
        notes: [{ observer: 'O1', value: y('sessions/hamar-1/notes/O1.yaml') as FieldNotes }],
      },
    ],
    origin: 'fokus 0.1.0',
  });
  return { xml: writeProjectXml(built.project), texts: [...built.texts.values()] };
}

/** Another tool's project: labelled talk with names, a selection after an emoji, a nested code. */
const g = (n: number) => `0000000${n}-0000-4000-8000-000000000000`;
const OTHER_TEXT = 'Intervjuer: Hva betyr det å bli sett?\n\nKari Nordmann: Det å bli sett betyr mye 😀 for meg.\n\nIntervjuer: Takk.\n';
const OTHER_QDE = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Intervjuer om å bli sett" origin="MAXQDA 2024">
<Users><User guid="${g(1)}" name="Ane Lie"/></Users>
<CodeBook><Codes><Code guid="${g(2)}" name="Tillit" isCodable="true" color="#F00"><Description>Om tillit.</Description><Code guid="${g(3)}" name="Å bli sett" isCodable="true"/></Code></Codes></CodeBook>
<Sources><TextSource guid="${g(4)}" name="Intervju" plainTextPath="internal://s1.txt">
<PlainTextSelection guid="${g(5)}" startPosition="52" endPosition="87" creatingUser="${g(1)}"><Coding guid="${g(6)}" creatingUser="${g(1)}"><CodeRef targetGUID="${g(3)}"/></Coding><NoteRef targetGUID="${g(7)}"/></PlainTextSelection>
<Coding guid="${g(8)}" creatingUser="${g(1)}"><CodeRef targetGUID="${g(2)}"/></Coding>
</TextSource>
<TextSource guid="${g(9)}" name="Inline"><PlainTextContent>P1: Hei.&#13;
P2: Hallo.</PlainTextContent></TextSource></Sources>
<Notes><Note guid="${g(7)}" name="memo"><PlainTextContent>Viktig poeng.</PlainTextContent></Note></Notes>
<Sets><Set guid="${g(9)}" name="Utvalg"/></Sets>
</Project>`;

const QDE_WORDS = [
  '<Project xmlns="urn:QDA-XML:project:1.0">',
  '<Code><Code>',
  '<a><b/><c\r\n/></a>',
  '</Project>',
  '<CodeBook><Codes>',
  '</Codes></CodeBook>',
  `<Code guid="${g(1)}" name="x" isCodable="true">`,
  '</Code>',
  '<Sources>',
  `<TextSource guid="${g(4)}" plainTextPath="internal://s1.txt">`,
  '</TextSource>',
  `<PlainTextSelection guid="${g(5)}" startPosition="3" endPosition="9">`,
  'startPosition="-1"',
  'endPosition="x"',
  `<Coding guid="${g(6)}"><CodeRef targetGUID="${g(3)}"/></Coding>`,
  '<CodeRef/>',
  '<PlainTextContent>',
  '</PlainTextContent>',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '&#x0;',
  '&#xD800;',
  '&nope;',
  '<?xml version="1.1"?>',
  '<!DOCTYPE x [<!ENTITY a "aaaa">]>',
  '&a;',
  'xmlns:q="urn:x"',
  '<q:Project>',
  'guid="{ABC}"',
  `guid="{${g(2).toUpperCase()}}"`,
];

/**
 * Transcripts as a fokus export writes them and its import reads them back (docs/interop.md): speakers
 * are codes; a paragraph inside a turn that opens like a speaker's label or a heading starts one, so
 * generate none; a heading has a title.
 */
const exportedArb: fc.Arbitrary<Transcript> = fc
  .tuple(
    fc.uniqueArray(fc.oneof(fc.constant('?'), fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,15}$/)), { minLength: 1, maxLength: 4 }),
    transcriptArb,
  )
  .map(([codes, t]) => {
    const opens = new RegExp(`^(?:[ \\t]*#{1,6}[ \\t]|(?:${codes.map((c) => c.replace(/[?]/g, '\\?')).join('|')})(?: \\[|:))`);
    const blocks = t.blocks.flatMap((b, i): Block[] => {
      if (b.kind === 'heading') return b.title ? [{ kind: 'heading', title: b.title }] : [];
      // A line after a blank line opens a paragraph, however many blank lines come before it.
      const lines = b.text.split('\n');
      const text = lines.map((l, k) => (k > 0 && lines[k - 1] === '' && opens.test(l) ? `x${l}` : l)).join('\n');
      const turn: Block = { ...b, speaker: codes[i % codes.length]!, text: normalizeText(text) };
      delete turn.end;
      return [turn];
    });
    return { blocks: blocks.some((b) => b.kind === 'turn') ? blocks : [{ kind: 'turn', id: 't1', speaker: codes[0]!, text: 'hei' }] };
  });

/** Well-formed XML of elements side by side or apart, with or without attributes, prefixes, emoji, CR LF. */
function xmlNodeArb(depth: number): fc.Arbitrary<string> {
  const child =
    depth > 1
      ? fc.oneof(xmlNodeArb(depth - 1), fc.constantFrom('', ' ', '\n', '\r\n', '\r', 'tekst', '😀'))
      : fc.constantFrom('', '\n', 'x');
  return fc
    .tuple(
      fc.constantFrom('a', 'Code', 'q:Code', 'Å', 'x😀'),
      fc.constantFrom('', ' guid="1"', '\n  n="æ"', '\r\n'),
      fc.array(child, { maxLength: 3 }),
    )
    .map(([name, attrs, children]) => (children.length ? `<${name}${attrs}>${children.join('')}</${name}>` : `<${name}${attrs}/>`));
}
const xmlTreeArb = xmlNodeArb(4).map((x) => `<R xmlns:q="urn:q">${x}</R>`);

/** Every element's position is its `<` in the text, so messages about it point there. */
function expectElementsAt(root: XmlElement, xml: string): void {
  const lines = xml.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  let last = { line: 0, col: 0 };
  const walk = (el: XmlElement) => {
    // In document order, each after the one before: an element is not placed at the next one's `<`.
    expect(el.line > last.line || (el.line === last.line && el.col > last.col), `<${el.name}> at ${el.line}:${el.col}`).toBe(true);
    last = el;
    const at = lines[el.line - 1]?.slice(el.col - 1) ?? '';
    expect(
      at.startsWith('<') && new RegExp(`^<(?:[^\\s:/>]+:)?${el.name}[\\s/>]|^<(?:[^\\s:/>]+:)?${el.name}$`).test(at),
      `<${el.name}> at ${el.line}:${el.col}: ${at.slice(0, 40)}`,
    ).toBe(true);
    for (const c of elements(el)) walk(c);
  };
  walk(root);
}

describe('REFI-QDA (project.qde, codebooks, source texts, the import plan)', () => {
  const own = fokusExport();
  const validArb = fc.oneof(
    fc.constant(own.xml),
    fc.constant(OTHER_QDE),
    refiProjectArb.map(writeProjectXml),
    // Written without line breaks too: <Code><Code> side by side.
    refiProjectArb.map((p) => writeProjectXml(p).replace(/>\n\s*</g, '><')),
    refiCodesArb(3, 3).map((c) => writeCodebookXml(c, 'fokus 0.1.0')),
  );
  const textsArb = fc.array(
    inputArb(fc.constantFrom(OTHER_TEXT, ...own.texts), ['P1: ', 'M1 [00:00:05]: ', '## ', '\n\n', 'Kari Nordmann: ', 'Speaker 2: ']),
    { maxLength: 4 },
  );

  it('arbitrary and mutated XML reads or gives a UserError at a line and column; what reads, the import plans or refuses with a UserError; quickly', () => {
    fc.assert(
      fc.property(inputArb(validArb, QDE_WORDS), textsArb, (xml, texts) => {
        const project = valueOrUserError(
          () => timed('read project.qde', xml.length, () => readProjectXml('project.qde', xml)),
          xml,
          'project.qde',
        );
        if (project instanceof UserError) return;
        expectElementsAt(parseXml('project.qde', xml), xml);
        const byGuid = new Map(project.sources.map((s, i) => [s.guid, texts.length ? texts[i % texts.length] : undefined]));
        const input = { project, texts: byGuid, maps: new Map<string, string>() };
        const longest = Math.max(xml.length, ...texts.map((t) => t.length));
        try {
          const plan = timed('plan the import', longest, () => planRefiImport(input));
          // What import-qdpx writes from the plan is a valid project: ids, codes, and transcripts that read back as planned.
          const unique = (xs: string[], re: RegExp) => {
            for (const x of xs) expect(x, xs.join(', ')).toMatch(re);
            expect(new Set(xs).size).toBe(xs.length);
          };
          unique(
            plan.codes.map((c) => c.code),
            CODE_PATH_RE,
          );
          unique(
            (plan.manifest.team ?? []).map((t) => t.code),
            CODE_RE,
          );
          unique(
            plan.participants.map((x) => x.code),
            CODE_RE,
          );
          unique(
            plan.sessions.map((x) => x.session.id),
            SLUG_RE,
          );
          for (const s of plan.sessions) {
            if (!s.transcript) continue;
            const back = readTranscript('md', 'transcript.md', writeTranscript('md', s.transcript));
            expect(errorsOf(back.problems)).toEqual([]);
            expect(back.transcript).toEqual(s.transcript);
          }
        } catch (e) {
          if (!(e instanceof UserError)) throw e;
          for (const p of e.problems) if (p.line !== undefined) expect(p.col).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: runs(300) },
    );
  });

  it('XML: every element is placed at its `<`, whatever lies between elements', () => {
    fc.assert(
      fc.property(xmlTreeArb, (xml) => {
        expectElementsAt(parseXml('x.xml', xml), xml);
      }),
      { numRuns: runs(200) },
    );
  });

  it('write -> read of a REFI-QDA project model is the identity', () => {
    fc.assert(
      fc.property(refiProjectArb, (p) => {
        expect(facts(readProjectXml('project.qde', writeProjectXml(p)))).toEqual(facts(p));
      }),
      { numRuns: runs(200) },
    );
  });

  it('write -> read of a codebook (.qdc) gives the same code tree', () => {
    fc.assert(
      fc.property(refiCodesArb(4, 4), (codes) => {
        expect(facts(readProjectXml('c.qdc', writeCodebookXml(codes, 'fokus 0.1.0')).codes)).toEqual(facts(codes));
      }),
      { numRuns: runs(150) },
    );
  });

  it("a transcript's plain text reads back as the same turns, and a selection in it as the same words", () => {
    fc.assert(
      fc.property(exportedArb, fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 }), (t, picks) => {
        const st = sourceText(t);
        const speakers = new Set(turnsOf(t).map((x) => x.speaker));
        const read = readSourceText(st.text, { labels: 'codes', codes: speakers });
        // Turn ids, end times and question links are not carried (docs/interop.md).
        expect(
          read.blocks.map((b) =>
            b.kind === 'heading' ? { kind: b.kind, title: b.title } : brief({ speaker: b.label, start: b.start, text: b.text }),
          ),
        ).toEqual(
          t.blocks.map((b) =>
            b.kind === 'heading' ? { kind: b.kind, title: b.title } : brief({ speaker: b.speaker, start: b.start, text: b.text }),
          ),
        );
        // Selections as the export writes them: code points into the plain text.
        const turns = turnsOf(t);
        const cp = toCodePoints(st.text);
        for (const [i, j, x, y] of picks) {
          const [first, last] = [i % turns.length, j % turns.length].sort((a, b) => a - b) as [number, number];
          // A selection starts and ends on a character of talk (a line break is no word) with its combining
          // marks (and Hangul jamo): the reader keeps those together, so NFC cannot move positions.
          const chars = (k: number) => [
            ...turns[k]!.text.matchAll(/[^\n\p{M}\u1161-\u1175\u11a8-\u11c2][\p{M}\u1161-\u1175\u11a8-\u11c2]*/gu),
          ];
          const [starts, ends] = [chars(first), chars(last)];
          if (!starts.length || !ends.length) continue;
          const from = starts[x % starts.length]!.index;
          const end = ends[y % ends.length]!;
          const to = end.index + end[0].length;
          if (first === last && to <= from) continue;
          const span = read.span(cp(st.starts[first]! + from), cp(st.starts[last]! + to));
          expect(span).toEqual({ first, from, last, to });
        }
      }),
      { numRuns: runs(200) },
    );
  });

  it('source text: any text and any selection place inside the turns, quickly', () => {
    fc.assert(
      fc.property(
        inputArb(fc.constantFrom(OTHER_TEXT, ...own.texts), ['P1: ', 'Kari: ', '## x', '\r\n', '\u2028', 'e\u0301', '😀', '\n\n']),
        fc.constantFrom('codes' as const, 'names' as const),
        fc.array(fc.tuple(fc.integer({ min: -5, max: 12_000 }), fc.integer({ min: -5, max: 12_000 }), fc.boolean()), { maxLength: 8 }),
        (text, labels, selections) => {
          const read = timed('read source text', text.length, () =>
            readSourceText(text, { labels, codes: new Set(['P1', 'P2', 'M1', '?']) }),
          );
          for (const [a, b, asOne] of selections) {
            const span = read.span(a, b, asOne);
            if (!span) continue;
            expect(span.first).toBeLessThanOrEqual(span.last);
            expect(span.from).toBeGreaterThanOrEqual(0);
            expect(span.from).toBeLessThanOrEqual(read.turns[span.first]!.text.length);
            expect(span.to).toBeGreaterThanOrEqual(0);
            expect(span.to).toBeLessThanOrEqual(read.turns[span.last]!.text.length);
          }
          expect(
            read.fit(
              selections.map(([start, end]) => ({ start, end })),
              true,
            ),
          ).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: runs(300) },
    );
  });

  // Found by the properties above.
  it("reads a note's description, and writes a float so small it has an exponent without losing it", () => {
    const p: RefiProject = {
      name: 'x',
      users: [],
      codes: [],
      variables: [{ guid: g(1), name: 'vekt', type: 'Float' }],
      cases: [{ guid: g(2), name: 'P1', values: [{ variable: g(1), value: 5e-324 }], sources: [] }],
      sources: [],
      notes: [{ guid: g(3), name: 'memo', text: 'tekst', description: 'Om notatet' }],
      projectNotes: [],
    };
    const xml = writeProjectXml(p);
    expect(xml).toContain(`<FloatValue>0.${'0'.repeat(323)}5</FloatValue>`);
    expect(facts(readProjectXml('p.qde', xml))).toEqual(p);
  });

  it('gives a second user or source whose id is as long as ids may be a shortened one, and cuts a long code name between code points', () => {
    const long = 'ABCDEFGHIJKLMNOP';
    const users = `<Users><User guid="${g(1)}" id="${long}"/><User guid="${g(2)}" id="${long}"/></Users>`;
    const source = (n: number) =>
      `<TextSource guid="${g(n)}" name="${'a'.repeat(64)}"><PlainTextContent>P1: hei</PlainTextContent></TextSource>`;
    const name = `${'𐚊'.repeat(19)}x${'𐚊'.repeat(30)}`;
    const codes = `<CodeBook><Codes><Code guid="${g(5)}" name="${name}" isCodable="true"/><Code guid="${g(6)}" name="${name}" isCodable="true"/></Codes></CodeBook>`;
    const xml = `<Project xmlns="urn:QDA-XML:project:1.0" name="x" origin="fokus 0.1.0">${users}${codes}<Sources>${source(3)}${source(4)}</Sources></Project>`;
    const plan = planRefiImport({ project: readProjectXml('p.qde', xml), texts: new Map(), maps: new Map() });
    expect(plan.manifest.team!.map((t) => t.code)).toEqual([long, 'ABCDEFGHIJKLMNO2']);
    expect(plan.sessions.map((s) => s.session.id)).toEqual(['a'.repeat(64), `${'a'.repeat(62)}-2`]);
    expect(plan.codes.map((c) => [...c.code].length)).toEqual([40, 42]);
  });

  it("places an element at its '<', not after its name (REFI messages pointed past it)", () => {
    const root = parseXml('p.qde', '<Project><a/><Code/>\n  <PlainTextSelection x="1"/><b\r\n/></Project>');
    expect(elements(root).map((e) => [e.name, e.line, e.col])).toEqual([
      ['a', 1, 10],
      ['Code', 1, 14],
      ['PlainTextSelection', 2, 3],
      ['b', 2, 30],
    ]);
  });

  it('refuses elements nested past any real file at a position, without time squared', () => {
    const t0 = performance.now();
    // The 256th element inside <Project> is one too deep: <Project> and 255 <Code>s before it.
    expect(userError(() => readProjectXml('p.qde', `<Project>${'<Code>'.repeat(20_000)}`)).problems[0]).toMatchObject({
      code: 'bad-xml',
      line: 1,
      col: 10 + 255 * 6,
    });
    expect(performance.now() - t0).toBeLessThan(LIMIT_MS);
  });

  it('plans transcripts as transcript.md reads them back: a one-line title, text in NFC (Hangul jamo composed)', () => {
    const xml = `<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources><TextSource guid="${g(1)}"><Description>To  mellomrom\nog linjeskift</Description><PlainTextContent>\u1100\u1161 og 한</PlainTextContent></TextSource></Sources></Project>`;
    const [s] = planRefiImport({ project: readProjectXml('p.qde', xml), texts: new Map(), maps: new Map() }).sessions;
    expect(s!.transcript).toMatchObject({ title: 'To mellomrom og linjeskift', blocks: [{ text: '가 og 한' }] });
    expect(readTranscript('md', 't.md', writeTranscript('md', s!.transcript!)).transcript).toEqual(s!.transcript);
  });

  it('brings back blank lines inside a turn and start times past 99 hours from a plain text', () => {
    const t: Transcript = { blocks: [{ kind: 'turn', id: 't1', speaker: 'P1', start: 360_000_000, text: 'a\n\n\nb' }] };
    const read = readSourceText(sourceText(t).text, { labels: 'codes', codes: new Set(['P1']) });
    expect(read.turns).toMatchObject([{ label: 'P1', start: 360_000_000, text: 'a\n\n\nb' }]);
  });
});
