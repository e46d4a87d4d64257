// Reading text files the way users' editors and recording tools write them, and writing them
// back atomically with the same byte-order mark and line endings.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError } from '../errors.js';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface TextLayout {
  bom: boolean;
  eol: '\n' | '\r\n';
}

export interface TextFile extends TextLayout {
  path: string;
  /** Content with `\n` line ends, NFC-normalised, without BOM. */
  text: string;
  encoding: Encoding;
}

export const ENCODINGS: readonly Encoding[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'];

export function readTextFile(path: string, encoding?: Encoding): TextFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw fileError(path, e);
  }
  return decodeText(path, bytes, encoding);
}

export function fileError(path: string, e: unknown): UserError {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return new UserError('no such file', { file: path }, 'no-file');
  if (code === 'EISDIR') return new UserError('is a folder, not a file', { file: path }, 'no-file');
  if (code === 'EACCES') return new UserError('permission denied', { file: path }, 'no-access');
  return new UserError(`cannot read: ${(e as Error)?.message ?? String(e)}`, { file: path }, 'io');
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
  }
  let raw: string;
  if (encoding === 'utf-16be') {
    const swapped = Buffer.from(body);
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
  const eol = raw.includes('\r\n') ? '\r\n' : '\n';
  const text = raw.replace(/\r\n?/g, '\n').normalize('NFC');
  return { path, text, bom, eol, encoding };
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
  const before = new TextDecoder('utf-8').decode(body.subarray(0, i));
  const lines = before.split(/\r\n|\r|\n/);
  const line = lines.length;
  const col = [...(lines[lines.length - 1] ?? '')].length + 1;
  const hex = (body[i] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  return new UserError(
    `not valid UTF-8 (byte 0x${hex}); save the file as UTF-8, or read it with --encoding windows-1252`,
    { file: path, line, col },
    'encoding',
  );
}

export function encodeText(text: string, layout: TextLayout = { bom: false, eol: '\n' }): Buffer {
  const body = layout.eol === '\r\n' ? text.replace(/\n/g, '\r\n') : text;
  const buf = Buffer.from(body, 'utf8');
  return layout.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), buf]) : buf;
}

/**
 * Writes through a temporary file in the same folder, flushed before it is renamed over the
 * target: a crash leaves the old file or the new one, never a torn mix.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', mode);
  try {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (e) {
    unlinkSync(tmp);
    throw e;
  }
  syncDir(dirname(path));
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
