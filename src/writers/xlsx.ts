// A table as an Excel workbook (Office Open XML, one sheet), written by hand: the few parts a
// spreadsheet needs, so Excel, LibreOffice and Google Sheets open it without a library. Bold,
// frozen header row with a filter; text as shared strings, numbers as numbers; long columns wrap.
import { zip } from '../store/zip.js';
import { escapeAttr, escapeXml, xmlSafe } from './xml.js';

export type XlsxCell = string | number | null | undefined;

export interface XlsxSheet {
  /** Cleaned by sheetName(). */
  name: string;
  header: readonly string[];
  rows: readonly (readonly XlsxCell[])[];
}

/** Excel holds at most this many characters in a cell; longer text is cut (see overlongCells). */
export const XLSX_CELL_MAX = 32767;

/** Column widths in characters: a column this wide or wider wraps its text. */
const MIN_WIDTH = 6;
const MAX_WIDTH = 60;

// Styles by index in styles.xml's cellXfs.
const HEADER = 1;
const BODY = 2;
const BODY_WRAP = 3;

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** A valid sheet name: no `[]:*?/\`, no apostrophe at either end, at most 31 characters, not empty. */
export function sheetName(s: string): string {
  const chars = [
    ...xmlSafe(s)
      .replace(/[[\]:*?/\\\r\n\t]/g, ' ')
      .replace(/\s+/g, ' '),
  ];
  const name = chars
    .slice(0, 31)
    .join('')
    .replace(/^[\s']+|[\s']+$/g, '');
  return name || 'Sheet1';
}

/** `A`, …, `Z`, `AA`, …: the letters of a 0-based column. */
export function columnName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A cell's text as written: XML-safe, and cut to Excel's limit without splitting a surrogate pair. */
function cellText(s: string): string {
  const clean = xmlSafe(s);
  if (clean.length <= XLSX_CELL_MAX) return clean;
  let cut = clean.slice(0, XLSX_CELL_MAX - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** How many cells the writer has to cut to fit Excel's limit. */
export function overlongCells(sheet: XlsxSheet): number {
  let n = 0;
  for (const row of [sheet.header, ...sheet.rows]) for (const v of row) if (typeof v === 'string' && xmlSafe(v).length > XLSX_CELL_MAX) n++;
  return n;
}

const isNumber = (v: XlsxCell): v is number => typeof v === 'number' && Number.isFinite(v);
const textOf = (v: XlsxCell): string => (v === null || v === undefined ? '' : String(v));

/** Width of a column from its longest line, and whether its text should wrap. */
function layout(sheet: XlsxSheet): { width: number; wrap: boolean }[] {
  return sheet.header.map((h, c) => {
    // The bold header needs a little more room than its letters.
    let longest = [...h].length + 3;
    let breaks = false;
    for (const row of sheet.rows) {
      const s = textOf(row[c]);
      if (s.includes('\n')) breaks = true;
      for (const line of s.split('\n')) longest = Math.max(longest, [...line].length + 1);
    }
    const width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, longest));
    return { width, wrap: breaks || longest > MAX_WIDTH };
  });
}

/** The workbook's bytes. */
export function writeXlsx(sheet: XlsxSheet): Uint8Array {
  const name = sheetName(sheet.name);
  const cols = layout(sheet);
  const strings = new Map<string, number>();
  let stringRefs = 0;
  const sharedIndex = (s: string) => {
    stringRefs++;
    let i = strings.get(s);
    if (i === undefined) {
      i = strings.size;
      strings.set(s, i);
    }
    return i;
  };

  const lastCol = columnName(Math.max(0, sheet.header.length - 1));
  const lastRow = sheet.rows.length + 1;
  const rowXml = (cells: readonly XlsxCell[], r: number, style: (c: number) => number) => {
    const out: string[] = [];
    // Cells beyond the header's columns have no place in the table.
    cells.slice(0, sheet.header.length).forEach((v, c) => {
      const ref = `${columnName(c)}${r}`;
      if (isNumber(v)) out.push(`<c r="${ref}" s="${style(c)}"><v>${v}</v></c>`);
      else {
        const s = cellText(textOf(v));
        // An empty cell is left out, as spreadsheets write it.
        if (s !== '') out.push(`<c r="${ref}" s="${style(c)}" t="s"><v>${sharedIndex(s)}</v></c>`);
      }
    });
    return `<row r="${r}">${out.join('')}</row>`;
  };
  const rows = [
    rowXml(sheet.header, 1, () => HEADER),
    ...sheet.rows.map((row, i) => rowXml(row, i + 2, (c) => (cols[c]?.wrap ? BODY_WRAP : BODY))),
  ];
  const ref = `A1:${lastCol}${lastRow}`;

  const worksheet =
    `${DECL}<worksheet xmlns="${NS}" xmlns:r="${REL_NS}">` +
    `<dimension ref="${ref}"/>` +
    '<sheetViews><sheetView workbookViewId="0">' +
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>' +
    '</sheetView></sheetViews>' +
    (cols.length
      ? `<cols>${cols.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join('')}</cols>`
      : '') +
    `<sheetData>${rows.join('')}</sheetData>` +
    `<autoFilter ref="${ref}"/>` +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
    '</worksheet>';

  const shared =
    `${DECL}<sst xmlns="${NS}" count="${stringRefs}" uniqueCount="${strings.size}">` +
    [...strings.keys()].map((s) => `<si><t xml:space="preserve">${escapeXml(s)}</t></si>`).join('') +
    '</sst>';

  // Excel keeps a filter's range in this hidden name as well as in the sheet.
  const quotedName = `'${name.replace(/'/g, "''")}'`;
  const workbook =
    `${DECL}<workbook xmlns="${NS}" xmlns:r="${REL_NS}">` +
    '<bookViews><workbookView activeTab="0"/></bookViews>' +
    `<sheets><sheet name="${escapeAttr(name)}" sheetId="1" r:id="rId1"/></sheets>` +
    `<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">${escapeXml(
      `${quotedName}!$A$1:$${lastCol}$${lastRow}`,
    )}</definedName></definedNames>` +
    '</workbook>';

  const styles =
    `${DECL}<styleSheet xmlns="${NS}">` +
    '<fonts count="2">' +
    '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
    '</fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    '<cellXfs count="4">' +
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="top"/></xf>' +
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top"/></xf>' +
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
    '</cellXfs>' +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    '</styleSheet>';

  const types =
    `${DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
    '</Types>';

  const rel = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="${REL_NS}/${type}" Target="${target}"/>`;
  const rootRels = `${DECL}<Relationships xmlns="${PKG_REL_NS}">${rel('rId1', 'officeDocument', 'xl/workbook.xml')}</Relationships>`;
  const workbookRels =
    `${DECL}<Relationships xmlns="${PKG_REL_NS}">` +
    rel('rId1', 'worksheet', 'worksheets/sheet1.xml') +
    rel('rId2', 'styles', 'styles.xml') +
    rel('rId3', 'sharedStrings', 'sharedStrings.xml') +
    '</Relationships>';

  return zip([
    ['[Content_Types].xml', types],
    ['_rels/.rels', rootRels],
    ['xl/workbook.xml', workbook],
    ['xl/_rels/workbook.xml.rels', workbookRels],
    ['xl/worksheets/sheet1.xml', worksheet],
    ['xl/styles.xml', styles],
    ['xl/sharedStrings.xml', shared],
  ]);
}
