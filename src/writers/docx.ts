// The document model as a Word file (docx library): Word's own heading styles, so the navigation
// pane works; a Quote style; tables whose header row repeats on every page; page numbers; the
// title, author and language in the document's properties.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  HeadingLevel,
  HeightRule,
  LeaderType,
  ShadingType,
  TabStopType,
  ImageRun,
  TableOfContents,
  type PageNumberEstimator,
} from 'docx';
import { renderChart } from '../charts/svg.js';
import { svgToPng } from '../charts/png.js';
import { withQuotationMarks, type Doc, type DocBlock, type Inline } from '../doc/model.js';
import type { Lang } from '../core/model.js';

const LANG = { nb: 'nb-NO', en: 'en-GB' } as const;
const FONT = 'Calibri';
const PAGE_WIDTH_TWIPS = 9026; // A4 less 2.54 cm margins
const FIGURE_WIDTH_PX = 600; // the text width at 96 dpi

function runs(i: Inline, extra: { size?: number } = {}): TextRun[] {
  return i.flatMap((s) =>
    s.text.split('\n').map(
      (part, n) =>
        new TextRun({
          text: part,
          ...(s.bold ? { bold: true } : {}),
          ...(s.italic ? { italics: true } : {}),
          ...(n > 0 ? { break: 1 } : {}),
          ...extra,
        }),
    ),
  );
}

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4] as const;

function table(b: Extract<DocBlock, { kind: 'table' }>): Table {
  const total = b.widths?.reduce((a, c) => a + c, 0) ?? b.header.length;
  const width = (i: number) => Math.round(((b.widths?.[i] ?? 1) / total) * PAGE_WIDTH_TWIPS);
  const cell = (content: Inline, i: number, head: boolean) =>
    new TableCell({
      width: { size: width(i), type: WidthType.DXA },
      ...(head ? { shading: { type: ShadingType.CLEAR, fill: 'E7ECF2', color: 'auto' } } : {}),
      children: [new Paragraph({ children: runs(head ? content.map((s) => ({ ...s, bold: true })) : content, { size: 20 }) })],
    });
  return new Table({
    width: { size: PAGE_WIDTH_TWIPS, type: WidthType.DXA },
    columnWidths: b.header.map((_, i) => width(i)),
    rows: [
      // A table of label and value pairs has no header row.
      ...(b.header.some((h) => h !== '')
        ? [new TableRow({ tableHeader: true, cantSplit: true, children: b.header.map((h, i) => cell([{ text: h }], i, true)) })]
        : []),
      ...b.rows.map(
        (r) =>
          new TableRow({
            cantSplit: true,
            ...(b.writeIn ? { height: { value: 520, rule: HeightRule.ATLEAST } } : {}),
            children: r.map((c, i) => cell(c, i, false)),
          }),
      ),
    ],
  });
}

/** A chart as SVG, for Word versions that draw it, with a PNG (twice the size, for print) for those that do not. */
async function figure(b: Extract<DocBlock, { kind: 'figure' }>, lang: Lang, draw: Draw): Promise<Paragraph[]> {
  const { svg, width: w, height: h } = renderChart(b.chart, lang);
  const png = await draw(svg, FIGURE_WIDTH_PX * 2);
  const size = { width: FIGURE_WIDTH_PX, height: Math.round((h / w) * FIGURE_WIDTH_PX) };
  return [
    new Paragraph({
      keepNext: true,
      spacing: { before: 120, after: 60 },
      children: [
        new ImageRun({
          type: 'svg',
          data: Buffer.from(svg, 'utf8'),
          fallback: { type: 'png', data: png },
          transformation: size,
          altText: { name: b.caption, title: b.caption, description: b.alt },
        }),
      ],
    }),
    new Paragraph({ style: 'Caption', children: [new TextRun(b.caption)] }),
  ];
}

/** Draws a chart's SVG as a PNG this many pixels wide. */
type Draw = (svg: string, widthPx: number) => Promise<Uint8Array>;

