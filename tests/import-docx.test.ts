// Word transcripts: `Name: text` paragraphs and speaker | text tables, read from the document
// part only, with tracked changes applied; and the import command on them, end to end.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DeletedTextRun,
  Document,
  Footer,
  FootnoteReferenceRun,
  Header,
  InsertedTextRun,
  Packer,
  Paragraph,
  Tab,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalMergeType,
  type ParagraphChild,
} from 'docx';
import { beforeAll, describe, expect, it } from 'vitest';
import { readDocx } from '../src/importers/docx.js';
import { importSource, joinUtterances, readSource, type Imported, type Utterance } from '../src/importers/index.js';
import { zip } from '../src/store/zip.js';
import { answers, exampleCopy, fingerprint, fokusIn, userError } from './helpers.js';

const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const MC_NS = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
const CHANGE = { author: 'O1', date: '2025-03-01T10:00:00Z' };

type Content = Paragraph | Table;

/** A paragraph of runs; a string is one plain run. */
function p(...runs: (string | ParagraphChild)[]): Paragraph {
  return new Paragraph({ children: runs.map((r) => (typeof r === 'string' ? new TextRun(r) : r)) });
}

function cell(text: string | string[], opts: { merge?: 'restart' | 'continue'; span?: number } = {}): TableCell {
  return new TableCell({
    children: (Array.isArray(text) ? text : [text]).map((t) => new Paragraph(t)),
    ...(opts.merge ? { verticalMerge: opts.merge === 'restart' ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE } : {}),
    ...(opts.span ? { columnSpan: opts.span } : {}),
  });
}

function row(...cells: (string | string[] | TableCell)[]): TableRow {
  return new TableRow({ children: cells.map((c) => (c instanceof TableCell ? c : cell(c))) });
}

async function word(children: Content[], more: Partial<ConstructorParameters<typeof Document>[0]> = {}): Promise<Buffer> {
  return Packer.toBuffer(new Document({ ...more, sections: [{ children }] }));
}

/** A minimal .docx around hand-written body XML, for what the docx library does not write. */
function handmade(body: string, ns = W_NS): Uint8Array {
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="${ns}" xmlns:mc="${MC_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:v="urn:schemas-microsoft-com:vml"><w:body>${body}</w:body></w:document>`;
  return zip([
    ['[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'],
    ['word/document.xml', xml],
  ]);
}

const wp = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const brief = (u: Utterance) => [u.speaker, u.start, u.text, u.place];
const read = (bytes: Uint8Array, known: string[] = []): Imported => readDocx('t.docx', bytes, { knownLabels: new Set(known) });

