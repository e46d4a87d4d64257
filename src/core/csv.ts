// CSV as people hand it over: Norwegian Excel (`;`, a BOM, CRLF), Google Sheets and LibreOffice
// (`,`), tab-separated copies, and files typed by hand. Pure: the text arrives already decoded.
import { UserError } from '../errors.js';
import { normName } from './text.js';

export type Delimiter = ',' | ';' | '\t';

export interface CsvRow {
  cells: string[];
  /** 1-based line where the row starts. */
  line: number;
  /** Where each cell starts (1-based line and column, in characters), for messages about a cell. */
  at: { line: number; col: number }[];
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
  delimiter: Delimiter;
}

/** The delimiters the sniffer knows; on a tie the earlier one wins (`;` first: Excel in Norway). */
const CANDIDATES: readonly Delimiter[] = [';', '\t', ','];
const SPACE_ONLY = /^\s*$/u;

/** A place in the text: an offset, with the line it is on and the offset where that line starts. */
interface Mark {
  i: number;
  line: number;
  lineStart: number;
}

interface RawRecord {
  cells: string[];
  starts: Mark[];
  line: number;
}

const named = (d: Delimiter) => (d === '\t' ? 'TAB' : `'${d}'`);

/**
 * RFC 4180 with the tolerance people need: BOM stripped, CRLF/LF/CR, quoted fields with "" and
 * line breaks, blank lines skipped, delimiter sniffed from the header line (the most frequent of
 * , ; TAB outside quotes) unless given.
 *
 * A row counts as blank, and is skipped, when none of its cells is quoted and every cell is empty or
 * white space (so Excel's `;;;` rows go too). Header names are trimmed; cells are kept as written.
 * Rows with fewer cells than the header are padded with ''. Bad input throws a UserError (code
 * `csv`) at the 1-based line and column (in characters, not counting a BOM) of the culprit.
 */
export function parseCsv(text: string, opts: { file?: string; delimiter?: Delimiter } = {}): CsvTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = opts.delimiter ?? sniffDelimiter(body);
  const reader = new Reader(body, delimiter, opts.file);

  const head = reader.record(Infinity);
  if (!head) throw reader.error('the file is empty: a CSV file needs a header line naming the columns', { i: 0, line: 1, lineStart: 0 });
  const header = head.cells.map((h) => h.trim());
  if (header.every((h) => h === '')) {
    throw reader.error('the header line has no column names: the first non-blank line must name the columns', head.starts[0]!);
  }
  const seen = new Map<string, number>();
  for (const [k, h] of header.entries()) {
    if (h === '') continue;
    const key = normName(h);
    const first = seen.get(key);
    if (first !== undefined) {
      throw reader.error(
        `duplicate column name '${h}' (column ${first + 1} has it too): give each column its own name`,
        reader.nameStart(head.starts[k]!),
      );
    }
    seen.set(key, k);
  }

  const rows: CsvRow[] = [];
  for (let rec = reader.record(header.length); rec; rec = reader.record(header.length)) {
    const cells = rec.cells;
    const at = rec.starts.map((st) => ({ line: st.line, col: [...body.slice(st.lineStart, st.i)].length + 1 }));
    while (cells.length < header.length) {
      cells.push('');
      at.push(at[at.length - 1] ?? { line: rec.line, col: 1 });
    }
    rows.push({ cells, line: rec.line, at });
  }
  return { header, rows, delimiter };
}

/**
 * Writes a header and rows, one line each, ending with a final eol. A cell is quoted only when it
 * must be: it holds the delimiter, a quote, CR or LF, or starts or ends with white space. So that
 * parseCsv sniffs the same delimiter back, header cells are also quoted when they hold any of
 * , ; TAB (and every cell is, in a one-column table, which has no delimiter to sniff); a row whose
 * cells are all empty is written as `""` so it is not read as a blank line. null and undefined are
 * written as empty cells.
 */
export function formatCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | boolean | null | undefined)[])[],
  opts: { delimiter?: Delimiter; eol?: '\n' | '\r\n' } = {},
): string {
  const d = opts.delimiter ?? ',';
  const eol = opts.eol ?? '\n';
  const line = (cells: readonly (string | number | boolean | null | undefined)[], anyDelimiter: boolean) => {
    const out = cells.map((v) => {
      const s = v === null || v === undefined ? '' : String(v);
      return needsQuotes(s, d, anyDelimiter) ? `"${s.replaceAll('"', '""')}"` : s;
    });
    if (!out.some((s) => s !== '')) out[0] = '""';
    return out.join(d) + eol;
  };
  const oneColumn = header.length <= 1;
  return line(header, true) + rows.map((r) => line(r, oneColumn)).join('');
}

