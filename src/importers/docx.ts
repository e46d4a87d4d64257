// Word transcripts (.docx). Two layouts, told apart by which gives more turns: `Name: text`
// paragraphs (the plain-text heuristics, one Word paragraph per line), or a table of
// speaker | text rows (time | speaker | text also). Only word/document.xml is read, so headers,
// footers, footnotes and comments never reach the transcript.
//
// Word has no lines, so an utterance has no line and column: it carries a `place` in words a
// person can find in Word instead, `paragraph 12` (paragraphs with text outside tables, counted
// from the top) or `table 1, row 4` (tables counted from the top, rows including a header row).
import { normName } from '../core/text.js';
import { parseTime } from '../core/time.js';
import { UserError } from '../errors.js';
import { unzip } from '../store/zip.js';
import { isZip, refuseOldWord } from './magic.js';
import { LEAD_TIME, NAME_LINE, acceptedLabels, candidateLabel, looksLikeName, type LabelSplit } from './labels.js';
import type { ImportOptions, Imported, Utterance } from './types.js';
import { elements, parseXml, textOf, type XmlElement } from './xml.js';

// Transitional (what Word writes) and Strict Office Open XML.
const W = new Set(['http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'http://purl.oclc.org/ooxml/wordprocessingml/main']);
const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
const DOCUMENT = 'word/document.xml';

// Times in a cell or after a label; the lead-time and name-line shapes are labels.ts's, as in plain text.
const TIME = String.raw`(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)`;
const INNER_TIME = new RegExp(String.raw`^[ \t]*[[(]${TIME}[\])][ \t]*`);
const CELL_TIME = new RegExp(String.raw`^[[(]?${TIME}[\])]?$`);
const TIME_AFTER = new RegExp(String.raw`^(.*?) ?[[(]?${TIME}[\])]?$`);
const TIME_BEFORE = new RegExp(String.raw`^[[(]?${TIME}[\])]? (.*)$`);

// Column headings of a transcript table, bokmål, nynorsk and English.
const HEADINGS = new Set(
  `navn, name, speaker, taler, talar, deltaker, deltakar, participant, person, hvem, kven, who, kode, code,
  informant, respondent, tekst, text, ytring, ytringer, utterance, innhold, content, tale, speech, sagt, said,
  hva som ble sagt, what was said, transkripsjon, transcript, transcription, tid, time, tidspunkt, tidskode,
  tidsstempel, timestamp, start`.split(/,\s*/),
);

interface Cell {
  paras: string[];
  /** Grid columns the cell spans (w:gridSpan). */
  span: number;
  /** A vertically merged cell continuing the one above (w:vMerge): the same speaker. */
  merged: boolean;
}

interface Row {
  no: number;
  cells: Cell[];
  /** Marked as a heading row that repeats on each page (w:tblHeader). */
  heading: boolean;
  /** Deleted with tracked changes. */
  deleted: boolean;
}

interface Table {
  no: number;
  rows: Row[];
}

interface Paragraph {
  no: number;
  text: string;
}

export function readDocx(file: string, bytes: Uint8Array, opts: ImportOptions = {}): Imported {
  const body = documentBody(file, bytes);
  const paras: Paragraph[] = [];
  const tables: Table[] = [];
  for (const el of collect(body, ['p', 'tbl'])) {
    if (el.name === 'tbl') tables.push({ no: tables.length + 1, rows: tableRows(el) });
    else {
      const text = paragraphText(el);
      if (text.trim()) paras.push({ no: paras.length + 1, text });
    }
  }
  const tableText = (t: Table) => t.rows.some((r) => !r.deleted && r.cells.some((c) => c.paras.length));
  if (!paras.length && !tables.some(tableText)) throw new UserError('the Word document has no text', { file }, 'empty');

  const byParagraph = paragraphLayout(paras, opts);
  const shaped = tables.map((t) => shapeOf(t)).filter((s): s is Shape => s !== undefined);
  const transcriptTables = shaped.filter(
    (s) => s.heading !== undefined || recurs(s) || s.speakers.some((l) => opts.knownLabels?.has(normName(l))),
  );
  const named = (us: Utterance[]) => us.filter((u) => u.speaker !== undefined).length;
  // A lone table without a heading row or a recurring speaker still counts when nothing else holds text.
  const used = transcriptTables.length || byParagraph.length ? transcriptTables : shaped;
  const byTable = tableLayout(used);

  if (used.length && named(byTable) > named(byParagraph)) {
    const usedNos = new Set(used.map((s) => s.table.no));
    const leftOut = [
      paras.length ? `${count(paras.length, 'paragraph')} outside the ${used.length > 1 ? 'tables' : 'table'}` : '',
      plural(tables.filter((t) => !usedNos.has(t.no) && tableText(t)).length, 'other table'),
    ].filter(Boolean);
    const columns = used.some((s) => s.timeCol !== undefined) ? 'time | speaker | text' : 'speaker | text';
    return {
      format: 'docx',
      flavour: `Word document, ${columns} table${leftOut.length ? ` (left out: ${leftOut.join(', ')})` : ''}`,
      utterances: byTable,
    };
  }
  if (!byParagraph.length)
    throw new UserError(
      'found no transcript in the Word document: no paragraphs of text outside tables, and no table of speaker | text (or time | speaker | text) columns',
      { file },
      'empty',
    );
  const leftOut = plural(tables.filter(tableText).length, 'table');
  return {
    format: 'docx',
    flavour: `Word document ${named(byParagraph) ? 'with' : 'without'} speaker labels${leftOut ? ` (left out: ${leftOut})` : ''}`,
    utterances: byParagraph,
  };
}

/** The document's w:body, or the error that says what the file is instead. */
function documentBody(file: string, bytes: Uint8Array): XmlElement {
  refuseOldWord(file, bytes);
  if (!isZip(bytes))
    throw new UserError(
      'is not a Word .docx file (a .docx file is a zip container, and this is not one); if it is a text transcript, give --format text',
      { file },
      'not-docx',
    );
  let parts: Map<string, Buffer>;
  try {
    parts = unzip(bytes, file);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    throw new UserError(`the Word file is damaged: ${e.message}; open it in Word and save it again`, { file }, 'bad-zip');
  }
  const xml = parts.get(DOCUMENT);
  if (!xml) {
    const kind = zipKind(parts);
    throw new UserError(
      `is not a Word .docx document (the zip has no ${DOCUMENT}${kind ? `; it looks like ${kind}` : ''}); save the transcript from Word as .docx and import that`,
      { file },
      'not-docx',
    );
  }
  let root: XmlElement;
  try {
    root = parseXml(file, new TextDecoder('utf-8').decode(xml));
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    const p = e.problems[0]!;
    const at = p.line !== undefined ? ` at line ${p.line}, column ${p.col}` : '';
    throw new UserError(`the Word file is damaged: ${DOCUMENT}${at}: ${p.message}; open it in Word and save it again`, { file }, 'bad-xml');
  }
  if (root.name !== 'document' || !W.has(root.uri))
    throw new UserError(`is not a Word .docx document (${DOCUMENT} holds <${root.name}>, not a Word document)`, { file }, 'not-docx');
  return wChild(root, 'body') ?? { ...root, children: [] };
}

function zipKind(parts: ReadonlyMap<string, Buffer>): string | undefined {
  if (parts.has('xl/workbook.xml')) return 'an Excel workbook';
  if (parts.has('ppt/presentation.xml')) return 'a PowerPoint presentation';
  const mime = parts.get('mimetype')?.toString('utf8').trim();
  if (mime === 'application/vnd.oasis.opendocument.text') return 'an OpenDocument text (.odt)';
  if (mime?.startsWith('application/vnd.oasis.opendocument.')) return 'an OpenDocument file';
  return undefined;
}

function isW(el: XmlElement, name?: string): boolean {
  return W.has(el.uri) && (name === undefined || el.name === name);
}

function wChild(el: XmlElement, name: string): XmlElement | undefined {
  return elements(el).find((c) => isW(c, name));
}

/** A WordprocessingML on/off property: present without a value means on. */
function on(el: XmlElement | undefined): boolean {
  if (!el) return false;
  const v = el.attrs['val'];
  return v === undefined || !['false', '0', 'off'].includes(v);
}

/**
 * One branch of mc:AlternateContent, never both (they hold the same content twice): the Fallback,
 * which is plain WordprocessingML any reader understands, else the first Choice.
 */
function branch(el: XmlElement): XmlElement | undefined {
  const kids = elements(el).filter((c) => c.uri === MC);
  return kids.find((c) => c.name === 'Fallback') ?? kids.find((c) => c.name === 'Choice');
}

/** The wanted elements in order, looking through content controls, custom XML and alternate content. */
function collect(el: XmlElement, want: readonly string[], out: XmlElement[] = []): XmlElement[] {
  for (const c of elements(el)) {
    if (c.uri === MC && c.name === 'AlternateContent') {
      const b = branch(c);
      if (b) collect(b, want, out);
    } else if (!W.has(c.uri)) continue;
    else if (want.includes(c.name)) out.push(c);
    else if (c.name === 'sdt') {
      const content = wChild(c, 'sdtContent');
      if (content) collect(content, want, out);
    } else if (c.name === 'customXml') collect(c, want, out);
  }
  return out;
}

/** A paragraph's visible text: `\n` for a line break, `\t` for a tab (labels may be followed by one). */
function paragraphText(p: XmlElement): string {
  const out: string[] = [];
  inline(p, out);
  return (
    out
      .join('')
      // Non-breaking and narrow spaces ("Kari\u00a0Nordmann", "10\u202f000") become ordinary spaces,
      // so labels and names match; a soft hyphen is invisible.
      .replace(/[\u00a0\u2007\u202f]/g, ' ')
      .replace(/\u00ad/g, '')
  );
}

function inline(el: XmlElement, out: string[]): void {
  for (const c of elements(el)) {
    if (c.uri === MC && c.name === 'AlternateContent') {
      const b = branch(c);
      if (b) inline(b, out);
      continue;
    }
    if (!W.has(c.uri)) continue;
    switch (c.name) {
      case 't':
        // Line breaks inside w:t are not Word's line breaks (those are w:br); Word shows them as spaces.
        out.push(textOf(c).replace(/\r\n?|\n/g, ' '));
        break;
      case 'tab':
      case 'ptab':
        out.push('\t');
        break;
      case 'br':
      case 'cr':
        out.push('\n');
        break;
      case 'noBreakHyphen':
        out.push('-');
        break;
      // Runs and what wraps them: links, smart tags, inserted and moved-here text, simple fields
      // (their result; the instruction is an attribute), bidirectional runs.
      case 'r':
      case 'hyperlink':
      case 'smartTag':
      case 'customXml':
      case 'ins':
      case 'moveTo':
      case 'fldSimple':
      case 'dir':
      case 'bdo':
        inline(c, out);
        break;
      case 'sdt': {
        const content = wChild(c, 'sdtContent');
        if (content) inline(content, out);
        break;
      }
      // Everything else is not visible text: deleted and moved-away text (w:del, w:delText,
      // w:moveFrom), field instructions (w:instrText), footnote, endnote and comment references,
      // properties, drawings.
      default:
        break;
    }
  }
}

function tableRows(tbl: XmlElement): Row[] {
  return collect(tbl, ['tr']).map((tr, i) => {
    const trPr = wChild(tr, 'trPr');
    const cells = collect(tr, ['tc']).map((tc): Cell => {
      const tcPr = wChild(tc, 'tcPr');
      const span = Number((tcPr && wChild(tcPr, 'gridSpan'))?.attrs['val'] ?? 1);
      const vMerge = tcPr ? wChild(tcPr, 'vMerge') : undefined;
      return {
        paras: cellParagraphs(tc),
        span: Number.isInteger(span) && span > 0 ? span : 1,
        merged: vMerge !== undefined && vMerge.attrs['val'] !== 'restart',
      };
    });
    return {
      no: i + 1,
      cells,
      heading: on(trPr && wChild(trPr, 'tblHeader')),
      deleted: trPr !== undefined && wChild(trPr, 'del') !== undefined,
    };
  });
}

/** A cell's paragraphs with text; a table inside the cell gives its cells' paragraphs in order. */
function cellParagraphs(tc: XmlElement): string[] {
  return collect(tc, ['p', 'tbl']).flatMap((el) =>
    el.name === 'p'
      ? [paragraphText(el)].filter((t) => t.trim())
      : tableRows(el).flatMap((r) => (r.deleted ? [] : r.cells.flatMap((c) => c.paras))),
  );
}

/** The talk's text: tabs become single spaces, the paragraph is trimmed, line breaks kept. */
function talk(s: string): string {
  return s
    .replace(/ *\t[ \t]*/g, ' ')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .trim();
}

type Turn = Utterance & { paras: string[] };

function finish(cur: Turn | undefined, out: Utterance[]): void {
  if (!cur) return;
  const { paras, ...u } = cur;
  u.text = paras.map(talk).filter(Boolean).join('\n\n');
  if (u.text || u.speaker !== undefined) out.push(u);
}

interface ParagraphLine {
  p: Paragraph;
  /** The paragraph without its leading time. */
  body: string;
  time?: number;
  split?: LabelSplit;
  nameLine?: { label: string; time: number };
}

/** `Name: text` paragraphs, read as plain.ts reads lines: a paragraph without a label continues the turn. */
function paragraphLayout(paras: readonly Paragraph[], opts: ImportOptions): Utterance[] {
  const lines = paras.map((p): ParagraphLine => {
    const lead = LEAD_TIME.exec(p.text);
    const time = lead ? parseTime(lead[1]!) : undefined;
    const body = lead && time !== undefined ? p.text.slice(lead[0].length) : p.text;
    const l: ParagraphLine = { p, body };
    if (time !== undefined) l.time = time;
    // A label sits on the paragraph's first line; a line break may follow it.
    const nl = body.indexOf('\n');
    const first = nl < 0 ? body : body.slice(0, nl);
    const split = candidateLabel(first);
    if (split) l.split = { ...split, rest: split.rest + (nl < 0 ? '' : body.slice(nl)) };
    const name = NAME_LINE.exec(first);
    if (!split && name && looksLikeName(name[1]!.trim())) l.nameLine = { label: name[1]!.trim(), time: parseTime(name[2]!)! };
    return l;
  });
  const accepted = acceptedLabels(
    lines.flatMap((l) => (l.split ? [l.split.label] : l.nameLine ? [l.nameLine.label] : [])),
    opts.knownLabels,
  );
  const out: Utterance[] = [];
  let cur: Turn | undefined;
  for (const l of lines) {
    const label = l.split && accepted.has(normName(l.split.label)) ? l.split : undefined;
    const nameLine = !label && l.nameLine && accepted.has(normName(l.nameLine.label)) ? l.nameLine : undefined;
    if (label || nameLine) {
      finish(cur, out);
      let rest = label ? label.rest : l.body.slice(l.body.indexOf('\n') + 1 || l.body.length);
      let time = l.time ?? label?.time ?? nameLine?.time;
      const inner = INNER_TIME.exec(rest);
      if (inner && time === undefined) {
        time = parseTime(inner[1]!);
        rest = rest.slice(inner[0].length);
      }
      cur = { speaker: label ? label.label : nameLine!.label, text: '', place: `paragraph ${l.p.no}`, paras: [rest] };
      if (time !== undefined) cur.start = time;
      continue;
    }
    if (!cur) {
      cur = { text: '', place: `paragraph ${l.p.no}`, paras: [] };
      if (l.time !== undefined) cur.start = l.time;
    }
    cur.paras.push(l.body);
  }
  finish(cur, out);
  return out;
}

interface Shape {
  table: Table;
  speakerCol: number;
  textCol: number;
  timeCol?: number;
  /** Index of the last heading row, if the table has any. */
  heading?: number;
  /** Speaker labels in the table's rows, in order. */
  speakers: string[];
}

/** The cell covering grid column `col` of a row. */
function cellAt(row: Row, col: number): Cell | undefined {
  let pos = 0;
  for (const c of row.cells) {
    if (col < pos + c.span) return c;
    pos += c.span;
  }
  return undefined;
}

const cellText = (c: Cell | undefined) => (c ? c.paras.join(' ').replace(/\s+/g, ' ').trim() : '');

function cellTime(c: Cell | undefined): number | undefined {
  const m = CELL_TIME.exec(cellText(c));
  return m ? parseTime(m[1]!) : undefined;
}

/** A speaker cell: the name, and a time written with it (`Kari (00:01:02)`, `00:01:02 Kari`). */
function speakerIn(c: Cell): { label: string; time?: number } {
  const s = cellText(c).replace(/ ?:$/, '');
  for (const [re, name, time] of [
    [TIME_AFTER, 1, 2],
    [TIME_BEFORE, 2, 1],
  ] as const) {
    const m = re.exec(s);
    const t = m ? parseTime(m[time]!) : undefined;
    if (m && t !== undefined) return { label: m[name]!.replace(/ ?:$/, '').trim(), time: t };
  }
  return { label: s };
}

const heading = (s: string) => HEADINGS.has(s.toLowerCase().replace(/ ?:$/, ''));

/** How a table holds a transcript, if it does: two columns, or three with a time column first or second. */
function shapeOf(table: Table): Shape | undefined {
  const rows = table.rows.filter((r) => !r.deleted);
  const width = Math.max(0, ...rows.map((r) => r.cells.reduce((n, c) => n + c.span, 0)));
  let speakerCol = 0;
  let timeCol: number | undefined;
  if (width === 3) {
    const votes = (col: number) => {
      const filled = rows.slice(rows.length > 1 ? 1 : 0).filter((r) => cellText(cellAt(r, col)));
      return filled.length > 0 && filled.filter((r) => cellTime(cellAt(r, col)) !== undefined).length * 2 >= filled.length;
    };
    timeCol = votes(0) ? 0 : votes(1) ? 1 : undefined;
    if (timeCol === undefined) return undefined;
    speakerCol = 1 - timeCol;
  } else if (width !== 2) return undefined;
  const textCol = width - 1;
  const shape: Shape = { table, speakerCol, textCol, speakers: [] };
  if (timeCol !== undefined) shape.timeCol = timeCol;
  // Heading rows: marked to repeat on each page, or a first row of column names ("Navn | Tekst").
  let lead = 0;
  while (lead < rows.length && rows[lead]!.heading) lead++;
  const first = rows[0];
  if (lead) shape.heading = lead - 1;
  else if (first && heading(cellText(cellAt(first, speakerCol)))) {
    const text = cellText(cellAt(first, textCol));
    if (heading(text) || (text.split(' ').length <= 4 && !/[.?!]/.test(text))) shape.heading = 0;
  }
  const body = rows.slice(shape.heading === undefined ? 0 : shape.heading + 1);
  for (const r of body) {
    const c = cellAt(r, speakerCol);
    if (c && !c.merged && c !== cellAt(r, textCol)) {
      const { label } = speakerIn(c);
      if (label) shape.speakers.push(label);
    }
  }
  return shape;
}

function recurs(s: Shape): boolean {
  return new Set(s.speakers.map(normName)).size < s.speakers.length;
}

/** Rows of the tables in order, across tables: a row without a speaker continues the turn above. */
function tableLayout(shapes: readonly Shape[]): Utterance[] {
  const out: Utterance[] = [];
  let cur: Turn | undefined;
  let speaker: string | undefined;
  for (const s of shapes) {
    const rows = s.table.rows.filter((r) => !r.deleted);
    for (const r of rows.slice(s.heading === undefined ? 0 : s.heading + 1)) {
      const textCell = cellAt(r, s.textCol);
      const speakerCell = cellAt(r, s.speakerCol);
      const timeCell = s.timeCol === undefined ? undefined : cellAt(r, s.timeCol);
      const paras = textCell?.paras ?? [];
      // A cell spanning the speaker and text columns is text without a speaker.
      const own = speakerCell && speakerCell !== textCell ? speakerCell : undefined;
      const who = own?.merged ? { label: speaker ?? '' } : own ? speakerIn(own) : { label: '' };
      const time = timeCell && timeCell !== own && timeCell !== textCell ? cellTime(timeCell) : undefined;
      const place = `table ${s.table.no}, row ${r.no}`;
      if (!who.label) {
        if (!paras.length) continue;
        if (!cur) {
          cur = { text: '', place, paras: [] };
          if (time !== undefined) cur.start = time;
        }
        cur.paras.push(...paras);
        continue;
      }
      finish(cur, out);
      speaker = who.label;
      cur = { speaker, text: '', place, paras: [...paras] };
      const start = time ?? who.time;
      if (start !== undefined) cur.start = start;
    }
  }
  finish(cur, out);
  return out;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/** "2 other tables", or nothing for none. */
function plural(n: number, what: string): string {
  return n ? count(n, what) : '';
}