describe('Word: Name: text paragraphs', () => {
  it('reads labels split over runs, times before and after the name, continuation paragraphs, æøå and a colon in speech', async () => {
    const r = read(
      await word([
        p(new TextRun({ text: 'Kari Nordmann:', bold: true }), ' Velkommen, alle sammen. Vi snakker om hverdagen på Solbakken.'),
        p('Ola Hansen (00:01:02): Takk. Jeg jobber i hjemmetjenesten.'),
        p('Det gjelder særlig kvelder og helger.'),
        p(''),
        p('[00:02:10] Kari Nordmann: Hva tenker dere om ventetid?'),
        p('Åse Øvrebø: Det jeg vil si er: ventetiden er for lang.'),
        p('Ola\u00a0Hansen: Ja, det koster 10\u00a0000 kroner.'),
      ]),
    );
    expect(r.format).toBe('docx');
    expect(r.flavour).toBe('Word document with speaker labels');
    expect(r.utterances.map(brief)).toEqual([
      ['Kari Nordmann', undefined, 'Velkommen, alle sammen. Vi snakker om hverdagen på Solbakken.', 'paragraph 1'],
      ['Ola Hansen', 62_000, 'Takk. Jeg jobber i hjemmetjenesten.\n\nDet gjelder særlig kvelder og helger.', 'paragraph 2'],
      ['Kari Nordmann', 130_000, 'Hva tenker dere om ventetid?', 'paragraph 4'],
      ['Åse Øvrebø', undefined, 'Det jeg vil si er: ventetiden er for lang.', 'paragraph 5'],
      ['Ola Hansen', undefined, 'Ja, det koster 10 000 kroner.', 'paragraph 6'],
    ]);
    expect(r.utterances.every((u) => u.line === undefined)).toBe(true);
  });

  it('reads a name line with its time on its own, the talk in the next paragraph or after a line break', async () => {
    const r = read(
      await word([p('Kari Nordmann   0:03'), p('Hei alle sammen.'), p('Ola Hansen   0:10', new TextRun({ text: 'Hei, Kari.', break: 1 }))]),
    );
    expect(r.utterances.map(brief)).toEqual([
      ['Kari Nordmann', 3000, 'Hei alle sammen.', 'paragraph 1'],
      ['Ola Hansen', 10_000, 'Hei, Kari.', 'paragraph 3'],
    ]);
  });

  it('keeps line breaks, turns tabs into spaces, and finds a label followed by a tab or a line break', async () => {
    const r = read(
      await word([
        p('Kari:', new TextRun({ children: [new Tab(), 'Første linje'] }), new TextRun({ text: 'andre linje', break: 1 })),
        p('Ola:', new TextRun({ text: 'Svar på ny linje.', break: 1 })),
        p(new TextRun({ children: ['med', new Tab(), 'tabulator.'] })),
      ]),
    );
    expect(r.utterances.map((u) => [u.speaker, u.text])).toEqual([
      ['Kari', 'Første linje\nandre linje'],
      ['Ola', 'Svar på ny linje.\n\nmed tabulator.'],
    ]);
  });

  it('applies tracked changes: deleted text is gone, inserted text is in, also inside a label', async () => {
    const r = read(
      await word([
        p(
          'Kari: Vi møtes ',
          new DeletedTextRun({ text: 'hver mandag', id: 1, ...CHANGE }),
          new InsertedTextRun({ text: 'annenhver tirsdag', id: 2, ...CHANGE }),
          '.',
        ),
        p(new DeletedTextRun({ text: 'Per', id: 3, ...CHANGE }), new InsertedTextRun({ text: 'Ola', id: 4, ...CHANGE }), ': Det stemmer.'),
      ]),
    );
    expect(r.utterances.map((u) => [u.speaker, u.text])).toEqual([
      ['Kari', 'Vi møtes annenhver tirsdag.'],
      ['Ola', 'Det stemmer.'],
    ]);
  });

  it('reads only the document: no header, footer, footnote text or footnote number', async () => {
    const doc = new Document({
      footnotes: { 1: { children: [new Paragraph('Fotnote om Kari Nordmann')] } },
      sections: [
        {
          headers: { default: new Header({ children: [new Paragraph('Konfidensielt: Elvedal')] }) },
          footers: { default: new Footer({ children: [new Paragraph('Side 1')] }) },
          children: [p('Kari: Hei', new FootnoteReferenceRun(1), '.')],
        },
      ],
    });
    const r = read(await Packer.toBuffer(doc));
    expect(r.utterances.map((u) => [u.speaker, u.text])).toEqual([['Kari', 'Hei.']]);
  });

  it('reads links, smart tags, content controls and field results; skips field codes, references, text boxes, moved-away text and other namespaces; takes one branch of alternate content', () => {
    const r = read(
      handmade(
        `<w:p><w:r><w:t>Kari:</w:t></w:r><w:r><w:t xml:space="preserve"> Se </w:t></w:r>` +
          `<w:hyperlink r:id="rId9"><w:r><w:t>nettsiden</w:t></w:r></w:hyperlink><w:r><w:t xml:space="preserve">, </w:t></w:r>` +
          `<w:smartTag w:uri="urn:x" w:element="place"><w:r><w:t>Elvedal</w:t></w:r></w:smartTag>` +
          `<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t xml:space="preserve"> og kontrollen, side </w:t></w:r></w:sdtContent></w:sdt>` +
          `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
          `<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
          `<w:r><w:t xml:space="preserve">, </w:t></w:r><w:fldSimple w:instr=" DATE "><w:r><w:t>i dag</w:t></w:r></w:fldSimple>` +
          `<w:r><w:t xml:space="preserve">, </w:t></w:r>` +
          `<mc:AlternateContent><mc:Choice Requires="w14"><w:r><w:t>VALGT</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>reserve</w:t></w:r></mc:Fallback></mc:AlternateContent>` +
          `<w:r><w:t>.</w:t><w:commentReference w:id="0"/><w:footnoteReference w:id="1"/><w:endnoteReference w:id="2"/></w:r>` +
          `<w:r><w:pict><v:shape><v:textbox><w:txbxContent>${wp('Tekstboks.')}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>` +
          `<w:moveFrom w:id="5" w:author="O1"><w:r><w:t>flyttet herfra</w:t></w:r></w:moveFrom>` +
          `<w:r><w:t xml:space="preserve"> ikke</w:t><w:noBreakHyphen/><w:t>brytende, myk\u00adbindestrek</w:t><x:t xmlns:x="urn:annet">skjult</x:t></w:r>` +
          `<w:moveTo w:id="6" w:author="O1"><w:r><w:t xml:space="preserve"> flyttet hit.</w:t></w:r></w:moveTo></w:p>` +
          `<w:p><w:pPr><w:rPr><w:del w:id="7" w:author="O1"/></w:rPr></w:pPr><w:del w:id="8" w:author="O1"><w:r><w:delText>Slettet avsnitt.</w:delText></w:r></w:del></w:p>` +
          `<w:sdt><w:sdtContent>${wp('Ola: Fra en innholdskontroll.')}</w:sdtContent></w:sdt>` +
          `<w:customXml w:element="x">${wp('Per: Fra egendefinert XML.')}</w:customXml>`,
      ),
    );
    expect(r.utterances.map(brief)).toEqual([
      [
        'Kari',
        undefined,
        'Se nettsiden, Elvedal og kontrollen, side 7, i dag, reserve. ikke-brytende, mykbindestrek flyttet hit.',
        'paragraph 1',
      ],
      ['Ola', undefined, 'Fra en innholdskontroll.', 'paragraph 2'],
      ['Per', undefined, 'Fra egendefinert XML.', 'paragraph 3'],
    ]);
  });

  it('matches elements by namespace, not prefix: a Strict document with another prefix reads, a foreign w: does not', () => {
    const strict = `<?xml version="1.0"?><d:document xmlns:d="http://purl.oclc.org/ooxml/wordprocessingml/main"><d:body><d:p><d:r><d:t>Kari: Streng.</d:t></d:r></d:p></d:body></d:document>`;
    const r = read(zip([['word/document.xml', strict]]));
    expect(r.utterances.map((u) => [u.speaker, u.text])).toEqual([['Kari', 'Streng.']]);
    const foreign = `<w:document xmlns:w="${W_NS}"><w:body><w:p xmlns:w="urn:annet"><w:r><w:t>Skjult: tekst.</w:t></w:r></w:p>${wp('Kari: Synlig.')}</w:body></w:document>`;
    expect(read(zip([['word/document.xml', foreign]])).utterances.map((u) => u.text)).toEqual(['Synlig.']);
  });

  it('leaves tables out of a paragraph transcript, and says so', async () => {
    const r = read(
      await word([p('Kari: Hei.'), new Table({ rows: [row('Kode', 'Rolle'), row('P1', 'sykepleier')] }), p('Ola: Hei, Kari.')]),
    );
    expect(r.flavour).toBe('Word document with speaker labels (left out: 1 table)');
    expect(r.utterances.map((u) => [u.speaker, u.text])).toEqual([
      ['Kari', 'Hei.'],
      ['Ola', 'Hei, Kari.'],
    ]);
  });

  it('reads a document without labels as talk by nobody named', async () => {
    const r = read(await word([p('Dette er et notat.'), p('Med to avsnitt.')]));
    expect(r.flavour).toBe('Word document without speaker labels');
    expect(r.utterances.map(brief)).toEqual([[undefined, undefined, 'Dette er et notat.\n\nMed to avsnitt.', 'paragraph 1']]);
  });
});

