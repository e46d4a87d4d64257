// Reading and writing a session's summary, its validation record and its history:
//   sessions/<id>/summary.md                  the summary the researcher edits
//   sessions/<id>/feedback.yaml               what the group said when it was presented
//   sessions/<id>/history/summary-v<n>.md     each version as it was when the next one began
//   sessions/<id>/history/summary-drafted.yaml what fokus drafted, so it knows what was edited
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UserError, type Problem } from '../errors.js';
import type { Feedback, Lang, Validation } from '../core/model.js';
import { checkDraftRecord, checkFeedback, checkSummaryFront } from '../core/schema.js';
import { parseSummary, renderSummary, summaryOf, type Summary, type SummaryDoc } from '../core/summary.js';
import type { DraftRecord } from '../core/summary-merge.js';
import { ensureDir, readChecked } from './project.js';
import { withLocks } from './lock.js';
import {
  CHANGED,
  encodeRaw,
  encodeText,
  fingerprintOf,
  readTextFile,
  replayJournal,
  sweepTemps,
  writeFilesAtomic,
  type FileWrite,
  type TextFile,
} from './text-file.js';
import {
  appendIn,
  locate,
  newYamlFile,
  parseYaml,
  renderYaml,
  setIn,
  stringifyYaml,
  yamlData,
  yamlProblems,
  type YamlFile,
} from './yaml-doc.js';

export const SUMMARY_FILES = {
  summary: 'summary.md',
  feedback: 'feedback.yaml',
  history: 'history',
  drafted: 'summary-drafted.yaml',
} as const;

export interface SummaryFront {
  session?: string;
  version: number;
  language?: Lang;
}

export interface LoadedSummary {
  path: string;
  file: TextFile;
  doc: SummaryDoc;
  front: SummaryFront;
  summary: Summary;
}

export const summaryPath = (dir: string) => join(dir, SUMMARY_FILES.summary);
export const feedbackPath = (dir: string) => join(dir, SUMMARY_FILES.feedback);
export const historyDir = (dir: string) => join(dir, SUMMARY_FILES.history);
export const draftedPath = (dir: string) => join(historyDir(dir), SUMMARY_FILES.drafted);

/** The front matter's fields; problems (with positions in summary.md) when it cannot be read. */
function readFront(path: string, doc: SummaryDoc): { front: SummaryFront; problems: Problem[] } {
  if (!doc.front) return { front: { version: 1 }, problems: [] };
  const y = parseYaml({ path, text: doc.front.join('\n'), bom: false, eol: '\n' });
  // The front matter starts on line 2 of the file.
  const shift = (p: Problem): Problem => (p.line !== undefined ? { ...p, line: p.line + 1 } : p);
  const syntax = yamlProblems(y).filter((p) => p.severity === 'error');
  if (syntax.length) return { front: { version: 1 }, problems: syntax.map(shift) };
  let data: unknown;
  try {
    data = yamlData(y);
  } catch (e) {
    // An alias that points nowhere or multiplies without end: a problem like the others.
    if (!(e instanceof UserError)) throw e;
    return { front: { version: 1 }, problems: e.problems.map(shift) };
  }
  const r = checkSummaryFront(data);
  if (!r.ok)
    return {
      front: { version: 1 },
      problems: r.issues.map((i) =>
        shift({ severity: 'error', code: 'schema', message: i.message, file: path, ...locate(y, i.path, i.at) }),
      ),
    };
  const front: SummaryFront = { version: r.value.version ?? 1 };
  if (r.value.session) front.session = r.value.session;
  if (r.value.language) front.language = r.value.language;
  return { front, problems: [] };
}

/** Reads summary.md; problems in it are added to `problems` (or thrown when none is given). */
export function readSummary(dir: string, problems?: Problem[]): LoadedSummary | undefined {
  const path = summaryPath(dir);
  if (!existsSync(path)) return undefined;
  let file: TextFile;
  try {
    file = readTextFile(path);
  } catch (e) {
    if (e instanceof UserError && problems) {
      problems.push(...e.problems);
      return undefined;
    }
    throw e;
  }
  const doc = parseSummary(file.text);
  const { front, problems: found } = readFront(path, doc);
  if (found.length) {
    if (!problems) throw UserError.of(found);
    problems.push(...found);
  }
  return { path, file, doc, front, summary: summaryOf(doc, front) };
}

export function readFeedback(dir: string): { file?: YamlFile; value: Feedback } {
  const path = feedbackPath(dir);
  if (!existsSync(path)) return { value: { validations: [] } };
  const { file, value } = readChecked(path, checkFeedback);
  return { file, value: { validations: value.validations ?? [] } };
}

export function readDraftRecord(dir: string): DraftRecord {
  const path = draftedPath(dir);
  if (!existsSync(path)) return { points: {} };
  const { value } = readChecked(path, checkDraftRecord);
  return { points: value.points ?? {} };
}

/** The front matter with `version` (and any other field) set, comments and order kept. */
export function frontWith(path: string, front: string[] | undefined, fields: Record<string, unknown>): string[] {
  const y = parseYaml({ path, text: (front ?? []).join('\n'), bom: false, eol: '\n' });
  for (const [k, v] of Object.entries(fields)) setIn(y, [k], v);
  return renderYaml(y).replace(/\n+$/, '').split('\n');
}

export function newFront(fields: Record<string, unknown>): string[] {
  return stringifyYaml(fields).replace(/\n+$/, '').split('\n');
}

