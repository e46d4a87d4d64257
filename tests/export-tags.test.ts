// fokus export tags | quotes: the rows checked against the example's own tag files read here
// independently, CSV and Excel read back, filters, bad input, and the leak check before writing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseCsv } from '../src/core/csv.js';
import { QUOTE_COLUMNS, TAG_COLUMNS } from '../src/core/tag-export.js';
import { element, elements, parseXml, textOf, type XmlElement } from '../src/importers/xml.js';
import { unzip } from '../src/store/zip.js';
import { columnName, sheetName, writeXlsx, XLSX_CELL_MAX } from '../src/writers/xlsx.js';
import { EXAMPLE, exampleCopy, fingerprint, fokusIn, tmp } from './helpers.js';

// --- the example read independently of fokus --------------------------------------------------

interface YamlTag {
  code: string;
  turn: string;
  to?: string;
  words?: string;
  marks?: string[];
  memo?: string;
}

const SESSIONS = join(EXAMPLE, 'sessions');
const sessionIds = readdirSync(SESSIONS).sort();
const yaml = <T>(path: string): T => parse(readFileSync(path, 'utf8')) as T;
const group = (id: string) => yaml<{ group: string }>(join(SESSIONS, id, 'session.yaml')).group;

/** Every tag in the example's tag files, with its session and observer. */
const allTags = sessionIds.flatMap((session) => {
  const dir = join(SESSIONS, session, 'tags');
  return (existsSync(dir) ? readdirSync(dir).sort() : []).flatMap((f) =>
    yaml<{ tags: YamlTag[] }>(join(dir, f)).tags.map((tag) => ({
      session,
      group: group(session),
      observer: f.replace(/\.yaml$/, ''),
      tag,
    })),
  );
});