async function blocks(bs: readonly DocBlock[], lang: Lang, draw: Draw): Promise<(Paragraph | Table | TableOfContents)[]> {
  const out: (Paragraph | Table | TableOfContents)[] = [];
  for (const b of bs) {
    switch (b.kind) {
      case 'heading':
        out.push(new Paragraph({ heading: HEADINGS[b.level - 1], children: [new TextRun(b.text)] }));
        break;
      case 'paragraph':
        out.push(new Paragraph({ children: runs(b.content, b.style === 'small' ? { size: 18 } : {}) }));
        break;
      case 'list':
        for (const item of b.items)
          out.push(new Paragraph({ numbering: { reference: b.ordered ? 'numbers' : 'bullets', level: 0 }, children: runs(item) }));
        break;
      case 'checklist':
        for (const item of b.items)
          out.push(
            new Paragraph({
              style: 'Checkbox',
              tabStops: [{ type: 'left', position: 425 }],
              children: [new TextRun('☐\t'), ...runs(item)],
            }),
          );
        break;
      case 'quote':
        out.push(new Paragraph({ style: 'Quote', children: runs(withQuotationMarks(b.content, lang)) }));
        if (b.by) out.push(new Paragraph({ style: 'QuoteSource', children: [new TextRun(`(${b.by})`)] }));
        break;
      case 'table':
        out.push(table(b), new Paragraph({ children: [] }));
        break;
      case 'lines':
        // A tab filled with a leader line: neighbouring paragraph borders would merge into one box.
        for (let i = 0; i < b.count; i++)
          out.push(
            new Paragraph({
              spacing: { before: 300, after: 0 },
              tabStops: [{ type: TabStopType.RIGHT, position: PAGE_WIDTH_TWIPS, leader: LeaderType.UNDERSCORE }],
              children: [new TextRun({ text: '\t', color: '999999' })],
            }),
          );
        break;
      case 'pageBreak':
        out.push(new Paragraph({ pageBreakBefore: true, children: [] }));
        break;
      case 'toc':
        // Word's own field, filled in with the headings and their pages, so it reads right before anyone updates it.
        out.push(
          new Paragraph({ style: 'TOCHeading', children: [new TextRun(b.title)] }),
          new TableOfContents(b.title, { hyperlink: true, headingStyleRange: `1-${b.depth}` }),
        );
        break;
      case 'figure':
        out.push(...(await figure(b, lang, draw)));
        break;
    }
  }
  return out;
}

function titlePage(d: Doc): Paragraph[] {
  const t = d.titlePage!;
  return [
    ...(t.kicker ? [new Paragraph({ style: 'Kicker', spacing: { before: 2400 }, children: [new TextRun(t.kicker)] })] : []),
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(d.title)] }),
    ...(d.subtitle ? [new Paragraph({ style: 'Subtitle', children: [new TextRun(d.subtitle)] })] : []),
    ...t.lines.map(
      (l, i) => new Paragraph({ style: 'TitleLine', ...(i === 0 ? { spacing: { before: 1200 } } : {}), children: [new TextRun(l)] }),
    ),
    new Paragraph({ pageBreakBefore: true, children: [] }),
  ];
}

/** The contents' entries from the headings, with their page numbers left for Word to fill in. */
const entriesOnly: PageNumberEstimator = () => ({ bookmarks: new Map() });

export interface DocxOptions {
  /**
   * Lay the pages out as Word does to write the contents' page numbers into the file (about a second
   * per 40 pages). Without it Word fills them in when it opens the file.
   */
  pageNumbers?: boolean;
  /** How charts are drawn for Word versions that cannot draw SVG (the report keeps them in the cache). */
  draw?: Draw;
}