describe('Word: speaker | text tables', () => {
  it('skips a heading row, joins a cell’s paragraphs, strips a colon after the name, and leaves out the title', async () => {
    const r = read(
      await word([
        p('Transkripsjon, samling 1'),
        new Table({
          rows: [
            row('Navn', 'Tekst'),
            row('Kari Nordmann', 'Velkommen, alle sammen.'),
            row('Ola Hansen', ['Første avsnitt om hverdagen.', 'Andre avsnitt, med æøå.']),
            row('Kari Nordmann:', 'Takk, Ola.'),
          ],
        }),
      ]),
    );
    expect(r.flavour).toBe('Word document, speaker | text table (left out: 1 paragraph outside the table)');
    expect(r.utterances.map(brief)).toEqual([
      ['Kari Nordmann', undefined, 'Velkommen, alle sammen.', 'table 1, row 2'],
      ['Ola Hansen', undefined, 'Første avsnitt om hverdagen.\n\nAndre avsnitt, med æøå.', 'table 1, row 3'],
      ['Kari Nordmann', undefined, 'Takk, Ola.', 'table 1, row 4'],
    ]);
  });

  it.each([
    ['Speaker', 'Text'],
    ['Taler', 'Ytring'],
    ['Deltaker:', 'Hva som ble sagt'],
  ])('knows the heading row %s | %s', async (a, b) => {
    const r = read(await word([new Table({ rows: [row(a, b), row('Kari', 'Hei.'), row('Ola', 'Hallo.')] })]));
    expect(r.utterances.map((u) => u.speaker)).toEqual(['Kari', 'Ola']);
  });

  it('keeps a first row of talk that only starts like a heading', async () => {
    const r = read(
      await word([
        new Table({ rows: [row('Informant', 'Jeg synes ventetiden er altfor lang.'), row('Kari', 'Takk.'), row('Informant', 'Ja.')] }),
      ]),
    );
    expect(r.utterances.map((u) => [u.speaker, u.text])).toEqual([
      ['Informant', 'Jeg synes ventetiden er altfor lang.'],
      ['Kari', 'Takk.'],
      ['Informant', 'Ja.'],
    ]);
  });

  it('reads time | speaker | text, and speaker | time | text, and a time in the speaker cell', async () => {
    const first = read(
      await word([
        new Table({
          rows: [row('Tid', 'Navn', 'Tekst'), row('00:00:05', 'Kari Nordmann', 'Velkommen.'), row('[00:01:10]', 'Ola Hansen', 'Takk.')],
        }),
      ]),
    );
    expect(first.flavour).toBe('Word document, time | speaker | text table');
    expect(first.utterances.map(brief)).toEqual([
      ['Kari Nordmann', 5000, 'Velkommen.', 'table 1, row 2'],
      ['Ola Hansen', 70_000, 'Takk.', 'table 1, row 3'],
    ]);
    const second = read(
      await word([new Table({ rows: [row('Navn', 'Tid', 'Tekst'), row('Kari', '0:05', 'Hei.'), row('Ola', '1:02:03', 'Hallo.')] })]),
    );
    expect(second.utterances.map((u) => [u.speaker, u.start])).toEqual([
      ['Kari', 5000],
      ['Ola', 3_723_000],
    ]);
    const inCell = read(
      await word([new Table({ rows: [row('Navn', 'Tekst'), row('Kari (00:01:02)', 'Hei.'), row('00:02:00 Ola', 'Hallo.')] })]),
    );
    expect(inCell.utterances.map((u) => [u.speaker, u.start])).toEqual([
      ['Kari', 62_000],
      ['Ola', 120_000],
    ]);
  });

  it('reads merged speaker cells and full-width rows as the same turn, and leaves out a table that is not talk', async () => {
    const r = read(
      await word([
        new Table({ rows: [row('Dato', '12. mars 2025'), row('Sted', 'Elvedal rådhus')] }),
        new Table({
          rows: [
            row('Kari Nordmann', 'Velkommen.'),
            row(cell('Ola Hansen', { merge: 'restart' }), 'Første.'),
            row(cell('', { merge: 'continue' }), 'Andre, samme person.'),
            row(cell('Fortsatt Ola, over hele raden.', { span: 2 })),
            row('Kari Nordmann', 'Takk.'),
            row('Kari Nordmann', 'Og en ting til.'),
          ],
        }),
      ]),
    );
    expect(r.flavour).toBe('Word document, speaker | text table (left out: 1 other table)');
    expect(r.utterances.map(brief)).toEqual([
      ['Kari Nordmann', undefined, 'Velkommen.', 'table 2, row 1'],
      ['Ola Hansen', undefined, 'Første.', 'table 2, row 2'],
      ['Ola Hansen', undefined, 'Andre, samme person.\n\nFortsatt Ola, over hele raden.', 'table 2, row 3'],
      ['Kari Nordmann', undefined, 'Takk.', 'table 2, row 5'],
      ['Kari Nordmann', undefined, 'Og en ting til.', 'table 2, row 6'],
    ]);
    expect(joinUtterances(r.utterances, r.format).map((u) => [u.speaker, u.text])).toEqual([
      ['Kari Nordmann', 'Velkommen.'],
      ['Ola Hansen', 'Første.\n\nAndre, samme person.\n\nFortsatt Ola, over hele raden.'],
      ['Kari Nordmann', 'Takk.\n\nOg en ting til.'],
    ]);
  });

  it('honours a repeating heading row, a bare vertical merge, a deleted row and a table inside a cell', () => {
    const tc = (text: string, pr = '') => `<w:tc>${pr ? `<w:tcPr>${pr}</w:tcPr>` : ''}${text ? wp(text) : '<w:p/>'}</w:tc>`;
    const r = read(
      handmade(
        `<w:tbl><w:tr><w:trPr><w:tblHeader/></w:trPr>${tc('Samling 1')}${tc('Elvedal, 4. februar 2025.')}</w:tr>` +
          `<w:tr>${tc('Kari', '<w:vMerge w:val="restart"/>')}${tc('En.')}</w:tr>` +
          `<w:tr>${tc('', '<w:vMerge/>')}${tc('To.')}</w:tr>` +
          `<w:tr><w:trPr><w:del w:id="1" w:author="O1"/></w:trPr>${tc('Per')}${tc('Slettet rad.')}</w:tr>` +
          `<w:tr>${tc('Ola (00:03:00)')}<w:tc>${wp('Tre.')}<w:tbl><w:tr>${tc('Fra en innfelt tabell.')}</w:tr></w:tbl></w:tc></w:tr></w:tbl>`,
      ),
    );
    expect(r.utterances.map(brief)).toEqual([
      ['Kari', undefined, 'En.', 'table 1, row 2'],
      ['Kari', undefined, 'To.', 'table 1, row 3'],
      ['Ola', 180_000, 'Tre.\n\nFra en innfelt tabell.', 'table 1, row 5'],
    ]);
  });

  it('reads a table of distinct speakers beside other text only when the key or --map knows a speaker', async () => {
    const doc = await word([p('Samling 1, Elvedal'), new Table({ rows: [row('Kari', 'Hei.'), row('Ola', 'Hallo.')] })]);
    expect(read(doc).flavour).toBe('Word document without speaker labels (left out: 1 table)');
    const known = read(doc, ['kari']);
    expect(known.flavour).toBe('Word document, speaker | text table (left out: 1 paragraph outside the table)');
    expect(known.utterances.map((u) => u.speaker)).toEqual(['Kari', 'Ola']);
  });

  it('reads a lone two-row table without heading when the document has nothing else', async () => {
    const r = read(await word([new Table({ rows: [row('Kari', 'Hei.'), row('Ola', 'Hallo.')] })]));
    expect(r.utterances.map((u) => [u.speaker, u.text])).toEqual([
      ['Kari', 'Hei.'],
      ['Ola', 'Hallo.'],
    ]);
  });
});

