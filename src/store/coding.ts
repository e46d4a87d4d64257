// Writing the codebook, observers' tag files and field notes. Each change is made holding the
// file's lock (store/lock.ts): the file is read fresh from disk, changed and written atomically
// (a crash leaves the old file or the new one) before another fokus may touch it, so two
// observers, or one observer in two terminals, never undo each other's work.
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import type { Code, FieldNote, Tag } from '../core/model.js';
import { checkCodebook, checkFieldNotes, checkTagFile, type Checked } from '../core/schema.js';
import { appendIn, newYamlFile, removeItem, setIn, yamlData, type YamlFile } from './yaml-doc.js';
import { ensureDir, FILES, readChecked, writeYamlFile } from './project.js';
import { withLock, withLocks } from './lock.js';
import { CHANGED, fingerprintOf, sweepTemps } from './text-file.js';

export function tagFilePath(sessionDir: string, observer: string): string {
  return join(sessionDir, FILES.tags, `${observer}.yaml`);
}

export function notesFilePath(sessionDir: string, observer: string): string {
  return join(sessionDir, FILES.notes, `${observer}.yaml`);
}

export function codebookPath(root: string): string {
  return join(root, FILES.codebook);
}

/** What each prepared file was made from: the fingerprint of the file on disk (null: there was none). */
const basis = new WeakMap<YamlFile, string | null>();

/**
 * A YAML file as it is on disk now (refused when not valid: the user fixes it first), or made by
 * `initial` when there is none, with `edit` applied in memory. Nothing is written yet. `edit`
 * returns false when it has nothing to change; undefined when there is no file and no `initial`.
 */
function prepare<T>(
  path: string,
  check: (d: unknown) => Checked<T>,
  edit: (y: YamlFile, value: T) => void | boolean,
  initial?: () => YamlFile,
): { file: YamlFile; changed: boolean } | undefined {
  for (let tries = 0; ; tries++) {
    const before = fingerprintOf(path);
    let y: YamlFile;
    let value: T;
    if (before !== null) ({ file: y, value } = readChecked(path, check));
    else if (initial) {
      y = initial();
      value = (check(yamlData(y)) as { value: T }).value;
    } else return undefined;
    // An editor saved the file while it was read: read it again, so the basis is what was parsed.
    if (fingerprintOf(path) !== before && tries < 5) continue;
    basis.set(y, before);
    return { file: y, changed: edit(y, value) !== false };
  }
}

/** Changes a YAML file in place (or creates it with `initial`), all inside the file's lock. */
function update<T>(
  path: string,
  check: (d: unknown) => Checked<T>,
  edit: (y: YamlFile, value: T) => void | boolean,
  initial?: () => YamlFile,
): void {
  withLock(path, () => {
    sweepTempsOf([path]);
    const planned = prepare(path, check, edit, initial);
    if (planned?.changed) write([planned.file]);
  });
}

/**
 * Writes files prepared in memory (planRecode, planCodebook): an edit that spans files is made only
 * once every file could take it. The files are locked together (in a fixed order, so two fokus
 * processes cannot deadlock), and the edit is refused, nothing written, when any file has changed
 * on disk since it was prepared: it was decided on what the file held then.
 */
export function writePlanned(files: readonly YamlFile[]): void {
  withLocks(
    files.map((y) => y.path),
    () => {
      sweepTempsOf(files.map((y) => y.path));
      for (const y of files) {
        if (basis.has(y) && fingerprintOf(y.path) !== basis.get(y))
          throw new UserError(
            'changed on disk while fokus was preparing this change (another fokus, or an editor, saved it); nothing was written: run the command again',
            { file: y.path },
            CHANGED,
          );
      }
      write(files);
    },
  );
}

/** Temporary files of these paths that killed processes left (call it holding their locks). */
function sweepTempsOf(paths: readonly string[]): void {
  for (const p of paths) sweepTemps(dirname(p), (name) => name === basename(p));
}

function write(files: readonly YamlFile[]): void {
  for (const y of files) {
    ensureDir(join(y.path, '..'));
    writeYamlFile(y);
  }
}

/** A record with its fields in the order people read them, unset ones left out. */
export function ordered<T extends object>(rec: T, order: readonly (keyof T)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of order) if (rec[k] !== undefined) out[k as string] = rec[k];
  return out;
}

// --- tags -------------------------------------------------------------------------------------------

export const TAG_ORDER: (keyof Tag)[] = ['code', 'turn', 'to', 'words', 'before', 'after', 'marks', 'memo'];

function newTagFile(path: string, observer: string, session: string): YamlFile {
  return newYamlFile(
    path,
    { observer, tags: [] },
    `Tags by ${observer} on ${session} (fokus tag). Each tag: code, the turn it sits in (to: for a run),\nthe exact words quoted with a little text before and after, marks and a memo.`,
  );
}

/** Appends tags to an observer's file; returns the file's path. */
export function appendTags(sessionDir: string, session: string, observer: string, tags: readonly Tag[]): string {
  addTags(sessionDir, session, observer, () => tags);
  return tagFilePath(sessionDir, observer);
}