/** Turn id → speaker and position, from a transcript in Markdown or YAML. */
function turnsOf(session: string): Map<string, { speaker: string; pos: number }> {
  const out = new Map<string, { speaker: string; pos: number }>();
  const md = join(SESSIONS, session, 'transcript.md');
  if (existsSync(md)) {
    for (const m of readFileSync(md, 'utf8').matchAll(/^\*\*([^*]+)\*\*[^\n]*?#(t\d+):/gm))
      out.set(m[2]!, { speaker: m[1]!, pos: out.size });
  } else {
    for (const t of yaml<{ turns: { id?: string; speaker?: string }[] }>(join(SESSIONS, session, 'transcript.yaml')).turns)
      if (t.id) out.set(t.id, { speaker: t.speaker!, pos: out.size });
  }
  return out;
}

const run = (args: string[], cwd = EXAMPLE) => fokusIn(args, { cwd });

/** CSV text as records keyed by header. */
function csvRecords(text: string): { header: string[]; rows: Record<string, string>[]; cells: string[][] } {
  const t = parseCsv(text, { delimiter: ',' });
  return {
    header: t.header,
    cells: t.rows.map((r) => r.cells),
    rows: t.rows.map((r) => Object.fromEntries(t.header.map((h, i) => [h, r.cells[i]!]))),
  };
}

/** A workbook read back: each part parsed as XML (so each must be well-formed), the sheet's cells as text. */
function readXlsx(bytes: Uint8Array) {
  const parts = unzip(bytes);
  const xml = new Map<string, XmlElement>();
  for (const [name, data] of parts) xml.set(name, parseXml(name, data.toString('utf8')));
  const shared = elements(xml.get('xl/sharedStrings.xml')!, 'si').map((si) => textOf(si));
  const sheet = xml.get('xl/worksheets/sheet1.xml')!;
  const colIndex = (ref: string) => [...ref.replace(/\d+$/, '')].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const rows: (string | number)[][] = [];
  const types: string[][] = [];
  for (const row of elements(element(sheet, 'sheetData')!, 'row')) {
    const r = Number(row.attrs.r) - 1;
    rows[r] = [];
    types[r] = [];
    for (const c of elements(row, 'c')) {
      const i = colIndex(c.attrs.r!);
      const v = textOf(element(c, 'v')!);
      rows[r]![i] = c.attrs.t === 's' ? shared[Number(v)]! : Number(v);
      types[r]![i] = c.attrs.t ?? 'n';
    }
  }
  const width = rows[0]!.length;
  const filled = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
  return { parts, xml, rows: filled, types, sheet };
}

// --- the rows -----------------------------------------------------------------------------------

describe('fokus export tags', () => {
  it('prints one CSV row per tag in every tag file, in session and turn order, with æøå intact', async () => {
    const r = await run(['export', 'tags']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const { header, rows } = csvRecords(r.stdout);
    expect(header).toEqual([...TAG_COLUMNS]);
    expect(header).toEqual([
      'code',
      'code_label',
      'session',
      'group',
      'group_name',
      'date',
      'turn',
      'to',
      'speaker',
      'category',
      'observer',
      'marks',
      'memo',
      'words',
      'status',
    ]);
    expect(allTags.length).toBeGreaterThan(1000);
    expect(rows).toHaveLength(allTags.length);
    // Session order, then turn position, then observer.
    const positions = new Map(sessionIds.map((s) => [s, turnsOf(s)]));
    const keys = rows.map((x) => [sessionIds.indexOf(x.session!), positions.get(x.session!)!.get(x.turn!)!.pos, x.observer!] as const);
    for (let i = 1; i < keys.length; i++) {
      const [a, b] = [keys[i - 1]!, keys[i]!];
      expect(a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] <= b[2]))), `row ${i + 1} out of order`).toBe(true);
    }
    // Every tag is found where it was tagged, so each row is exactly one tag of the files.
    expect(new Set(rows.map((x) => x.status))).toEqual(new Set(['exact']));
    const key = (s: string, o: string, t: string, c: string, w: string) => [s, o, t, c, w].join('|');
    expect(rows.map((x) => key(x.session!, x.observer!, x.turn!, x.code!, x.words!)).sort()).toEqual(
      allTags.map((t) => key(t.session, t.observer, t.tag.turn, t.tag.code, t.tag.words!)).sort(),
    );
    expect(rows.some((x) => x.code === 'brukermedvirkning/systemnivå')).toBe(true);
    expect(rows.filter((x) => /[æøå]/.test(x.words!)).length).toBeGreaterThan(100);
  });

  it("gives a known tag's words, speaker, category, group, date, marks and memo", async () => {
    const r = await run(['export', 'tags', '--json', '--session', 'elvedal-1', '--observer', 'O1']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(Object.keys(rows[0]!)).toEqual([...TAG_COLUMNS]);
    const own = yaml<{ tags: YamlTag[] }>(join(SESSIONS, 'elvedal-1', 'tags', 'O1.yaml')).tags;
    const tag = own.find((t) => t.code === 'kompetanse/relasjon' && t.turn === 't17')!;
    const speaker = turnsOf('elvedal-1').get('t17')!.speaker;
    const participant = yaml<{ participants: { code: string; category: string }[] }>(join(EXAMPLE, 'participants.yaml')).participants.find(
      (p) => p.code === speaker,
    )!;
    expect(participant.category).toBe('user-representative');
    const session = yaml<{ held: string }>(join(SESSIONS, 'elvedal-1', 'session.yaml'));
    const row = rows.find((x) => x.code === 'kompetanse/relasjon' && x.turn === 't17')!;
    expect(row).toEqual({
      code: 'kompetanse/relasjon',
      code_label: 'Relasjon',
      session: 'elvedal-1',
      group: 'elvedal',
      group_name: 'Elvedal',
      date: session.held,
      turn: 't17',
      to: null,
      speaker: [speaker],
      category: ['brukerrepresentant'],
      observer: 'O1',
      marks: ['quote'],
      memo: tag.memo,
      words: tag.words,
      status: 'exact',
    });
    expect(rows).toHaveLength(own.length);
  });

  it('gives a run of turns both turn ids, both speakers, and each turn on its own line, quoted in CSV', async () => {
    const r = await run(['export', 'tags', '--session', 'elvedal-1', '--observer', 'O2']);
    const { rows } = csvRecords(r.stdout);
    const tag = yaml<{ tags: YamlTag[] }>(join(SESSIONS, 'elvedal-1', 'tags', 'O2.yaml')).tags.find((t) => t.to === 't24')!;
    const turns = turnsOf('elvedal-1');
    const row = rows.find((x) => x.turn === tag.turn && x.to === 't24')!;
    expect(row.words).toBe(tag.words);
    expect(row.words).toContain('\n');
    expect(row.speaker).toBe(`${turns.get('t23')!.speaker}; ${turns.get('t24')!.speaker}`);
    expect(row.marks).toBe('consensus');
    expect(r.stdout).toContain(`"${tag.words}"`);
  });

  it('narrows by session, group, observer and code (with its sub-codes)', async () => {
    const count = async (args: string[]) => {
      const r = await run(['export', 'tags', '--json', ...args]);
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as Record<string, string>[];
    };
    const two = await count(['--session', 'elvedal-1', '--session', 'fjordvik-2']);
    expect(two).toHaveLength(allTags.filter((t) => ['elvedal-1', 'fjordvik-2'].includes(t.session)).length);
    const fjordvik = await count(['--group', 'fjordvik']);
    expect(fjordvik).toHaveLength(allTags.filter((t) => t.group === 'fjordvik').length);
    expect(new Set(fjordvik.map((x) => x.group_name))).toEqual(new Set(['Fjordvik']));
    const o2 = await count(['--observer', 'O2']);
    expect(o2).toHaveLength(allTags.filter((t) => t.observer === 'O2').length);
    expect(new Set(o2.map((x) => x.observer))).toEqual(new Set(['O2']));
    const within = (c: string, root: string) => c === root || c.startsWith(`${root}/`);
    const kompetanse = await count(['--code', 'kompetanse']);
    expect(kompetanse).toHaveLength(allTags.filter((t) => within(t.tag.code, 'kompetanse')).length);
    expect(new Set(kompetanse.map((x) => x.code)).size).toBeGreaterThan(1);
    // A unique last part is enough, as everywhere codes are typed; filters combine.
    const both = await count(['--code', 'relasjon', '--group', 'elvedal', '--observer', 'O1']);
    expect(both).toHaveLength(
      allTags.filter((t) => t.tag.code === 'kompetanse/relasjon' && t.group === 'elvedal' && t.observer === 'O1').length,
    );
    expect(both.length).toBeGreaterThan(0);
    // Filters that leave nothing give the header alone.
    const none = await run(['export', 'tags', '--session', 'elvedal-1', '--group', 'fjordvik']);
    expect(none.code).toBe(0);
    expect(none.stdout).toBe(`${TAG_COLUMNS.join(',')}\n`);
  });
});