export async function writeDocx(d: Doc, opts: DocxOptions = {}): Promise<Buffer> {
  const body = await blocks(d.blocks, d.lang, opts.draw ?? svgToPng);
  const toc = d.blocks.some((b) => b.kind === 'toc');
  const pageNumbers = toc && opts.pageNumbers ? (await import('docx/layout')).estimatePageNumbersWith({ guess: true }) : entriesOnly;
  const doc = new Document({
    ...(toc ? { pageNumbers } : {}),
    // Word asks to update the fields on opening, and so writes the contents' page numbers.
    ...(toc && !opts.pageNumbers ? { features: { updateFields: true } } : {}),
    title: d.title,
    ...(d.author ? { creator: d.author, lastModifiedBy: d.author } : { creator: 'fokus' }),
    ...(d.description ? { description: d.description } : {}),
    styles: {
      default: {
        document: { run: { font: FONT, size: 22, language: { value: LANG[d.lang] } }, paragraph: { spacing: { after: 120 } } },
        title: { run: { font: FONT, size: 44, bold: true, color: '1F3864' }, paragraph: { spacing: { after: 120 } } },
        heading1: {
          run: { font: FONT, size: 32, bold: true, color: '1F3864' },
          paragraph: { spacing: { before: 360, after: 120 }, keepNext: true },
        },
        heading2: {
          run: { font: FONT, size: 26, bold: true, color: '2F5496' },
          paragraph: { spacing: { before: 240, after: 80 }, keepNext: true },
        },
        heading3: {
          run: { font: FONT, size: 23, bold: true, color: '2F5496' },
          paragraph: { spacing: { before: 200, after: 60 }, keepNext: true },
        },
        heading4: {
          run: { font: FONT, size: 22, italics: true, color: '2F5496' },
          paragraph: { spacing: { before: 160, after: 40 }, keepNext: true },
        },
      },
      paragraphStyles: [
        {
          id: 'Quote',
          name: 'Quote',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { italics: true, color: '404040' },
          paragraph: {
            indent: { left: 567, right: 567 },
            spacing: { before: 60, after: 0 },
            border: { left: { style: BorderStyle.SINGLE, size: 12, color: 'A5B4C8', space: 8 } },
          },
        },
        {
          id: 'QuoteSource',
          name: 'Quote Source',
          basedOn: 'Normal',
          next: 'Normal',
          run: { size: 18, color: '595959' },
          paragraph: { indent: { left: 567, right: 567 }, spacing: { after: 160 } },
        },
        {
          id: 'Checkbox',
          name: 'Checklist',
          basedOn: 'Normal',
          next: 'Normal',
          paragraph: { indent: { left: 425, hanging: 425 }, spacing: { after: 80 } },
        },
        {
          id: 'Caption',
          name: 'caption',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { size: 18, italics: true, color: '404040' },
          paragraph: { spacing: { after: 240 } },
        },
        {
          id: 'TOCHeading',
          name: 'TOC Heading',
          basedOn: 'Normal',
          next: 'Normal',
          run: { font: FONT, size: 32, bold: true, color: '1F3864' },
          paragraph: { spacing: { before: 240, after: 200 } },
        },
        {
          id: 'Kicker',
          name: 'Kicker',
          basedOn: 'Normal',
          next: 'Normal',
          run: { size: 26, color: '2F5496', allCaps: true },
          paragraph: { spacing: { after: 120 } },
        },
        {
          id: 'TitleLine',
          name: 'Title Line',
          basedOn: 'Normal',
          next: 'Normal',
          run: { size: 24, color: '404040' },
          paragraph: { spacing: { after: 60 } },
        },
        {
          id: 'Subtitle',
          name: 'Subtitle',
          basedOn: 'Normal',
          next: 'Normal',
          run: { size: 24, color: '595959' },
          paragraph: { spacing: { after: 240 } },
        },
      ],
    },
    numbering: {
      config: [
        {
          reference: 'bullets',
          levels: [
            {
              level: 0,
              format: LevelFormat.BULLET,
              text: '•',
              alignment: AlignmentType.LEFT,
              style: { paragraph: { indent: { left: 425, hanging: 283 } } },
            },
          ],
        },
        {
          reference: 'numbers',
          levels: [
            {
              level: 0,
              format: LevelFormat.DECIMAL,
              text: '%1.',
              alignment: AlignmentType.LEFT,
              style: { paragraph: { indent: { left: 425, hanging: 425 } } },
            },
          ],
        },
      ],
    },
    sections: [
      {
        properties: {
          // A title page of its own has the empty first-page footer.
          ...(d.titlePage ? { titlePage: true } : {}),
          page: { size: { width: 11906, height: 16838 }, margin: { top: 1440, bottom: 1440, left: 1440, right: 1440 } },
        },
        footers: {
          // The title page has no footer.
          ...(d.titlePage ? { first: new Footer({ children: [new Paragraph({ children: [] })] }) } : {}),
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({ children: [PageNumber.CURRENT], size: 18 }),
                  new TextRun({ text: ` · ${d.title}`, size: 18, color: '808080' }),
                ],
              }),
            ],
          }),
        },
        children: [
          ...(d.titlePage
            ? titlePage(d)
            : [
                new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(d.title)] }),
                ...(d.subtitle ? [new Paragraph({ style: 'Subtitle', children: [new TextRun(d.subtitle)] })] : []),
              ]),
          ...body,
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