describe('Word: what is not a transcript', () => {
  const problem = (f: () => unknown) => {
    const p = userError(f).problems;
    expect(p).toHaveLength(1);
    expect(p[0]!.line).toBeUndefined();
    return p[0]!;
  };

  it('refuses a damaged zip, a zip without word/document.xml, an old .doc, and a text file named .docx', () => {
    expect(problem(() => read(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2])))).toMatchObject({
      file: 't.docx',
      code: 'bad-zip',
      message: expect.stringMatching(/^the Word file is damaged: not a readable zip file .*; open it in Word and save it again$/),
    });
    const xlsx = zip([
      ['[Content_Types].xml', '<Types/>'],
      ['xl/workbook.xml', '<workbook/>'],
    ]);
    expect(problem(() => read(xlsx)).message).toBe(
      'is not a Word .docx document (the zip has no word/document.xml; it looks like an Excel workbook); save the transcript from Word as .docx and import that',
    );
    const odt = zip([
      ['mimetype', 'application/vnd.oasis.opendocument.text'],
      ['content.xml', '<x/>'],
    ]);
    expect(problem(() => read(odt)).message).toContain('it looks like an OpenDocument text (.odt)');
    const doc = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect(problem(() => read(doc))).toMatchObject({ code: 'unsupported-format', message: expect.stringContaining('old Word .doc file') });
    expect(problem(() => read(Buffer.from('Kari: hei\n'))).message).toMatch(/^is not a Word \.docx file .*give --format text$/);
  });

  it('refuses malformed XML, saying where in word/document.xml, and a document part that is not Word’s', () => {
    expect(problem(() => read(handmade('<w:p><w:r><w:t>Kari: hei</w:r></w:p>')))).toMatchObject({
      code: 'bad-xml',
      message: expect.stringMatching(/^the Word file is damaged: word\/document\.xml at line 2, column \d+: not well-formed XML: /),
    });
    const sheet = zip([['word/document.xml', '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>']]);
    expect(problem(() => read(sheet))).toMatchObject({ code: 'not-docx', message: expect.stringContaining('holds <worksheet>') });
  });

  it('refuses a document with no text, and one whose only text is in a table that is not speaker | text', async () => {
    expect(problem(() => read(handmade('<w:p/><w:sectPr/>')))).toMatchObject({ code: 'empty', message: 'the Word document has no text' });
    expect(problem(() => read(handmade(`${wp('   ')}<w:p><w:del><w:r><w:delText>borte</w:delText></w:r></w:del></w:p>`))).message).toBe(
      'the Word document has no text',
    );
    const four = await word([new Table({ rows: [row('a', 'b', 'c', 'd'), row('e', 'f', 'g', 'h')] })]);
    expect(problem(() => read(four)).message).toMatch(/^found no transcript in the Word document/);
  });
});