export interface SummaryWrite {
  dir: string;
  doc: SummaryDoc;
  /** The file as read, for its line endings and byte-order mark. */
  from?: TextFile;
  record?: DraftRecord;
  /** Keep the summary as it was: `history/summary-v<n>.md`. */
  archive?: { version: number; text: string };
  feedback?: YamlFile;
  /**
   * What the change was decided on (`summaryBasis` before reading): when any of those files is
   * different now, the write is refused (`CHANGED`) rather than undo someone's newer edit.
   */
  basis?: SummaryBasis;
}

/** The error code of a summary write refused because its files changed since they were read. */

/** The files a summary change is decided on, as fingerprints (null: no such file). */
export interface SummaryBasis {
  summary: string | null;
  feedback: string | null;
  drafted: string | null;
}

export function summaryBasis(dir: string): SummaryBasis {
  return { summary: fingerprintOf(summaryPath(dir)), feedback: fingerprintOf(feedbackPath(dir)), drafted: fingerprintOf(draftedPath(dir)) };
}

export const sameBasis = (a: SummaryBasis, b: SummaryBasis) =>
  a.summary === b.summary && a.feedback === b.feedback && a.drafted === b.drafted;

/** Where a summary change that spans files records the renames still to do (text-file.ts). */
const journalPath = (dir: string) => join(dir, '.summary.md.journal');

/**
 * Runs `fn` holding the locks of the session's summary files: summary.md's lock covers the summary,
 * its history and fokus's draft record, and feedback.yaml's its own file. Everything a summary
 * change reads to decide what to write belongs inside. A change a killed fokus left half done is
 * finished first, and its temporary files removed.
 */
export function withSummaryLock<T>(dir: string, fn: () => T): T {
  return withLocks([summaryPath(dir), feedbackPath(dir)], () => {
    replayJournal(journalPath(dir));
    const ours = (name: string) => name === SUMMARY_FILES.summary || name === SUMMARY_FILES.feedback || name === basename(journalPath(dir));
    sweepTemps(dir, ours);
    sweepTemps(historyDir(dir), (name) => name === SUMMARY_FILES.drafted || /^summary-v\d+(-\d+)?\.md$/.test(name));
    return fn();
  });
}

/**
 * Writes a summary change, holding the summary's locks: the validation record (what the group
 * said), the history, the summary and fokus's draft record, as one change (a crash leaves all of
 * them as they were, or the next summary write finishes them all).
 */
export function writeSummary(w: SummaryWrite): void {
  withSummaryLock(w.dir, () => {
    if (w.basis && !sameBasis(w.basis, summaryBasis(w.dir)))
      throw new UserError(
        'changed on disk while fokus was working on it (another fokus, or an editor, saved it); nothing was written: run the command again',
        { file: summaryPath(w.dir) },
        CHANGED,
      );
    const files: FileWrite[] = [];
    if (w.feedback) files.push({ path: w.feedback.path, data: encodeRaw(renderYaml(w.feedback), w.feedback) });
    if (w.archive || w.record) ensureDir(historyDir(w.dir));
    if (w.archive) {
      let path = join(historyDir(w.dir), `summary-v${w.archive.version}.md`);
      for (let n = 2; existsSync(path); n++) path = join(historyDir(w.dir), `summary-v${w.archive.version}-${n}.md`);
      files.push({ path, data: w.archive.text });
    }
    const layout = w.from ? { bom: w.from.bom, eol: w.from.eol } : { bom: false, eol: '\n' as const };
    files.push({ path: summaryPath(w.dir), data: encodeText(renderSummary(w.doc), layout) });
    if (w.record) {
      const y = newYamlFile(
        draftedPath(w.dir),
        { points: w.record.points },
        'What fokus drafted for each point of ../summary.md, so it can tell which points you have\nedited (those it never rewrites). fokus keeps this file; there is no need to edit it.',
      );
      files.push({ path: y.path, data: encodeRaw(renderYaml(y), y) });
    }
    writeFilesAtomic(files, journalPath(w.dir));
  });
}

/** The validation record with a new round or more responses, edited as a document so comments stay. */
export function feedbackWith(dir: string, before: YamlFile | undefined, after: Feedback, session: string): YamlFile {
  const y =
    before ??
    newYamlFile(
      feedbackPath(dir),
      { validations: [] },
      `Communicative validation of ${session}'s summary (fokus feedback): each time it was presented,\nwhat the group said to each point (confirmed, corrected, nuanced, rejected) and what it added.`,
    );
  const had = (yamlData(y) as Partial<Feedback> | null)?.validations ?? [];
  after.validations.forEach((v, i) => {
    const old = had[i] as Validation | undefined;
    if (!old) {
      const flow = [...v.responses.map((_, j) => ['responses', j, 'by']), ...(v.added ?? []).map((_, j) => ['added', j, 'by'])];
      appendIn(y, ['validations'], ordered(v), { flow });
      return;
    }
    for (const r of v.responses.slice(old.responses?.length ?? 0)) appendIn(y, ['validations', i, 'responses'], r, { flow: [['by']] });
    for (const a of (v.added ?? []).slice(old.added?.length ?? 0)) appendIn(y, ['validations', i, 'added'], a, { flow: [['by']] });
    if (v.note !== old.note && v.note !== undefined) setIn(y, ['validations', i, 'note'], v.note);
  });
  return y;
}

function ordered(v: Validation): Record<string, unknown> {
  const out: Record<string, unknown> = { at: v.at };
  if (v.date) out.date = v.date;
  out.version = v.version;
  out.responses = v.responses;
  if (v.added?.length) out.added = v.added;
  if (v.note) out.note = v.note;
  return out;
}
