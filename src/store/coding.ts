// Writing the codebook, observers' tag files and field notes. Each change reads the file fresh
// from disk just before it is made, so work another process saved meanwhile is kept, and is
// written atomically (a crash leaves the old file or the new one).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import type { Code, FieldNote, Tag } from '../core/model.js';
import { checkCodebook, checkFieldNotes, checkTagFile, type Checked } from '../core/schema.js';
import { appendIn, newYamlFile, removeItem, setIn, yamlData, type YamlFile } from './yaml-doc.js';
import { ensureDir, FILES, readChecked, writeYamlFile } from './project.js';

export function tagFilePath(sessionDir: string, observer: string): string {
  return join(sessionDir, FILES.tags, `${observer}.yaml`);
}

export function notesFilePath(sessionDir: string, observer: string): string {
  return join(sessionDir, FILES.notes, `${observer}.yaml`);
}

export function codebookPath(root: string): string {
  return join(root, FILES.codebook);
}

/**
 * A YAML file as it is on disk now (refused when not valid: the user fixes it first), or made by
 * `initial` when there is none, with `edit` applied in memory. Nothing is written yet.
 */
function prepare<T>(
  path: string,
  check: (d: unknown) => Checked<T>,
  edit: (y: YamlFile, value: T) => void,
  initial?: () => YamlFile,
): YamlFile {
  let y: YamlFile;
  let value: T;
  if (existsSync(path)) ({ file: y, value } = readChecked(path, check));
  else if (initial) {
    y = initial();
    value = (check(yamlData(y)) as { value: T }).value;
  } else throw new Error(`${path} is missing`);
  edit(y, value);
  return y;
}

/** Changes a YAML file in place, or creates it with `initial` when it does not exist yet. */
function update<T>(path: string, check: (d: unknown) => Checked<T>, edit: (y: YamlFile, value: T) => void, initial?: () => YamlFile): void {
  writePlanned([prepare(path, check, edit, initial)]);
}

/** Writes files prepared in memory: an edit that spans files is made only once every file could take it. */
export function writePlanned(files: readonly YamlFile[]): void {
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

export function appendTags(sessionDir: string, session: string, observer: string, tags: readonly Tag[]): string {
  const path = tagFilePath(sessionDir, observer);
  update(
    path,
    checkTagFile,
    (y) => {
      for (const t of tags) appendIn(y, ['tags'], ordered(t, TAG_ORDER), { flow: [['marks']] });
    },
    () => newTagFile(path, observer, session),
  );
  return path;
}

/**
 * Removes tags from an observer's file. `match` picks them from the file as it is on disk now
 * (by content, not position, so a tag another process added meanwhile is never the one removed).
 */
export function removeTags(sessionDir: string, observer: string, match: (t: Tag, index: number) => boolean): Tag[] {
  const path = tagFilePath(sessionDir, observer);
  if (!existsSync(path)) return [];
  const removed: Tag[] = [];
  update(path, checkTagFile, (y, file) => {
    const tags = file.tags ?? [];
    for (let i = tags.length - 1; i >= 0; i--) {
      if (match(tags[i]!, i)) {
        removeItem(y, ['tags'], i);
        removed.unshift(tags[i]!);
      }
    }
  });
  return removed;
}

/** The file with every tag's code that `rename` changes rewritten, in memory; undefined when none changes. */
export function planRecode(path: string, rename: (code: string) => string): { file: YamlFile; changed: number } | undefined {
  if (!existsSync(path)) return undefined;
  let changed = 0;
  const file = prepare(path, checkTagFile, (y, f) => {
    (f.tags ?? []).forEach((t, i) => {
      const next = rename(t.code);
      if (next !== t.code) {
        setIn(y, ['tags', i, 'code'], next);
        changed++;
      }
    });
  });
  return changed ? { file, changed } : undefined;
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
    (y) => {
      for (const c of codes) appendIn(y, ['codes'], ordered(c, CODE_ORDER));
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
  const path = codebookPath(root);
  if (!existsSync(path))
    throw new UserError('the project has no codebook.yaml yet; add a code with fokus code add', undefined, 'no-codebook');
  return prepare(path, checkCodebook, (y, cb) => {
    const codes = cb.codes ?? [];
    for (let i = codes.length - 1; i >= 0; i--) {
      const c = codes[i]!;
      if (drop(c.code)) removeItem(y, ['codes'], i);
      else if (rename(c.code) !== c.code) setIn(y, ['codes', i, 'code'], rename(c.code));
    }
    for (const c of add) appendIn(y, ['codes'], ordered(c, CODE_ORDER));
  });
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
