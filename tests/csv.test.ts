import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatCsv, parseCsv, type CsvTable, type Delimiter } from '../src/core/csv.js';
import { UserError } from '../src/errors.js';
import { normName } from '../src/core/text.js';
import { userError } from './helpers.js';

// FOKUS_FUZZ_RUNS raises the number of cases for a deeper search (default 200).
const RUNS = Number(process.env.FOKUS_FUZZ_RUNS ?? 200);

const DELIMITERS: Delimiter[] = [',', ';', '\t'];

/** Header and cells only, the way most tests want to compare. */
const plain = (t: CsvTable) => ({ header: t.header, rows: t.rows.map((r) => r.cells) });

/** The problem a UserError carries, for matching message, line, col and code at once. */
const problem = (text: string, opts?: Parameters<typeof parseCsv>[1]) => userError(() => parseCsv(text, opts)).problems[0]!;

/** The character at a 1-based line and column (in characters), as an editor counts them. */
function charAt(text: string, line: number, col: number): string | undefined {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const l = body.split(/\r\n|\r|\n/)[line - 1];
  return l === undefined ? undefined : [...l][col - 1];
}

describe('parseCsv: the basics', () => {
  it('reads a header and rows, with the line each row starts on', () => {
    const t = parseCsv('navn,alder\nKari,34\nOla,51\n');
    expect(t).toEqual({
      header: ['navn', 'alder'],
      rows: [
        {
          cells: ['Kari', '34'],
          line: 2,
          at: [
            { line: 2, col: 1 },
            { line: 2, col: 6 },
          ],
        },
        {
          cells: ['Ola', '51'],
          line: 3,
          at: [
            { line: 3, col: 1 },
            { line: 3, col: 5 },
          ],
        },
      ],
      delimiter: ',',
    });
  });

  it('accepts CRLF, LF and lone CR line ends, mixed, and no final line end', () => {
    const t = parseCsv('a,b\r\n1,2\n3,4\r5,6');
    expect(plain(t).rows).toEqual([
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
    expect(t.rows.map((r) => r.line)).toEqual([2, 3, 4]);
  });

  it('skips blank lines, white-space-only lines and delimiter-only lines (Excel writes ;;;), counting them for line numbers', () => {
    const t = parseCsv('\n  \na;b;c\r\n\r\n1;2;3\r\n;;\r\n \t ; ;\r\n4;5;6\r\n;;;;;;\r\n\r\n');
    expect(plain(t)).toEqual({
      header: ['a', 'b', 'c'],
      rows: [
        ['1', '2', '3'],
        ['4', '5', '6'],
      ],
    });
    expect(t.rows.map((r) => r.line)).toEqual([5, 8]);
  });

  it('keeps a row of empty quoted cells: quotes make it data, not a blank line', () => {
    expect(plain(parseCsv('a,b\n"",\n')).rows).toEqual([['', '']]);
    expect(plain(parseCsv('a\n" "\n')).rows).toEqual([[' ']]);
  });

  it('keeps a row that has some content next to empty cells', () => {
    expect(plain(parseCsv('a;b;c\n;x;\n')).rows).toEqual([['', 'x', '']]);
  });

  it('pads rows with fewer cells than the header with empty cells', () => {
    expect(plain(parseCsv('a,b,c\n1\n1,2\n')).rows).toEqual([
      ['1', '', ''],
      ['1', '2', ''],
    ]);
  });

  it('trims header names but not cells', () => {
    const t = parseCsv(' navn ;  alder\t;" sitat "\n Kari ; 34 ;"  hei  "\n');
    expect(t.header).toEqual(['navn', 'alder', 'sitat']);
    expect(t.rows[0]!.cells).toEqual([' Kari ', ' 34 ', '  hei  ']);
  });

  it('keeps empty cells, and a final empty cell after a trailing delimiter', () => {
    expect(plain(parseCsv('a,b,c\n,,x\nx,,\n')).rows).toEqual([
      ['', '', 'x'],
      ['x', '', ''],
    ]);
  });

  it('allows empty header names (unnamed columns), even several', () => {
    const t = parseCsv('navn;;alder;\nKari;x;34;y\n');
    expect(t.header).toEqual(['navn', '', 'alder', '']);
    expect(t.rows[0]!.cells).toEqual(['Kari', 'x', '34', 'y']);
  });

  it('reads a header-only file as a table without rows', () => {
    expect(plain(parseCsv('a,b\n'))).toEqual({ header: ['a', 'b'], rows: [] });
    expect(plain(parseCsv('a,b'))).toEqual({ header: ['a', 'b'], rows: [] });
  });

  it('does not count a space as content in an otherwise empty quoted-free row, but keeps spaces in rows with content', () => {
    expect(plain(parseCsv('a,b\n   ,  \n x , y \n')).rows).toEqual([[' x ', ' y ']]);
  });
});

describe('parseCsv: quoted fields', () => {
  it('reads doubled quotes, delimiters and line breaks inside quotes', () => {
    const t = parseCsv('id,sitat\n1,"Hun sa ""nei"", og gikk"\n2,"linje 1\nlinje 2\r\nlinje 3\rslutt"\n3,""""\n');
    expect(plain(t).rows).toEqual([
      ['1', 'Hun sa "nei", og gikk'],
      ['2', 'linje 1\nlinje 2\r\nlinje 3\rslutt'],
      ['3', '"'],
    ]);
  });

  it('counts the lines inside a quoted field for the rows after it', () => {
    const t = parseCsv('a,b\n1,"x\ny\r\nz"\n2,w\n');
    expect(t.rows.map((r) => r.line)).toEqual([2, 5]);
  });

  it('reads an empty quoted field as empty, and a quoted field at the end of the text without a line end', () => {
    expect(plain(parseCsv('a,b\n"",x\nx,"y"')).rows).toEqual([
      ['', 'x'],
      ['x', 'y'],
    ]);
  });

  it('allows quoted header names with delimiters and line breaks', () => {
    expect(parseCsv('"navn; fullt";"kommentar\n(fritt)"\nKari;hei\n').header).toEqual(['navn; fullt', 'kommentar\n(fritt)']);
  });
});

describe('parseCsv: the delimiter', () => {
  it('sniffs ; , and TAB from the header line', () => {
    expect(parseCsv('a;b\n1;2\n').delimiter).toBe(';');
    expect(parseCsv('a,b\n1,2\n').delimiter).toBe(',');
    expect(parseCsv('a\tb\n1\t2\n').delimiter).toBe('\t');
  });

  it('picks the most frequent one, ignoring those inside quotes', () => {
    const t = parseCsv('"navn, fullt";"alder, år";"by, kommune"\nKari Nordmann;34;Oslo, Oslo\n');
    expect(t.delimiter).toBe(';');
    expect(t.rows[0]!.cells).toEqual(['Kari Nordmann', '34', 'Oslo, Oslo']);
    expect(parseCsv('a,b,c;d\n').delimiter).toBe(',');
    expect(parseCsv('a;b;c,d\n').delimiter).toBe(';');
  });

  it('looks only at the header line, not the data', () => {
    expect(parseCsv('a,b\n1;2;3;4;5,6\n').rows[0]!.cells).toEqual(['1;2;3;4;5', '6']);
  });

  it('prefers ; then TAB then , on a tie', () => {
    expect(parseCsv('a;b,c\n').delimiter).toBe(';');
    expect(parseCsv('a\tb,c\n').delimiter).toBe('\t');
    expect(parseCsv('a\tb;c\n').delimiter).toBe(';');
  });

  it('falls back to , for a one-column file', () => {
    expect(parseCsv('navn\nKari\n')).toEqual({
      header: ['navn'],
      rows: [{ cells: ['Kari'], line: 2, at: [{ line: 2, col: 1 }] }],
      delimiter: ',',
    });
  });

  it('sniffs past blank and delimiter-only lines before the header', () => {
    expect(plain(parseCsv('\r\n;;;\r\nnavn;alder\r\nKari;34\r\n'))).toEqual({ header: ['navn', 'alder'], rows: [['Kari', '34']] });
  });

  it('takes the delimiter from skipped ;;; lines when the header line has none', () => {
    const t = parseCsv(';\r\nnavn\r\nKari\r\n;\r\n');
    expect(t.delimiter).toBe(';');
    expect(plain(t)).toEqual({ header: ['navn'], rows: [['Kari']] });
  });

  it('uses the given delimiter instead of sniffing', () => {
    const t = parseCsv('a;b,c\n1;2,3\n', { delimiter: ',' });
    expect(t.delimiter).toBe(',');
    expect(plain(t)).toEqual({ header: ['a;b', 'c'], rows: [['1;2', '3']] });
  });
});

describe('parseCsv: Norwegian data from Excel', () => {
  it('reads a ;-separated file with a BOM, CRLF, æøå and decimal commas', () => {
    const text =
      '\uFEFFDeltaker;Gruppe;Kommune;Alder;Snittscore;Kommentar\r\n' +
      'Åse Ødegård;Fokusgruppe 1;Bærum;34;3,5;"Syntes møtet var bra; ønsker mer tid"\r\n' +
      'Bjørn Æsøy;Fokusgruppe 2;Tromsø;51;4,25;"Sa: ""Det er for lite åpenhet."""\r\n' +
      ';;;;;\r\n';
    const t = parseCsv(text, { file: 'deltakere.csv' });
    expect(t.delimiter).toBe(';');
    expect(t.header).toEqual(['Deltaker', 'Gruppe', 'Kommune', 'Alder', 'Snittscore', 'Kommentar']);
    expect(t.rows).toEqual([
      {
        cells: ['Åse Ødegård', 'Fokusgruppe 1', 'Bærum', '34', '3,5', 'Syntes møtet var bra; ønsker mer tid'],
        line: 2,
        at: expect.any(Array),
      },
      { cells: ['Bjørn Æsøy', 'Fokusgruppe 2', 'Tromsø', '51', '4,25', 'Sa: "Det er for lite åpenhet."'], line: 3, at: expect.any(Array) },
    ]);
  });

  it('strips the BOM so the first header name is clean, and does not count it as a column', () => {
    expect(parseCsv('\uFEFFnavn;alder\nKari;34\n').header[0]).toBe('navn');
    expect(problem('\uFEFFnavn;alder\nKari;"34\n')).toMatchObject({ line: 2, col: 6 });
    expect(problem('\uFEFFa"b;c\n')).toMatchObject({ line: 1, col: 2 });
  });

  it('reads text decoded from Windows-1252 bytes (as older Excel writes them)', () => {
    const bytes = Uint8Array.from([
      ...Buffer.from('Navn;By\r\n', 'latin1'),
      ...[0xc5, 0x73, 0x65], // Åse
      ...Buffer.from(';', 'latin1'),
      ...[0x54, 0x72, 0x6f, 0x6d, 0x73, 0xf8], // Tromsø
      ...Buffer.from('\r\n', 'latin1'),
    ]);
    const t = parseCsv(new TextDecoder('windows-1252').decode(bytes));
    expect(plain(t)).toEqual({ header: ['Navn', 'By'], rows: [['Åse', 'Tromsø']] });
  });

  it('counts columns in characters, so æøå and emoji before an error do not shift it', () => {
    expect(problem('navn;by\nBlåbærsyltetøy 🫐;Ålesund "x"\n')).toMatchObject({ line: 2, col: 26 });
    expect(charAt('navn;by\nBlåbærsyltetøy 🫐;Ålesund "x"\n', 2, 26)).toBe('"');
  });

  it('finds duplicate header names the way names are compared elsewhere (case, spaces, NFC)', () => {
    const p = problem('Navn;Alder;NAVN\n');
    expect(p.message).toMatch(/duplicate column name 'NAVN' \(column 1 has it too\)/);
    expect(p).toMatchObject({ line: 1, col: 12, code: 'csv' });
    // 'å' written as a + combining ring is the same name as the precomposed 'å'.
    expect(problem('by;b\u00e5t;ba\u030at\n')).toMatchObject({ line: 1, col: 8 });
  });
});

describe('parseCsv: errors say what is wrong and where', () => {
  it('an empty file', () => {
    for (const text of ['', '\uFEFF', '\n\n', '  \r\n\t\r\n', ';;;\r\n;;;\r\n', '\t\t\n']) {
      const p = problem(text, { file: 'tom.csv' });
      expect(p.message).toMatch(/the file is empty/);
      expect(p).toMatchObject({ file: 'tom.csv', line: 1, col: 1, code: 'csv', severity: 'error' });
    }
  });

  it('a header line without names', () => {
    const p = problem('\n"";""\n1;2\n');
    expect(p.message).toMatch(/header line has no column names/);
    expect(p).toMatchObject({ line: 2, col: 1 });
  });

  it('duplicate header names, pointing at the second', () => {
    const p = problem('id,navn,alder,  navn\n1,a,2,b\n', { file: 'd.csv' });
    expect(p.message).toMatch(/duplicate column name 'navn'.*column 2/);
    expect(p).toMatchObject({ file: 'd.csv', line: 1, col: 17 });
    expect(problem('id;navn;" navn"\n')).toMatchObject({ line: 1, col: 9 });
  });

  it('an unclosed quote, pointing at the opening quote', () => {
    const text = 'navn;sitat\nKari;"hei\nOla;"svar"\nPer;nei\n';
    // The quote on line 3 closes Kari's field; its `s` is then text after a closing quote.
    expect(problem(text).message).toMatch(/text after a closing quote/);
    const p = problem('navn;sitat\nKari;hei\nOla;"svar\nPer;nei\n', { file: 'u.csv' });
    expect(p.message).toMatch(/unclosed quote/);
    expect(p).toMatchObject({ file: 'u.csv', line: 3, col: 5 });
    expect(problem('"navn\n')).toMatchObject({ line: 1, col: 1 });
    expect(problem('a,b\n1,"""\n')).toMatchObject({ line: 2, col: 3 });
  });

  it('a quote in the middle of an unquoted field, pointing at the quote', () => {
    const p = problem('navn,skjerm\nKari,27" skjerm\n');
    expect(p.message).toMatch(/quote in the middle of an unquoted field/);
    expect(p.message).toMatch(/double the quotes/);
    expect(p).toMatchObject({ line: 2, col: 8 });
    expect(problem('na"vn\n')).toMatchObject({ line: 1, col: 3 });
  });

  it('white space before an opening quote is named as such', () => {
    const p = problem('a, b\n1, "x"\n');
    expect(p.message).toMatch(/white space before an opening quote/);
    expect(p).toMatchObject({ line: 2, col: 4 });
  });

  it('text after a closing quote, pointing at the first character after it', () => {
    const p = problem('navn;sitat\nKari;"Hun sa "hei" til meg"\n', { file: 's.csv' });
    expect(p.message).toMatch(/text after a closing quote/);
    expect(p.message).toMatch(/""/);
    expect(p).toMatchObject({ file: 's.csv', line: 2, col: 15 });
    expect(charAt('navn;sitat\nKari;"Hun sa "hei" til meg"\n', 2, 15)).toBe('h');
  });

  it('text after a closing quote on a later line of a multi-line field', () => {
    expect(problem('a,b\n1,"x\r\nyy"z\n')).toMatchObject({ line: 3, col: 4 });
  });

  it('white space after a closing quote is named as such', () => {
    const p = problem('a;b\n"x" ;y\n');
    expect(p.message).toMatch(/white space after a closing quote/);
    expect(p).toMatchObject({ line: 2, col: 4 });
  });

  it('a row with more cells than the header, pointing at the first extra cell', () => {
    const p = problem('navn;alder\nKari;34\nOla;51;Bergen;x\n', { file: 'r.csv' });
    expect(p.message).toMatch(/too many cells: the header has 2 columns but this row has 4/);
    expect(p.message).toMatch(/';'/);
    expect(p).toMatchObject({ file: 'r.csv', line: 3, col: 8 });
  });

  it('a trailing delimiter is an extra (empty) cell, pointed at past the delimiter', () => {
    expect(problem('a,b\n1,2,\n')).toMatchObject({ line: 2, col: 5 });
  });

  it('an extra cell after a multi-line quoted field is found on the right line', () => {
    expect(problem('a\tb\n"x\ny"\t"z"\tå\n')).toMatchObject({ line: 3, col: 8 });
    expect(problem('a\tb\n"x\ny"\t"z"\tå\n').message).toMatch(/the header has 2 columns but this row has 3.*TAB/);
  });

  it('reports one line, as formatProblem shows it', () => {
    const e = userError(() => parseCsv('a,b\n1,"2\n', { file: 'x.csv' }));
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).not.toMatch(/\n/);
  });
});

describe('formatCsv', () => {
  it('quotes only when needed, ends with a final line end', () => {
    expect(
      formatCsv(
        ['navn', 'sitat'],
        [
          ['Kari', 'hei, "du"'],
          ['Ola', 'to\nlinjer'],
          [' Per', 'x '],
        ],
      ),
    ).toBe('navn,sitat\nKari,"hei, ""du"""\nOla,"to\nlinjer"\n" Per","x "\n');
  });

  it('does not quote ; or TAB in data cells when the delimiter is ,', () => {
    expect(formatCsv(['a', 'b'], [['x;y', 'z\tw']])).toBe('a,b\nx;y,z\tw\n');
  });

  it('writes ; files with CRLF the way Excel reads them', () => {
    expect(formatCsv(['Navn', 'Snitt'], [['Åse Ødegård', '3,5']], { delimiter: ';', eol: '\r\n' })).toBe(
      'Navn;Snitt\r\nÅse Ødegård;3,5\r\n',
    );
  });

  it('writes numbers, booleans, null and undefined', () => {
    expect(formatCsv(['a', 'b', 'c', 'd', 'e'], [[1.5, true, null, undefined, 0]], { delimiter: '\t' })).toBe(
      'a\tb\tc\td\te\n1.5\ttrue\t\t\t0\n',
    );
  });

  it('writes an all-empty row as "" so it is not read back as a blank line', () => {
    const csv = formatCsv(['a', 'b'], [['', null]]);
    expect(csv).toBe('a,b\n"",\n');
    expect(plain(parseCsv(csv)).rows).toEqual([['', '']]);
  });

  it('quotes header names holding any delimiter, so the delimiter is sniffed back', () => {
    const csv = formatCsv(['by, kommune', 'alder'], [['Oslo, Oslo', '3']], { delimiter: ';' });
    expect(csv).toBe('"by, kommune";alder\nOslo, Oslo;3\n');
    expect(parseCsv(csv).delimiter).toBe(';');
  });

  it('in a one-column table quotes every cell holding a delimiter', () => {
    const csv = formatCsv(['sitat'], [['ja, nei; kanskje']], { delimiter: ';' });
    expect(csv).toBe('sitat\n"ja, nei; kanskje"\n');
    expect(plain(parseCsv(csv)).rows).toEqual([['ja, nei; kanskje']]);
  });

  it('quotes cells starting or ending with any white space, and a leading BOM character', () => {
    expect(formatCsv(['a'], [['\tx'], ['x\u00a0'], ['\uFEFFx']])).toBe('a\n"\tx"\n"x\u00a0"\n"\uFEFFx"\n');
  });
});

// --- properties ---------------------------------------------------------------------------------

// Pieces that stress the syntax: quotes, every delimiter, every line end, spaces, BOM, æøå, emoji.
const tricky = fc.constantFrom('"', '""', ',', ';', '\t', '\r', '\n', '\r\n', ' ', '\u00a0', '\uFEFF', 'æ', 'Ø', 'å', '🫐', 'a\u030a', 'x');
const piece = fc.oneof(
  { weight: 3, arbitrary: tricky },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.nat(0xffff).map((n) => String.fromCharCode(n)), maxLength: 3 }) },
);
const cellArb = fc.array(piece, { maxLength: 6 }).map((ps) => ps.join(''));
const nameArb = cellArb.map((s) => s.trim()).filter((s) => s !== '');

