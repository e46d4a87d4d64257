// Reading text files the way users' editors and recording tools write them, and writing them
// back atomically in the same encoding, byte-order mark, line endings and permissions.
import {
  closeSync,
  existsSync,
  fsyncSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  fchmodSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { isInside } from './root.js';
import { createHash, randomBytes } from 'node:crypto';
import { UserError } from '../errors.js';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface TextLayout {
  bom: boolean;
  /** The line ending most lines use (new lines fokus writes get this one). */
  eol: '\n' | '\r\n';
  encoding?: Encoding;
}

export interface TextFile extends TextLayout {
  path: string;
  /** The content as written: original line endings and Unicode composition, no BOM. */
  raw: string;
  /** The content to read from: `\n` line ends, NFC. */
  text: string;
  encoding: Encoding;
}

export function readTextFile(path: string, encoding?: Encoding): TextFile {
  return decodeText(path, readBytes(path), encoding);
}

export function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw fileError(path, e);
  }
}

/** A file-system failure as the user's problem with the file, not as a crash. */
export function fileError(path: string, e: unknown, doing = 'read'): UserError {
  const code = (e as NodeJS.ErrnoException)?.code;
  const why: Record<string, string> = {
    ENOENT: doing === 'read' ? 'no such file' : 'its folder does not exist',
    EISDIR: 'is a folder, not a file',
    ENOTDIR: 'a part of this path is a file, not a folder',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the disk is read-only',
    ENOSPC: 'the disk is full',
    EEXIST: 'already exists',
  };
  const message = why[code ?? ''] ?? `cannot ${doing}: ${(e as Error)?.message ?? String(e)}`;
  return new UserError(
    doing === 'read' ? message : `cannot ${doing}: ${message}`,
    { file: path },
    code === 'ENOENT' && doing === 'read' ? 'no-file' : 'io',
  );
}

/** A BOM-less UTF-16 file shows as NUL bytes between ASCII letters; says which byte order. */
function sniffUtf16(bytes: Uint8Array): Encoding | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const half = n / 2;
  if (odd > half * 0.3 && even < half * 0.05) return 'utf-16le';
  if (even > half * 0.3 && odd < half * 0.05) return 'utf-16be';
  return undefined;
}

export function decodeText(path: string, bytes: Uint8Array, forced?: Encoding): TextFile {
  let encoding: Encoding = forced ?? 'utf-8';
  let bom = false;
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    encoding = 'utf-8';
    bom = true;
    body = bytes.subarray(3);
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = 'utf-16le';
    bom = true;
    body = bytes.subarray(2);
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = 'utf-16be';
    bom = true;
    body = bytes.subarray(2);
  } else if (!forced) {
    encoding = sniffUtf16(bytes) ?? 'utf-8';
  }
  let raw: string;
  if (encoding === 'utf-16be') {
    const swapped = Buffer.from(body.subarray(0, body.length & ~1));
    swapped.swap16();
    raw = new TextDecoder('utf-16le').decode(swapped);
  } else if (encoding === 'utf-8') {
    try {
      raw = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      throw invalidUtf8(path, body);
    }
  } else {
    raw = new TextDecoder(encoding).decode(body);
  }
  const nul = raw.indexOf('\u0000');
  if (nul >= 0) {
    const { line, col } = positionIn(raw, nul);
    throw new UserError(
      'contains NUL bytes: this is not a text file (or an encoding fokus cannot tell; try --encoding)',
      { file: path, line, col },
      'binary',
    );
  }
  const crlf = raw.split('\r\n').length - 1;
  const lf = raw.split('\n').length - 1 - crlf;
  const eol = crlf > lf ? '\r\n' : '\n';
  const text = raw.replace(/\r\n?/g, '\n').normalize('NFC');
  return { path, raw, text, bom, eol, encoding };
}

function positionIn(s: string, offset: number): { line: number; col: number } {
  const lines = s.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: lines.length, col: [...(lines[lines.length - 1] ?? '')].length + 1 };
}