describe('telling Word from text', () => {
  const text = Buffer.from('Kari: hei\n');

  it('takes zip bytes, a .docx name or --format docx as Word, and anything else as text', async () => {
    const docx = await word([p('Kari: Hei.')]);
    expect(readSource('opptak.bin', docx, undefined).kind).toBe('docx');
    expect(readSource('x.docx', text, undefined).kind).toBe('docx');
    expect(readSource('x.txt', text, 'docx').kind).toBe('docx');
    expect(readSource('x.docx', text, 'text')).toEqual({ kind: 'text', text: 'Kari: hei\n' });
    expect((await importSource('opptak.bin', readSource('opptak.bin', docx, undefined), undefined)).utterances.map((u) => u.text)).toEqual([
      'Hei.',
    ]);
    expect((await importSource('x.txt', readSource('x.txt', text, undefined), undefined)).format).toBe('text');
  });

  it('refuses --encoding with Word, a zip under another --format, and an old .doc under any format', async () => {
    const docx = await word([p('Kari: Hei.')]);
    expect(userError(() => readSource('x.docx', docx, undefined, 'windows-1252')).problems[0]).toMatchObject({
      file: 'x.docx',
      code: 'bad-flag',
      message: expect.stringMatching(/^--encoding is for text files/),
    });
    expect(userError(() => readSource('x.vtt', docx, 'vtt')).message).toBe(
      'this is a zip container (such as a Word .docx file), not WebVTT; leave out --format vtt to import it as Word',
    );
    const doc = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(userError(() => readSource('x.txt', doc, 'text')).problems[0]!.code).toBe('unsupported-format');
  });
});