/**
 * Appends the tags `pick` chooses, given the observer's tags as they are on disk inside the lock
 * (so a passage another process tagged meanwhile is not tagged twice). Returns the tags added.
 */
export function addTags(sessionDir: string, session: string, observer: string, pick: (have: readonly Tag[]) => readonly Tag[]): Tag[] {
  const path = tagFilePath(sessionDir, observer);
  let added: Tag[] = [];
  update(
    path,
    checkTagFile,
    (y, file) => {
      added = [...pick(file.tags ?? [])];
      for (const t of added) appendIn(y, ['tags'], ordered(t, TAG_ORDER), { flow: [['marks']] });
      return added.length > 0;
    },
    () => newTagFile(path, observer, session),
  );
  return added;
}

/**
 * Removes tags from an observer's file. `match` picks them from the file as it is on disk inside
 * the lock (by content, not position, so a tag another process added meanwhile is never the one removed).
 */
export function removeTags(sessionDir: string, observer: string, match: (t: Tag, index: number) => boolean): Tag[] {
  const path = tagFilePath(sessionDir, observer);
  const removed: Tag[] = [];
  update(path, checkTagFile, (y, file) => {
    const tags = file.tags ?? [];
    for (let i = tags.length - 1; i >= 0; i--) {
      if (match(tags[i]!, i)) {
        removeItem(y, ['tags'], i);
        removed.unshift(tags[i]!);
      }
    }
    return removed.length > 0;
  });
  return removed;
}

/** The file with every tag's code that `rename` changes rewritten, in memory; undefined when none changes. */
export function planRecode(path: string, rename: (code: string) => string): { file: YamlFile; changed: number } | undefined {
  let changed = 0;
  const planned = prepare(path, checkTagFile, (y, f) => {
    (f.tags ?? []).forEach((t, i) => {
      const next = rename(t.code);
      if (next !== t.code) {
        setIn(y, ['tags', i, 'code'], next);
        changed++;
      }
    });
  });
  return planned && changed ? { file: planned.file, changed } : undefined;
}

export function setResume(sessionDir: string, session: string, observer: string, turn: string): void {
  const path = tagFilePath(sessionDir, observer);
  update(
    path,
    checkTagFile,
    (y) => setIn(y, ['resume'], turn),
    () => newTagFile(path, observer, session),
  );
}

// --- codebook -----------------------------------------------------------------------------------------

const CODE_ORDER: (keyof Code)[] = ['code', 'label', 'description', 'use_when', 'avoid_when', 'colour'];

export function appendCodes(root: string, codes: readonly Code[]): void {
  const path = codebookPath(root);
  update(
    path,
    checkCodebook,
    (y, cb) => {
      // A code another fokus added meanwhile (a new code typed while tagging) is not added twice.
      const have = new Set((cb.codes ?? []).map((c) => c.code));
      const add = codes.filter((c) => !have.has(c.code));
      for (const c of add) appendIn(y, ['codes'], ordered(c, CODE_ORDER));
      return add.length > 0;
    },
    () =>
      newYamlFile(
        path,
        { codes: [] },
        'The codebook: codes as paths (parent/child), with when to use each. fokus code add|rename|merge|remove edit it.',
      ),
  );
}

/** codebook.yaml with codes renamed (`rename`), removed (`drop`) and added (`add`), in memory. */
export function planCodebook(
  root: string,
  rename: (code: string) => string,
  drop: (code: string) => boolean = () => false,
  add: readonly Code[] = [],
): YamlFile {
  const planned = prepare(codebookPath(root), checkCodebook, (y, cb) => {
    const codes = cb.codes ?? [];
    for (let i = codes.length - 1; i >= 0; i--) {
      const c = codes[i]!;
      if (drop(c.code)) removeItem(y, ['codes'], i);
      else if (rename(c.code) !== c.code) setIn(y, ['codes', i, 'code'], rename(c.code));
    }
    for (const c of add) appendIn(y, ['codes'], ordered(c, CODE_ORDER));
  });
  if (!planned) throw new UserError('the project has no codebook.yaml yet; add a code with fokus code add', undefined, 'no-codebook');
  return planned.file;
}

// --- field notes ------------------------------------------------------------------------------------

const NOTE_ORDER: (keyof FieldNote)[] = ['at', 'kind', 'speaker', 'text'];

export function appendNote(sessionDir: string, session: string, observer: string, note: FieldNote, started?: string): string {
  const path = notesFilePath(sessionDir, observer);
  update(
    path,
    checkFieldNotes,
    (y) => appendIn(y, ['notes'], ordered(note, NOTE_ORDER)),
    () =>
      newYamlFile(
        path,
        { observer, ...(started ? { started } : {}), notes: [] },
        `Field notes by ${observer} on ${session} (fokus observe), stamped with the time into the session.`,
      ),
  );
  return path;
}