function needsQuotes(s: string, d: Delimiter, anyDelimiter: boolean): boolean {
  return s.includes(d) || /["\r\n]/.test(s) || /^\s|\s$/u.test(s) || (anyDelimiter && /[,;\t]/.test(s));
}

/**
 * The most frequent of , ; TAB outside quotes on the first line that has content. Lines holding only
 * white space and delimiters are skipped, as the parser skips them, but speak when the header line
 * has no delimiter at all (`;;;` lines above a one-column header). ',' when nothing tells.
 */
function sniffDelimiter(text: string): Delimiter {
  const line = new Map<string, number>(CANDIDATES.map((c) => [c, 0]));
  const skipped = new Map(line);
  let inQuotes = false;
  let content = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      inQuotes = !inQuotes;
      content = true;
    } else if (inQuotes) {
      continue;
    } else if (c === '\n' || c === '\r') {
      if (content) break;
      for (const [k, n] of line) {
        skipped.set(k, skipped.get(k)! + n);
        line.set(k, 0);
      }
    } else {
      const n = line.get(c);
      if (n !== undefined) line.set(c, n + 1);
      else if (!SPACE_ONLY.test(c)) content = true;
    }
  }
  return mostFrequent(line) ?? mostFrequent(skipped) ?? ',';
}

function mostFrequent(counts: Map<string, number>): Delimiter | undefined {
  let best: Delimiter | undefined;
  let most = 0;
  for (const c of CANDIDATES) {
    const n = counts.get(c)!;
    if (n > most) [best, most] = [c, n];
  }
  return best;
}

class Reader {
  private i = 0;
  private line = 1;
  private lineStart = 0;

  constructor(
    private readonly text: string,
    private readonly d: Delimiter,
    private readonly file: string | undefined,
  ) {}

  error(message: string, at: Mark): UserError {
    const col = [...this.text.slice(at.lineStart, at.i)].length + 1;
    return new UserError(message, { ...(this.file !== undefined ? { file: this.file } : {}), line: at.line, col }, 'csv');
  }

  private fail(message: string, at: Mark): never {
    throw this.error(message, at);
  }

  /** Where the name in a header cell begins: past leading white space, unless the cell is quoted. */
  nameStart(cell: Mark): Mark {
    if (this.text[cell.i] === '"') return cell;
    const lead = /^[^\S\r\n]*/u.exec(this.text.slice(cell.i))![0].length;
    return { ...cell, i: cell.i + lead };
  }

  private mark(): Mark {
    return { i: this.i, line: this.line, lineStart: this.lineStart };
  }

  /** The next non-blank record, or undefined at the end; more than `width` cells is an error. */
  record(width: number): RawRecord | undefined {
    const { text, d } = this;
    while (this.i < text.length) {
      const line = this.line;
      const cells: string[] = [];
      const starts: Mark[] = [];
      let quoted = false;
      for (;;) {
        starts.push(this.mark());
        if (text[this.i] === '"') {
          quoted = true;
          cells.push(this.quoted());
        } else {
          cells.push(this.unquoted());
        }
        // Now at the delimiter, a line break or the end of the text.
        if (text[this.i] === d) {
          this.i++;
          continue;
        }
        this.lineBreak();
        break;
      }
      if (!quoted && cells.every((c) => SPACE_ONLY.test(c))) continue;
      if (cells.length > width) {
        this.fail(
          `too many cells: the header has ${width} column${width === 1 ? '' : 's'} but this row has ${cells.length}; ` +
            `remove the extra ${named(d)}, put a value that contains ${named(d)} in quotes, or name the column in the header`,
          starts[width]!,
        );
      }
      return { cells, starts, line };
    }
    return undefined;
  }

  private lineBreak(): void {
    const c = this.text[this.i];
    if (c === '\r') this.i += this.text[this.i + 1] === '\n' ? 2 : 1;
    else if (c === '\n') this.i++;
    else return;
    this.line++;
    this.lineStart = this.i;
  }

  private unquoted(): string {
    const { text, d } = this;
    const from = this.i;
    for (; this.i < text.length; this.i++) {
      const c = text[this.i];
      if (c === d || c === '\n' || c === '\r') break;
      if (c === '"') {
        this.fail(
          SPACE_ONLY.test(text.slice(from, this.i))
            ? 'white space before an opening quote: remove it so the field starts with the quote, or move it inside the quotes'
            : 'quote in the middle of an unquoted field: put the whole field in quotes and double the quotes inside it ("like ""this""")',
          this.mark(),
        );
      }
    }
    return text.slice(from, this.i);
  }

  private quoted(): string {
    const { text, d } = this;
    const open = this.mark();
    this.i++;
    let out = '';
    let from = this.i;
    for (;;) {
      if (this.i >= text.length) {
        this.fail(
          'unclosed quote: the quoted field starting here never ends; add the closing quote, and double any quote inside the field ("")',
          open,
        );
      }
      const c = text[this.i];
      if (c === '"') {
        if (text[this.i + 1] === '"') {
          out += text.slice(from, this.i + 1);
          this.i += 2;
          from = this.i;
          continue;
        }
        out += text.slice(from, this.i);
        this.i++;
        break;
      }
      if (c === '\r' || c === '\n') this.lineBreak();
      else this.i++;
    }
    const next = text[this.i];
    if (next !== undefined && next !== d && next !== '\n' && next !== '\r') {
      this.fail(
        SPACE_ONLY.test(next)
          ? `white space after a closing quote: remove it or move it inside the quotes, so the field ends with the quote and ${named(d)} follows`
          : `text after a closing quote: a quoted field must end at ${named(d)} or the end of the line; write a quote inside a quoted field as ""`,
        this.mark(),
      );
    }
    return out;
  }
}