describe('fokus import with a Word file', () => {
  let transcriptDocx: Buffer;
  let tableDocx: Buffer;
  beforeAll(async () => {
    transcriptDocx = await word([
      p(new TextRun({ text: 'Hanne Lind:', bold: true }), ' Velkommen. Kari, vil du begynne?'),
      p('Kari Nordmann (00:00:20): Ja. Som Randi sa sist, er ventetiden for lang på Solbakken.'),
      p('Og det gjelder også helgene.'),
      p('Randi Bakken: Enig med Kari.'),
    ]);
    tableDocx = await word([
      new Table({
        rows: [row('Taler', 'Ytring'), row('Hanne Lind', 'Hva tenker dere, Randi?'), row('Randi Bakken', 'At vi trenger mer tid.')],
      }),
    ]);
  });

  /** The example project with a new participant, P16, not yet in the key. */
  async function project(): Promise<string> {
    const dir = exampleCopy();
    const r = await fokusIn(['participant', 'add', 'P16', '--group', 'elvedal', '--category', 'staff', '--consent', 'given'], { cwd: dir });
    expect(r.stderr).toBe('');
    return dir;
  }

  it('writes codes, not names, replaces spoken names, and teaches the key the new name', async () => {
    const dir = await project();
    writeFileSync(join(dir, 'samling.docx'), transcriptDocx);
    const r = await fokusIn(['import', 'elvedal-1', 'samling.docx', '--force', '--map', 'Kari Nordmann=P16'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[Word document with speaker labels]');
    const md = readFileSync(join(dir, 'sessions', 'elvedal-1', 'transcript.md'), 'utf8');
    expect(md).toContain('source: samling.docx');
    expect(md).toContain('**M1** #t1: Velkommen. P16, vil du begynne?');
    expect(md).toContain(
      '**P16** [00:00:20] #t2: Ja. Som P1 sa sist, er ventetiden for lang på [bofellesskapet].\n\nOg det gjelder også helgene.',
    );
    expect(md).toContain('**P1** #t3: Enig med P16.');
    expect(md).not.toMatch(/Kari|Nordmann|Randi|Hanne|Solbakken/);
    expect(readFileSync(join(dir, 'key.yaml'), 'utf8')).toContain('  - code: P16\n    name: Kari Nordmann\n');
  });

  it('reads a table the same way, and a second import needs no --map', async () => {
    const dir = await project();
    writeFileSync(join(dir, 'tabell.docx'), tableDocx);
    const r = await fokusIn(['import', 'elvedal-1', 'tabell.docx', '--force', '--to', 'yaml', '--json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({
      format: 'docx',
      detected: 'Word document, speaker | text table',
      speakers: { M1: 1, P1: 1 },
    });
    const yaml = readFileSync(join(dir, 'sessions', 'elvedal-1', 'transcript.yaml'), 'utf8');
    expect(yaml).toContain('Hva tenker dere, P1?');
    expect(yaml).not.toMatch(/Randi|Hanne/);
  });

  it('names an unknown speaker by paragraph, off a terminal and in the question on one', async () => {
    const dir = await project();
    writeFileSync(join(dir, 'samling.docx'), await word([p('Hanne Lind: Hei.'), p('Kari Nordmann: Hei, Hanne.')]));
    const before = fingerprint(dir);
    const off = await fokusIn(['import', 'elvedal-1', 'samling.docx', '--force'], { cwd: dir });
    expect(off.code).toBe(2);
    expect(off.stderr).toBe(
      'samling.docx: unknown speaker "Kari Nordmann" (1 utterance, first in paragraph 2); name them with --map "Kari Nordmann=P1" (the code), or "=?" if nobody knows\n',
    );
    expect(fingerprint(dir)).toEqual(before);

    const asked: string[] = [];
    const on = await fokusIn(['import', 'elvedal-1', 'samling.docx', '--force'], {
      cwd: dir,
      interactive: true,
      prompter: answers({ 'Who is "Kari Nordmann"': 'P16' }, asked),
    });
    expect(on.code).toBe(0);
    expect(asked).toEqual(['Who is "Kari Nordmann"? (1 utterance; first in paragraph 2: "Hei, Hanne.")']);
    expect(readFileSync(join(dir, 'sessions', 'elvedal-1', 'transcript.md'), 'utf8')).toContain('**P16** #t2: Hei, M1.');
  });

  it.each([
    [
      'a damaged zip',
      () => Buffer.from([0x50, 0x4b, 0x03, 0x04, 9, 9, 9, 9]),
      [],
      /^bad\.docx: the Word file is damaged: not a readable zip file/,
    ],
    [
      'a spreadsheet renamed .docx',
      () => Buffer.from(zip([['xl/workbook.xml', '<workbook/>']])),
      [],
      /^bad\.docx: is not a Word \.docx document \(the zip has no word\/document\.xml; it looks like an Excel workbook\)/,
    ],
    [
      'an old .doc',
      () => Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      [],
      /^bad\.docx: this is an old Word \.doc file/,
    ],
    ['an empty document', () => Buffer.from(handmade('<w:p/>')), [], /^bad\.docx: the Word document has no text\n$/],
    ['--encoding with Word', () => transcriptDocx, ['--encoding', 'windows-1252'], /^bad\.docx: --encoding is for text files/],
  ])('refuses %s: exit 2, one line naming the file, nothing changed', async (_what, bytes, flags, message) => {
    const dir = exampleCopy();
    writeFileSync(join(dir, 'bad.docx'), bytes());
    const before = fingerprint(dir);
    const r = await fokusIn(['import', 'elvedal-1', 'bad.docx', '--force', '--map', 'Ola Gjest=?', ...flags], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(fingerprint(dir)).toEqual(before);
  });
});