/** Finds the first byte that is not valid UTF-8 and reports it by line and column. */
function invalidUtf8(path: string, body: Uint8Array): UserError {
  let i = 0;
  while (i < body.length) {
    const b = body[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    let ok = need >= 0 && i + need < body.length;
    for (let k = 1; ok && k <= need; k++) ok = (body[i + k]! & 0xc0) === 0x80;
    if (ok && need === 2) {
      const c = body[i + 1]!;
      ok = !(b === 0xe0 && c < 0xa0) && !(b === 0xed && c > 0x9f);
    }
    if (ok && need === 3) {
      const c = body[i + 1]!;
      ok = !(b === 0xf0 && c < 0x90) && !(b === 0xf4 && c > 0x8f);
    }
    if (!ok) break;
    i += need + 1;
  }
  const { line, col } = positionIn(new TextDecoder('utf-8').decode(body.subarray(0, i)), Infinity);
  const hex = (body[i] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  return new UserError(
    `not valid UTF-8 (byte 0x${hex}); save the file as UTF-8, or read it with --encoding windows-1252`,
    { file: path, line, col },
    'encoding',
  );
}

/** Text with `\n` line ends, written with the layout's line ends, BOM and encoding. */
export function encodeText(text: string, layout: TextLayout = { bom: false, eol: '\n' }): Buffer {
  return encodeRaw(layout.eol === '\r\n' ? text.replace(/\r?\n/g, '\r\n') : text, layout);
}

/** Text whose line ends are already what the file should hold (a splice into the raw source). */
export function encodeRaw(raw: string, layout: Pick<TextLayout, 'bom' | 'encoding'>): Buffer {
  if (layout.encoding === 'utf-16le' || layout.encoding === 'utf-16be') {
    const buf = Buffer.from(raw, 'utf16le');
    if (layout.encoding === 'utf-16be') buf.swap16();
    return layout.bom ? Buffer.concat([Buffer.from(layout.encoding === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff]), buf]) : buf;
  }
  const buf = Buffer.from(raw, 'utf8');
  return layout.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), buf]) : buf;
}

/**
 * Writes through a temporary file in the same folder, flushed before it is renamed over the
 * target: a crash leaves the old file or the new one, never a torn mix. An existing file keeps
 * its permissions, and a symbolic link keeps pointing where it did (its target is replaced).
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode?: number): void {
  const t = writeTemp(path, data, mode);
  commitTemp(path, t);
  syncDir(dirname(t.target));
}

interface Temp {
  tmp: string;
  target: string;
}

/**
 * A temporary file's name: `.<name>.<pid>.<random>.tmp` beside the file it will replace. It starts
 * with a dot and ends in `.tmp`, so a folder listing never takes it for data; the pid tells a
 * leftover (its process is gone) from one being written (`sweepTemps`).
 */
const TEMP_RE = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** The file's data in a flushed temporary file beside it, ready to be renamed over it. */
function writeTemp(path: string, data: string | Uint8Array, mode?: number): Temp {
  let target = path;
  let keepMode = mode;
  try {
    if (lstatSync(path).isSymbolicLink()) target = realpathSync(path);
    keepMode ??= statSync(target).mode & 0o777;
  } catch {
    // A new file.
  }
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, 'wx', keepMode ?? 0o644);
  } catch (e) {
    throw fileError(path, e, 'write');
  }
  try {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    // The file keeps its permissions whatever the umask (a private file stays private).
    if (keepMode !== undefined) fchmodSync(fd, keepMode);
    fsyncSync(fd);
    closeSync(fd);
  } catch (e) {
    dropTemp(fd, tmp);
    throw fileError(path, e, 'write');
  }
  return { tmp, target };
}

function commitTemp(path: string, t: Temp): void {
  try {
    renameSync(t.tmp, t.target);
  } catch (e) {
    dropTemp(undefined, t.tmp);
    throw fileError(path, e, 'write');
  }
}

function dropTemp(fd: number | undefined, tmp: string): void {
  try {
    if (fd !== undefined) closeSync(fd);
  } catch {
    // already closed
  }
  try {
    unlinkSync(tmp);
  } catch {
    // nothing to clean
  }
}

export interface FileWrite {
  path: string;
  data: string | Uint8Array;
  mode?: number;
}

/**
 * Writes several files as one change, so that a crash leaves all of them old or (once the change
 * is finished by `replayJournal`) all of them new, never some of each. Every file goes to a flushed
 * temporary file first; then `journal` records the renames still to do, with a fingerprint of each
 * file as it was; then the renames are done and the journal removed. A crash before the journal is
 * written leaves the files as they were (and temporary files `sweepTemps` removes); a crash after
 * it is finished by the next `replayJournal`. Call both holding the lock that covers the files.
 */
