// Files fokus creates rather than edits: new files (never over an existing one) and .gitignore lines.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { fileError, readBytes, writeFileAtomic, writeTextAtomic } from './text-file.js';

export function pathKind(path: string): 'file' | 'folder' | 'other' | 'none' {
  try {
    const st = statSync(path);
    return st.isFile() ? 'file' : st.isDirectory() ? 'folder' : 'other';
  } catch {
    return 'none';
  }
}

export function writeNewFile(path: string, text: string, mode?: number): void {
  if (existsSync(path)) throw new UserError('already exists; nothing was changed', { file: path }, 'exists');
  writeTextAtomic(path, text, { bom: false, eol: '\n' }, mode);
}

/** Refuses a path that is something other than a folder (or nothing yet): where a new project goes. */
export function checkFolderOrNone(path: string): 'folder' | 'none' {
  const kind = pathKind(path);
  if (kind !== 'folder' && kind !== 'none') throw new UserError('exists and is not a folder', { file: path }, 'not-a-folder');
  return kind;
}

/** Owner-only permissions (the key). */
export function makePrivate(path: string): void {
  try {
    chmodSync(path, 0o600);
  } catch (e) {
    throw fileError(path, e, 'change the permissions of');
  }
}

/**
 * The .gitignore with the entries it lacks added, as bytes: what is there is kept byte for byte
 * (whatever its encoding), and new lines use its line ending. Undefined when nothing is missing.
 * Throws, before anything is written, when .gitignore is not a file fokus can add to.
 */
export function planIgnored(root: string, entries: string[]): { path: string; bytes: Buffer } | undefined {
  const path = join(root, '.gitignore');
  const kind = pathKind(path);
  if (kind !== 'file' && kind !== 'none')
    throw new UserError('is not a file, so fokus cannot keep the key out of git; nothing was changed', { file: path }, 'exists');
  const before = kind === 'file' ? readBytes(path) : Buffer.alloc(0);
  const utf16 = before[0] === 0xff && before[1] === 0xfe ? 'utf16le' : before[0] === 0xfe && before[1] === 0xff ? 'utf16be' : undefined;
  const text = utf16 === 'utf16be' ? Buffer.from(before).swap16().toString('utf16le') : before.toString(utf16 ?? 'latin1');
  const have = new Set(text.split(/\r?\n/).map((l) => l.replace(/^\uFEFF/, '').trim()));
  const missing = entries.filter((e) => !have.has(e) && !have.has(`/${e}`));
  if (!missing.length) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lead = text && !text.endsWith('\n') ? eol : '';
  const note = kind === 'none' ? `# Kept out of git by fokus: these hold real names.${eol}` : '';
  const added = `${lead}${note}${missing.join(eol)}${eol}`;
  const bytes = utf16
    ? utf16 === 'utf16le'
      ? Buffer.from(added, 'utf16le')
      : Buffer.from(added, 'utf16le').swap16()
    : Buffer.from(added, 'utf8');
  return { path, bytes: Buffer.concat([before, bytes]) };
}

export function writeIgnored(plan: { path: string; bytes: Buffer } | undefined): boolean {
  if (!plan) return false;
  writeFileAtomic(plan.path, plan.bytes);
  return true;
}

export type GitState = 'tracked' | 'ignored' | 'not-ignored';

/**
 * Whether git would keep a file out of commits. Asks git when the folder is in a repository
 * (parent .gitignore files and global excludes count); otherwise reads the project's .gitignore.
 */
export function gitState(root: string, file: string): GitState {
  const git = (args: string[]) => spawnSync('git', ['-C', root, ...args], { stdio: 'ignore', timeout: 5000 }).status;
  const tracked = git(['ls-files', '--error-unmatch', '--', file]);
  if (tracked === 0) return 'tracked';
  const ignored = git(['check-ignore', '-q', '--', file]);
  if (ignored === 0) return 'ignored';
  if (ignored === 1) return 'not-ignored';
  return isIgnored(root, file) ? 'ignored' : 'not-ignored'; // no git, or not a repository
}

/** Whether .gitignore lists the entry (a plain check: fokus writes plain lines). */
export function isIgnored(root: string, entry: string): boolean {
  const path = join(root, '.gitignore');
  if (!existsSync(path)) return false;
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .some((l) => l === entry || l === `/${entry}` || l === `${entry}/` || l === `/${entry}/`);
}