describe('tags the transcript has moved away from', () => {
  it('gives a moved tag the turn it sits in now, and an orphaned one its stored words, with a note', async () => {
    const dir = exampleCopy();
    const f = join(dir, 'sessions', 'elvedal-2', 'tags', 'O1.yaml');
    const file = yaml<{ tags: YamlTag[] }>(f);
    const turns = turnsOf('elvedal-2');
    const [moved, lost] = [file.tags[0]!, file.tags[1]!];
    const realTurn = moved.turn;
    const elsewhere = [...turns.keys()].find((t) => t !== realTurn && turns.get(t)!.pos > turns.get(realTurn)!.pos + 3)!;
    moved.turn = elsewhere;
    lost.words = 'Dette ble aldri sagt i noen samling, verken tidlig eller sent.';
    delete (lost as { before?: string }).before;
    delete (lost as { after?: string }).after;
    writeFileSync(f, stringify(file));
    const r = await run(['export', 'tags', '--session', 'elvedal-2', '--observer', 'O1'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^note: 1 tag could not be placed on the transcript \(status orphaned\): their words are as stored; see fokus validate\n$/,
    );
    const { rows } = csvRecords(r.stdout);
    expect(rows).toHaveLength(file.tags.length);
    const m = rows.find((x) => x.code === moved.code && x.words === moved.words)!;
    expect(m).toMatchObject({ status: 'moved', turn: realTurn, speaker: turns.get(realTurn)!.speaker });
    const o = rows.find((x) => x.words === lost.words)!;
    expect(o).toMatchObject({ status: 'orphaned', turn: lost.turn, speaker: '', category: '' });
    // An orphan still sorts by the turn it names.
    const pos = (x: Record<string, string>) => turns.get(x.turn!)!.pos;
    expect(rows.slice(0, rows.indexOf(o)).every((x) => pos(x) <= pos(o))).toBe(true);
    expect(rows.slice(rows.indexOf(o) + 1).every((x) => pos(x) >= pos(o))).toBe(true);
  });
});

describe('fokus export quotes', () => {
  it('gives exactly the tags marked quote, with the words verbatim', async () => {
    const r = await run(['export', 'quotes']);
    expect(r.code).toBe(0);
    const { header, rows } = csvRecords(r.stdout);
    expect(header).toEqual([...QUOTE_COLUMNS]);
    const marked = allTags.filter((t) => t.tag.marks?.includes('quote'));
    expect(marked.length).toBeGreaterThan(10);
    const key = (s: string, o: string, t: string, c: string, w: string, m: string) => [s, o, t, c, w, m].join('|');
    expect(rows.map((x) => key(x.session!, x.observer!, x.turn!, x.code!, x.words!, x.memo!)).sort()).toEqual(
      marked.map((t) => key(t.session, t.observer, t.tag.turn, t.tag.code, t.tag.words!, t.tag.memo ?? '')).sort(),
    );
    for (const x of rows) expect(x.marks!.split('; ')).toContain('quote');
    // Each quote is attributed by category, never left bare when a participant spoke it.
    const participants = new Set(
      yaml<{ participants: { code: string }[] }>(join(EXAMPLE, 'participants.yaml')).participants.map((p) => p.code),
    );
    for (const x of rows) if (x.speaker!.split('; ').every((s) => participants.has(s))) expect(x.category).not.toBe('');
  });

  it('takes the same filters', async () => {
    const r = await run(['export', 'quotes', '--json', '--group', 'elvedal', '--observer', 'O2']);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(Object.keys(rows[0]!)).toEqual([...QUOTE_COLUMNS]);
    expect(rows).toHaveLength(allTags.filter((t) => t.group === 'elvedal' && t.observer === 'O2' && t.tag.marks?.includes('quote')).length);
  });
});

// --- files --------------------------------------------------------------------------------------

describe('writing a file', () => {
  it('writes CSV with -o, the same rows as on standard output, and says what it wrote', async () => {
    const dir = exampleCopy();
    const before = fingerprint(dir);
    const r = await run(['export', 'tags', '-o', 'ut/tags.csv', '--group', 'elvedal'], dir);
    expect(r.code).toBe(0);
    const expected = allTags.filter((t) => t.group === 'elvedal').length;
    expect(r.stdout).toBe(`Wrote ${expected} tags to ut/tags.csv (CSV).\n`);
    const text = readFileSync(join(dir, 'ut', 'tags.csv'), 'utf8');
    expect(text).toBe((await run(['export', 'tags', '--group', 'elvedal'], dir)).stdout);
    expect(csvRecords(text).rows).toHaveLength(expected);
    // Nothing else in the project changed.
    const after = fingerprint(dir);
    delete after['ut/tags.csv'];
    expect(after).toEqual(before);
  });

  it('writes an Excel workbook whose cells read back to the CSV rows', async () => {
    const dir = exampleCopy();
    const r = await run(['export', 'tags', '-o', 'tags.xlsx'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Wrote ${allTags.length} tags to tags.xlsx (Excel workbook).\n`);
    const book = readXlsx(readFileSync(join(dir, 'tags.xlsx')));
    expect([...book.parts.keys()]).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/worksheets/sheet1.xml',
      'xl/styles.xml',
      'xl/sharedStrings.xml',
    ]);
    const csv = parseCsv((await run(['export', 'tags'], dir)).stdout, { delimiter: ',' });
    expect(book.rows).toEqual([csv.header, ...csv.rows.map((x) => x.cells)]);
    expect(book.rows.flat().some((c) => typeof c === 'string' && c.includes('\n') && /[æøå]/.test(c))).toBe(true);

    // The header is bold and frozen, the table filtered, long columns wide and wrapped.
    const sheet = book.sheet;
    const last = columnName(TAG_COLUMNS.length - 1);
    expect(element(sheet, 'autoFilter')!.attrs.ref).toBe(`A1:${last}${allTags.length + 1}`);
    const pane = element(element(element(sheet, 'sheetViews')!, 'sheetView')!, 'pane')!;
    expect(pane.attrs).toMatchObject({ ySplit: '1', topLeftCell: 'A2', state: 'frozen' });
    const styles = book.xml.get('xl/styles.xml')!;
    const xfs = elements(element(styles, 'cellXfs')!, 'xf');
    const fonts = elements(element(styles, 'fonts')!, 'font');
    const headerCells = elements(elements(element(sheet, 'sheetData')!, 'row')[0]!, 'c');
    for (const c of headerCells) expect(element(fonts[Number(xfs[Number(c.attrs.s)]!.attrs.fontId)]!, 'b')).toBeDefined();
    const cols = elements(element(sheet, 'cols')!, 'col');
    const words = TAG_COLUMNS.indexOf('words');
    expect(Number(cols[words]!.attrs.width)).toBe(60);
    expect(Number(cols[TAG_COLUMNS.indexOf('observer')]!.attrs.width)).toBeLessThan(15);
    const wordsCell = elements(elements(element(sheet, 'sheetData')!, 'row')[1]!, 'c').find((c) => c.attrs.r === `${columnName(words)}2`)!;
    expect(element(xfs[Number(wordsCell.attrs.s)]!, 'alignment')!.attrs.wrapText).toBe('1');
    const workbook = book.xml.get('xl/workbook.xml')!;
    expect(element(element(workbook, 'sheets')!, 'sheet')!.attrs.name).toBe('Tags');
  });

  it('writes quotes as a workbook with --xlsx, and reports the write as JSON with --json', async () => {
    const dir = exampleCopy();
    const r = await run(['export', 'quotes', '--xlsx', '-o', join(dir, 'sitater.XLSX'), '--json'], dir);
    expect(r.code).toBe(0);
    const marked = allTags.filter((t) => t.tag.marks?.includes('quote')).length;
    expect(JSON.parse(r.stdout)).toEqual({ file: join(dir, 'sitater.XLSX'), format: 'xlsx', rows: marked, leakCheck: 'passed' });
    const book = readXlsx(readFileSync(join(dir, 'sitater.XLSX')));
    expect(book.rows[0]).toEqual([...QUOTE_COLUMNS]);
    expect(book.rows).toHaveLength(marked + 1);
    expect(element(element(book.xml.get('xl/workbook.xml')!, 'sheets')!, 'sheet')!.attrs.name).toBe('Quotes');
  });

  /** LibreOffice's CSV of a file (comma, double quotes, UTF-8, from row 1), or undefined when it could not open it. */
  const libreOfficeCsv = (file: string, outdir: string): string | undefined => {
    const lo = spawnSync(
      'soffice',
      [
        `-env:UserInstallation=file://${tmp('fokus-lo-profile-')}`,
        '--headless',
        '--convert-to',
        'csv:Text - txt - csv (StarCalc):44,34,76,1',
        '--outdir',
        outdir,
        file,
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    const csv = join(outdir, `${basename(file, extname(file))}.csv`);
    return lo.status === 0 && existsSync(csv) ? readFileSync(csv, 'utf8') : undefined;
  };
  const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0;

  it('opens in LibreOffice, whose CSV of the workbook equals fokus CSV', async (ctx) => {
    if (!soffice) return ctx.skip('LibreOffice (soffice) is not on PATH, so the workbook was not opened in a real spreadsheet');
    // soffice without its spreadsheet part (Calc) opens no spreadsheet at all: a plain CSV file tells.
    const probe = tmp('fokus-soffice-probe-');
    writeFileSync(join(probe, 'probe.csv'), 'a,b\n1,æ\n');
    if (libreOfficeCsv(join(probe, 'probe.csv'), join(probe, 'out')) === undefined)
      return ctx.skip(
        'soffice is on PATH but cannot open spreadsheets (LibreOffice Calc is not installed), so the workbook was not opened in a real spreadsheet',
      );
    const dir = exampleCopy();
    const out = tmp('fokus-soffice-');
    expect((await run(['export', 'tags', '-o', join(out, 'tags.xlsx')], dir)).code).toBe(0);
    const converted = libreOfficeCsv(join(out, 'tags.xlsx'), join(out, 'lo'));
    expect(converted, 'LibreOffice could not open the workbook').toBeDefined();
    const theirs = parseCsv(converted!, { delimiter: ',' });
    const ours = parseCsv((await run(['export', 'tags'], dir)).stdout, { delimiter: ',' });
    expect(theirs.header).toEqual([...TAG_COLUMNS]);
    expect(theirs.rows).toHaveLength(allTags.length);
    expect(theirs.rows.map((x) => x.cells)).toEqual(ours.rows.map((x) => x.cells));
  }, 240_000);
});

// --- the workbook writer on its own ---------------------------------------------------------------

describe('the xlsx writer', () => {
  it('writes numbers as numbers, escapes markup, drops what XML forbids, keeps line breaks and æøå', () => {
    const bytes = writeXlsx({
      name: 'Test',
      header: ['tekst', 'tall'],
      rows: [
        ['<b>&"sitat"</b>', 42],
        ['linje én\nlinje to – æøå ÆØÅ', -1.5],
        ['kontroll\u0001tegn\uFFFE og \uD800halv', null],
        [undefined, Infinity],
      ],
    });
    const book = readXlsx(bytes);
    expect(book.rows).toEqual([
      ['tekst', 'tall'],
      ['<b>&"sitat"</b>', 42],
      ['linje én\nlinje to – æøå ÆØÅ', -1.5],
      ['kontrolltegn og halv', ''],
      ['', 'Infinity'],
    ]);
    expect(book.types[1]).toEqual(['s', 'n']);
    expect(book.types[2]).toEqual(['s', 'n']);
    // A number that is not finite has no number form: it is written as text.
    expect(book.types[4]![1]).toBe('s');
  });

  it('names columns past Z, cuts a cell past Excel limit, and cleans the sheet name', () => {
    const header = Array.from({ length: 30 }, (_, i) => `k${i}`);
    const long = 'å'.repeat(XLSX_CELL_MAX + 10);
    const book = readXlsx(writeXlsx({ name: 'a/b', header, rows: [[long, ...header.slice(1)]] }));
    expect(book.rows[0]).toEqual(header);
    expect(elements(elements(element(book.sheet, 'sheetData')!, 'row')[1]!, 'c').map((c) => c.attrs.r)).toContain('AD2');
    const cell = book.rows[1]![0] as string;
    expect(cell).toHaveLength(XLSX_CELL_MAX);
    expect(cell.endsWith('…')).toBe(true);
    expect(columnName(0)).toBe('A');
    expect(columnName(25)).toBe('Z');
    expect(columnName(26)).toBe('AA');
    expect(columnName(701)).toBe('ZZ');
    expect(columnName(702)).toBe('AAA');
    expect(sheetName('Sitater [Elvedal]: *hva?* / \\ ok')).toBe('Sitater Elvedal hva ok');
    expect(sheetName("'Tags'")).toBe('Tags');
    expect(sheetName('Et svært langt arknavn som ikke får plass')).toBe('Et svært langt arknavn som ikke');
    expect([...sheetName('æ'.repeat(40))]).toHaveLength(31);
    expect(sheetName('[]')).toBe('Sheet1');
  });
});

// --- bad input and the leak check -------------------------------------------------------------------

describe('refusals', () => {
  it('refuses bad flags and unknown names with one line, exit 2, and nothing written', async () => {
    const dir = exampleCopy();
    mkdirSync(join(dir, 'ut.csv'));
    const before = fingerprint(dir);
    for (const [args, msg] of [
      [['tags', '--xlsx'], /^--xlsx writes a workbook and needs a file: add -o tags\.xlsx$/],
      [['quotes', '--xlsx'], /add -o quotes\.xlsx$/],
      [['tags', '--csv', '-o', 'x.xlsx'], /^--csv conflicts with -o x\.xlsx/],
      [['tags', '--xlsx', '-o', 'x.csv'], /^--xlsx conflicts with -o x\.csv/],
      [['tags', '--csv', '--xlsx', '-o', 'x.xlsx'], /--csv and --xlsx ask for different formats/],
      [['tags', '--json', '--csv'], /--json and --csv both say what to print/],
      [['tags', '-o', 'codebook.yaml'], /name a \.csv or \.xlsx file/],
      [['tags', '-o', 'ut.csv'], /-o ut\.csv is a folder/],
      [['tags', '--session', 'elvedal-9'], /no session 'elvedal-9' \(sessions: elvedal-1, /],
      [['tags', '--group', 'elvedl'], /no group 'elvedl' \(did you mean 'elvedal'\?\)/],
      [['quotes', '--observer', 'O9'], /O9 is not on the team/],
      [
        ['tags', '--code', 'kompetanse/relasjn', '-o', 't.xlsx'],
        /no code 'kompetanse\/relasjn' in the codebook \(did you mean 'kompetanse\/relasjon'\?\)/,
      ],
    ] as const) {
      const r = await run(['export', ...args], dir);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr.replace(/^error: /, '').trim(), args.join(' ')).toMatch(msg);
    }
    expect(fingerprint(dir)).toEqual(before);
  });

  it('says when there is no key to check against, and writes', async () => {
    const dir = exampleCopy();
    rmSync(join(dir, 'key.yaml'));
    const r = await run(['export', 'quotes', '-o', 'q.csv', '--json'], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).leakCheck).toBe('no-key');
    expect(r.stderr).toContain('the leak check could not run');
    expect(existsSync(join(dir, 'q.csv'))).toBe(true);
  });

  describe('the leak check', () => {
    /** The example with a participant's name (P5's, from the key) in every memo of one tag file. */
    const planted = () => {
      const dir = exampleCopy();
      const f = join(dir, 'sessions', 'elvedal-4', 'tags', 'O1.yaml');
      const file = yaml<{ tags: YamlTag[] }>(f);
      for (const t of file.tags) t.memo = `Tone Vik sa dette først. ${t.memo ?? ''}`.trim();
      writeFileSync(f, stringify(file));
      expect(file.tags.some((t) => t.marks?.includes('quote'))).toBe(true);
      return dir;
    };

    it('refuses a CSV or Excel file naming a participant, names whose name it is, never the name, and leaves no file', async () => {
      const dir = planted();
      const before = fingerprint(dir);
      for (const args of [
        ['tags', '-o', 'tags.csv'],
        ['tags', '-o', 'tags.xlsx'],
        ['quotes', '-o', 'ut/quotes.xlsx', '--json'],
      ]) {
        const r = await run(['export', ...args], dir);
        expect(r.code, args.join(' ')).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(r.stderr).toContain("P5's name (from key.yaml)");
        expect(r.stderr).toContain('nothing was written');
        expect(r.stderr).not.toMatch(/Tone|Vik/);
      }
      expect(existsSync(join(dir, 'ut'))).toBe(false);
      expect(fingerprint(dir)).toEqual(before);
      // The same export without the session that holds the name goes through.
      const ok = await run(['export', 'tags', '-o', 'tags.xlsx', '--session', 'elvedal-3'], dir);
      expect(ok.code).toBe(0);
      expect(existsSync(join(dir, 'tags.xlsx'))).toBe(true);
    });

    it('refuses CSV and JSON printed to a pipe', async () => {
      const dir = planted();
      for (const args of [['tags'], ['quotes', '--json']]) {
        const r = await run(['export', ...args], dir);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(/the output holds P5's name \(from key\.yaml\) at line \d+, column \d+; nothing was printed/);
      }
    });
  });
});
