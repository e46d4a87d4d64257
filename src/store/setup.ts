// Files fokus creates rather than edits: new files (never over an existing one) and .gitignore lines.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { fileError, writeFileAtomic, writeTextAtomic } from './text-file.js';

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

/** Owner-only permissions (the key). */
export function makePrivate(path: string): void {
  try {
    chmodSync(path, 0o600);
  } catch (e) {
    throw fileError(path, e, 'change the permissions of');
  }
}

/** Adds lines to the project's .gitignore when missing; keeps what is there. Returns whether it wrote. */
export function ensureIgnored(root: string, entries: string[]): boolean {
  const path = join(root, '.gitignore');
  const existed = existsSync(path);
  const before = existed ? readFileSync(path, 'utf8') : '';
  const have = new Set(before.split(/\r?\n/).map((l) => l.trim()));
  const missing = entries.filter((e) => !have.has(e) && !have.has(`/${e}`));
  if (!missing.length) return false;
  const eol = before.includes('\r\n') ? '\r\n' : '\n';
  const head = before && !before.endsWith('\n') ? `${before}${eol}` : before;
  const note = existed ? '' : `# Kept out of git by fokus: these hold real names.${eol}`;
  writeFileAtomic(path, `${head}${note}${missing.join(eol)}${eol}`);
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
