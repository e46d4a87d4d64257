// fokus export tags | quotes: observers' tags (or the passages marked quote) as CSV on standard
// output or in a file, as an Excel workbook, or as JSON. A file is leak-checked before it is written.
import { extname, resolve } from 'node:path';
import type { Run } from '../cli.js';
import { UserError } from '../errors.js';
import { formatCsv } from '../core/csv.js';
import { QUOTE_COLUMNS, TAG_COLUMNS, rowCells, rowObject, tagRows, type TagColumn } from '../core/tag-export.js';
import { pathKind } from '../store/setup.js';
import { writeChecked } from './_export.js';
import { codedSessions, filteredSessions, openProject, plural, printCsv, resolveCodes, speakersOf, type Filters } from './_shared.js';

export interface ExportTagsOpts extends Filters {
  csv?: boolean;
  xlsx?: boolean;
  output?: string;
  code?: string[];
  json?: boolean;
}

export function tags(r: Run, opts: ExportTagsOpts): Promise<number> {
  return exportRows(r, opts, 'tags');
}

export function quotes(r: Run, opts: ExportTagsOpts): Promise<number> {
  return exportRows(r, opts, 'quotes');
}

type Format = 'csv' | 'xlsx';

/** The format from the flags and the extension of -o; conflicts are the user's error. */
function formatOf(opts: ExportTagsOpts, what: string): Format {
  const bad = (message: string) => new UserError(message, undefined, 'bad-flag');
  if (opts.csv && opts.xlsx) throw bad('--csv and --xlsx ask for different formats: give one');
  if (opts.json && !opts.output && opts.csv) throw bad('--json and --csv both say what to print: give one');
  const ext = opts.output === undefined ? undefined : extname(opts.output).toLowerCase();
  if (ext !== undefined && ext !== '.csv' && ext !== '.xlsx')
    throw bad(`-o ${opts.output}: name a .csv or .xlsx file, e.g. -o ${what}.xlsx`);
  if (opts.csv && ext === '.xlsx') throw bad(`--csv conflicts with -o ${opts.output}: name a .csv file, or drop --csv`);
  if (opts.xlsx && ext === '.csv') throw bad(`--xlsx conflicts with -o ${opts.output}: name a .xlsx file, or drop --xlsx`);
  if (opts.xlsx && ext === undefined) throw bad(`--xlsx writes a workbook and needs a file: add -o ${what}.xlsx`);
  return opts.xlsx || ext === '.xlsx' ? 'xlsx' : 'csv';
}

async function exportRows(r: Run, opts: ExportTagsOpts, what: 'tags' | 'quotes'): Promise<number> {
  const format = formatOf(opts, what);
  const p = openProject(r);
  const m = p.manifest.value;
  const sessions = filteredSessions(p, opts);
  const codes = opts.code?.length ? resolveCodes(p, opts.code) : undefined;
  const path = opts.output === undefined ? undefined : resolve(r.ctx.cwd, opts.output);
  if (path !== undefined && pathKind(path) === 'folder')
    throw new UserError(`-o ${opts.output} is a folder: name the file, e.g. -o ${opts.output}/${what}.${format}`, undefined, 'bad-output');

  const input: Parameters<typeof tagRows>[0] = { manifest: m, sessions: codedSessions(p, sessions), speakerOf: speakersOf(p) };
  if (p.codebook) input.codebook = p.codebook.value;
  if (opts.observer?.length) input.observers = opts.observer;
  if (codes) input.codes = codes;
  if (what === 'quotes') input.quotes = true;
  const rows = tagRows(input);
  const columns: readonly TagColumn[] = what === 'quotes' ? QUOTE_COLUMNS : TAG_COLUMNS;
  const orphaned = rows.filter((x) => x.status === 'orphaned').length;

  if (path === undefined) {
    // To standard output; the guard in cli.ts checks it for names when it goes to a file or a pipe.
    if (opts.json) r.out.json(rows.map((x) => rowObject(x, columns)));
    else
      printCsv(
        r,
        columns,
        rows.map((x) => rowCells(x, columns)),
      );
    noteOrphans(r, orphaned);
    return 0;
  }

  const header = [...columns];
  const cells = rows.map((x) => rowCells(x, columns));
  let data: string | Uint8Array;
  let cut = 0;
  if (format === 'xlsx') {
    const { writeXlsx, overlongCells } = await import('../writers/xlsx.js');
    const sheet = { name: what === 'quotes' ? 'Quotes' : 'Tags', header, rows: cells };
    cut = overlongCells(sheet);
    data = writeXlsx(sheet);
  } else data = formatCsv(header, cells);

  // Checked whole (a workbook part by part) before anything touches the disk.
  const leakCheck = await writeChecked(r, p.root, m, [{ path, data }]);

  const noun = what === 'quotes' ? 'quote' : 'tag';
  if (opts.json) r.out.json({ file: path, format, rows: rows.length, leakCheck });
  else r.out.line(`Wrote ${plural(rows.length, noun)} to ${r.out.path(path)} (${format === 'xlsx' ? 'Excel workbook' : 'CSV'}).`);
  noteOrphans(r, orphaned);
  if (cut)
    r.out.note(
      r.out.errStyle.yellow(
        `note: ${plural(cut, 'cell')} longer than Excel's 32,767 characters were cut short; the CSV export holds them whole`,
      ),
    );
  return 0;
}

function noteOrphans(r: Run, n: number): void {
  if (n)
    r.out.note(
      r.out.errStyle.yellow(
        `note: ${plural(n, 'tag')} could not be placed on the transcript (status orphaned): their words are as stored; see fokus validate`,
      ),
    );
}