export function writeFilesAtomic(files: readonly FileWrite[], journal: string): void {
  if (files.length === 1) return writeFileAtomic(files[0]!.path, files[0]!.data, files[0]!.mode);
  const temps: (Temp & { before: string | null })[] = [];
  try {
    for (const f of files) temps.push({ ...writeTemp(f.path, f.data, f.mode), before: fingerprintOf(f.path) });
  } catch (e) {
    for (const t of temps) dropTemp(undefined, t.tmp);
    throw e;
  }
  const base = dirname(journal);
  const plan = {
    fokus: 'journal',
    pid: process.pid,
    files: temps.map((t) => ({ tmp: relative(base, t.tmp), target: relative(base, t.target), before: t.before })),
  };
  writeFileAtomic(journal, `${JSON.stringify(plan, null, 1)}\n`);
  files.forEach((f, i) => commitTemp(f.path, temps[i]!));
  for (const dir of new Set(temps.map((t) => dirname(t.target)))) syncDir(dir);
  removeJournal(journal);
}

/**
 * Finishes a change a crash interrupted (see `writeFilesAtomic`): the renames still to do are done,
 * but a file someone has edited since the journal was written keeps their edit.
 */
export function replayJournal(journal: string): void {
  let plan: { files?: { tmp?: unknown; target?: unknown; before?: unknown }[] };
  try {
    plan = JSON.parse(readFileSync(journal, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    // Unreadable: the journal itself is written atomically, so this is not fokus's; leave the files.
    removeJournal(journal);
    return;
  }
  const base = dirname(journal);
  // Only what fokus itself would have written: a file in the journal's folder (or below) and its
  // own temporary file beside it; a journal that says otherwise (copied in, or crafted) moves nothing.
  const ours = (tmp: string, target: string) =>
    TEMP_RE.exec(basename(tmp))?.[1] === basename(target) && dirname(tmp) === dirname(target) && isInside(base, target);
  // A journal of another shape (a sync tool's or a hand edit's) is not fokus's either.
  if (!plan || typeof plan !== 'object' || !Array.isArray(plan.files ?? [])) {
    removeJournal(journal);
    return;
  }
  const files = (plan.files ?? []).flatMap((f) => {
    if (!f || typeof f !== 'object' || typeof f.tmp !== 'string' || typeof f.target !== 'string') return [];
    const tmp = resolve(base, f.tmp);
    const target = resolve(base, f.target);
    return ours(tmp, target) ? [{ tmp, target, before: f.before }] : [];
  });
  const todo = files.filter((f) => existsSync(f.tmp)); // the others were renamed before the crash
  const edited = (f: (typeof files)[number]) => fingerprintOf(f.target) !== f.before;
  // Nothing renamed yet and a file edited since: the change is dropped whole (it was never
  // acknowledged), rather than made in part. Once begun, it is finished, but never over an edit.
  const drop = todo.length === files.length && todo.some(edited);
  for (const f of todo) {
    if (drop || edited(f)) dropTemp(undefined, f.tmp);
    else commitTemp(f.target, f);
  }
  removeJournal(journal);
}

function removeJournal(journal: string): void {
  try {
    unlinkSync(journal);
  } catch {
    // already gone
  }
  syncDir(dirname(journal));
}

/** A journal's file name (`.summary.md.journal`): what the leak check passes over. */
export const JOURNAL_NAME = /^\.[^/]+\.journal$/;

/** The problem code of a write refused because the file changed on disk since it was read. */
export const CHANGED = 'changed';

/** A file's content as a hash, or null when there is no such file. */
export function fingerprintOf(path: string): string | null {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw fileError(path, e);
  }
}

/**
 * Removes temporary files in `dir` left by fokus processes that were killed while writing: those
 * of the files whose names `of` accepts, whose process is gone. Call it holding those files'
 * locks (no live writer's temporary file is then in the way) and after any `replayJournal`
 * (which may still need them).
 */
export function sweepTemps(dir: string, of: (name: string) => boolean): void {
  let list: string[];
  try {
    list = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of list) {
    const m = TEMP_RE.exec(name);
    if (!m || !of(m[1]!) || pidAlive(Number(m[2]))) continue;
    try {
      unlinkSync(join(dir, name));
    } catch {
      // gone meanwhile
    }
  }
}

/** Whether a process with this id runs on this machine (signal 0 only asks). */
export function pidAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, as another user's process.
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems cannot fsync a folder; the rename is still atomic there.
  }
}

export function writeTextAtomic(path: string, text: string, layout?: TextLayout, mode?: number): void {
  writeFileAtomic(path, encodeText(text, layout), mode);
}