const tableArb = fc.uniqueArray(nameArb, { minLength: 1, maxLength: 5, selector: normName }).chain((header) =>
  fc.record({
    header: fc.constant(header),
    rows: fc.array(fc.array(cellArb, { minLength: header.length, maxLength: header.length }), { maxLength: 6 }),
  }),
);

describe('properties', () => {
  for (const delimiter of DELIMITERS) {
    const name = delimiter === '\t' ? 'TAB' : delimiter;
    it(`parseCsv(formatCsv(t)) is t, with ${name} sniffed back`, () => {
      fc.assert(
        fc.property(tableArb, fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'), fc.boolean(), ({ header, rows }, eol, bom) => {
          const csv = (bom ? '\uFEFF' : '') + formatCsv(header, rows, { delimiter, eol });
          const back = parseCsv(csv);
          expect(plain(back)).toEqual({ header, rows });
          if (header.length > 1) expect(back.delimiter).toBe(delimiter);
          expect(parseCsv(csv, { delimiter }).rows).toEqual(back.rows);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('row line numbers point at where each row starts', () => {
    fc.assert(
      fc.property(tableArb, fc.constantFrom(...DELIMITERS), ({ header, rows }, delimiter) => {
        const csv = formatCsv(header, rows, { delimiter });
        const lines = (s: string) => s.split(/\r\n|\r|\n/).length - 1;
        const header1 = formatCsv(header, [], { delimiter });
        let line = 1 + lines(header1);
        const back = parseCsv(csv, { delimiter });
        for (const [k, r] of rows.entries()) {
          expect(back.rows[k]!.line).toBe(line);
          line += lines(formatCsv(['x'], [r], { delimiter }).slice(2));
        }
      }),
      { numRuns: RUNS },
    );
  });

  const textArb = fc.oneof(
    fc.array(piece, { maxLength: 40 }).map((ps) => ps.join('')),
    fc.string({ unit: 'binary', maxLength: 60 }),
  );

  it('any text gives a table or a UserError, never another exception', () => {
    fc.assert(
      fc.property(textArb, fc.option(fc.constantFrom(...DELIMITERS), { nil: undefined }), (text, delimiter) => {
        let table: CsvTable;
        try {
          table = parseCsv(text, delimiter ? { file: 'f.csv', delimiter } : { file: 'f.csv' });
        } catch (e) {
          expect(e).toBeInstanceOf(UserError);
          const p = (e as UserError).problems[0]!;
          expect(p).toMatchObject({ file: 'f.csv', code: 'csv' });
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.col).toBeGreaterThanOrEqual(1);
          // Quote errors point at a quote.
          if (/^(unclosed quote|quote in the middle|white space before)/.test(p.message)) {
            expect(charAt(text, p.line!, p.col!)).toBe('"');
          }
          return;
        }
        expect(table.header.length).toBeGreaterThan(0);
        for (const r of table.rows) expect(r.cells).toHaveLength(table.header.length);
        const lines = table.rows.map((r) => r.line);
        expect([...lines].sort((a, b) => a - b)).toEqual(lines);
        expect(new Set(lines).size).toBe(lines.length);
      }),
      { numRuns: RUNS },
    );
  });
});
