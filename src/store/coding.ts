// Writing the codebook, observers' tag files and field notes. Each change reads the file fresh
// from disk just before it is made, so work another process saved meanwhile is kept, and is
// written atomically (a crash leaves the old file or the new one).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import type { Code, FieldNote, Tag } from '../core/model.js';
import { checkCodebook, checkFieldNotes, checkTagFile } from '../core/schema.js';
import { readTextFile } from './text-file.js';
import { appendIn, locate, newYamlFile, parseYaml, removeItem, setIn, yamlData, yamlProblems, type YamlFile } from './yaml-doc.js';
import { ensureDir, FILES, writeYamlFile } from './project.js';

export function tagFilePath(sessionDir: string, observer: string): string {
  return join(sessionDir, FILES.tags, `${observer}.yaml`);
}

export function notesFilePath(sessionDir: string, observer: string): string {
  return join(sessionDir, FILES.notes, `${observer}.yaml`);
}

export function codebookPath(root: string): string {
  return join(root, FILES.codebook);
}

/** Reads a file as it is on disk now, refusing one that is not valid (the user fixes it first). */
function readFresh(
  path: string,
  check: (d: unknown) => { ok: boolean; issues?: { path: (string | number)[]; message: string }[] },
): YamlFile {
  const y = parseYaml(readTextFile(path));
  const syntax = yamlProblems(y).filter((p) => p.severity === 'error');
  if (syntax.length) throw UserError.of(syntax);
  const r = check(yamlData(y));
  if (!r.ok) {
    const i = r.issues![0]!;
    throw new UserError(i.message, { file: path, ...locate(y, i.path) }, 'schema');
  }
  return y;
}

/** A YAML file with an edit made in memory (nothing written yet). */
function prepare(path: string, check: Parameters<typeof readFresh>[1], initial: () => YamlFile, edit: (y: YamlFile) => void): YamlFile {
  const y = existsSync(path) ? readFresh(path, check) : initial();
  edit(y);
  return y;
}

/** Changes a YAML file in place, or creates it with `initial` when it does not exist yet. */
function update(path: string, check: Parameters<typeof readFresh>[1], initial: () => YamlFile, edit: (y: YamlFile) => void): void {
  writePlanned([prepare(path, check, initial, edit)]);
}

/** Writes files prepared in memory: an edit that spans files is made only once every file could take it. */
export function writePlanned(files: readonly YamlFile[]): void {
  for (const y of files) {
    ensureDir(join(y.path, '..'));
    writeYamlFile(y);
  }
}

// --- tags -------------------------------------------------------------------------------------------

const TAG_ORDER: (keyof Tag)[] = ['code', 'turn', 'to', 'words', 'before', 'after', 'marks', 'memo'];

function orderedTag(t: Tag): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of TAG_ORDER) if (t[k] !== undefined && !(k === 'marks' && !t.marks?.length)) out[k] = t[k];
  return out;
}

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
    () => newTagFile(path, observer, session),
    (y) => {
      for (const t of tags) appendIn(y, ['tags'], orderedTag(t), { flow: [['marks']] });
    },
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
  update(
    path,
    checkTagFile,
    () => {
      throw new Error('unreachable');
    },
    (y) => {
      const tags = ((yamlData(y) as { tags?: Tag[] | null } | null)?.tags ?? []) as Tag[];
      for (let i = tags.length - 1; i >= 0; i--) {
        if (match(tags[i]!, i)) {
          removeItem(y, ['tags'], i);
          removed.unshift(tags[i]!);
        }
      }
    },
  );
  return removed;
}

/** The file with every tag's code that `rename` changes rewritten, in memory; undefined when none changes. */
export function planRecode(path: string, rename: (code: string) => string): { file: YamlFile; changed: number } | undefined {
  if (!existsSync(path)) return undefined;
  let changed = 0;
  const file = prepare(
    path,
    checkTagFile,
    () => {
      throw new Error('unreachable');
    },
    (y) => {
      const tags = ((yamlData(y) as { tags?: Tag[] | null } | null)?.tags ?? []) as Tag[];
      tags.forEach((t, i) => {
        const next = rename(t.code);
        if (next !== t.code) {
          setIn(y, ['tags', i, 'code'], next);
          changed++;
        }
      });
    },
  );
  return changed ? { file, changed } : undefined;
}

export function setResume(sessionDir: string, session: string, observer: string, turn: string): void {
  const path = tagFilePath(sessionDir, observer);
  update(
    path,
    checkTagFile,
    () => newTagFile(path, observer, session),
    (y) => setIn(y, ['resume'], turn),
  );
}

// --- codebook -----------------------------------------------------------------------------------------

const CODE_ORDER: (keyof Code)[] = ['code', 'label', 'description', 'use_when', 'avoid_when', 'colour'];

export function appendCodes(root: string, codes: readonly Code[], title?: string): void {
  const path = codebookPath(root);
  update(
    path,
    checkCodebook,
    () =>
      newYamlFile(
        path,
        { ...(title ? { title } : {}), codes: [] },
        'The codebook: codes as paths (parent/child), with when to use each. fokus code add|rename|merge|remove edit it.',
      ),
    (y) => {
      for (const c of codes) appendIn(y, ['codes'], codeRecord(c));
    },
  );
}

/** codebook.yaml with codes renamed (`rename`), removed (`drop`) and added (`add`), in memory. */
export function planCodebook(
  root: string,
  rename: (code: string) => string,
  drop: (code: string) => boolean = () => false,
  add: readonly Code[] = [],
): YamlFile {
  return prepare(
    codebookPath(root),
    checkCodebook,
    () => {
      throw new UserError('the project has no codebook.yaml yet; add a code with fokus code add', undefined, 'no-codebook');
    },
    (y) => {
      const codes = ((yamlData(y) as { codes?: Code[] | null } | null)?.codes ?? []) as Code[];
      for (let i = codes.length - 1; i >= 0; i--) {
        const c = codes[i]!;
        if (drop(c.code)) removeItem(y, ['codes'], i);
        else if (rename(c.code) !== c.code) setIn(y, ['codes', i, 'code'], rename(c.code));
      }
      for (const c of add) appendIn(y, ['codes'], codeRecord(c));
    },
  );
}

function codeRecord(c: Code): Record<string, unknown> {
  const rec: Record<string, unknown> = {};
  for (const k of CODE_ORDER) if (c[k] !== undefined) rec[k] = c[k];
  return rec;
}

// --- field notes ------------------------------------------------------------------------------------

export function appendNote(sessionDir: string, session: string, observer: string, note: FieldNote, started?: string): string {
  const path = notesFilePath(sessionDir, observer);
  update(
    path,
    checkFieldNotes,
    () =>
      newYamlFile(
        path,
        { observer, ...(started ? { started } : {}), notes: [] },
        `Field notes by ${observer} on ${session} (fokus observe), stamped with the time into the session.`,
      ),
    (y) => {
      const rec: Record<string, unknown> = { at: note.at, kind: note.kind };
      if (note.speaker) rec.speaker = note.speaker;
      rec.text = note.text;
      appendIn(y, ['notes'], rec);
    },
  );
  return path;
}
