// Zip containers (Word files, REFI-QDA projects, spreadsheets), read and written with fflate:
// it copes with what other tools write (data descriptors, zip64, stored or deflated entries).
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { UserError } from '../errors.js';

/** Every entry of a zip file by its path; a damaged file is the user's error, at `file`. */
export function unzip(bytes: Uint8Array, file?: string): Map<string, Buffer> {
  let entries;
  try {
    entries = unzipSync(bytes);
  } catch (e) {
    throw new UserError(`not a readable zip file (${(e as Error).message})`, file === undefined ? undefined : { file }, 'bad-zip');
  }
  const out = new Map<string, Buffer>();
  for (const [name, data] of Object.entries(entries)) out.set(name, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  return out;
}

// A fixed time stamp: the same project gives the same bytes, so exports diff and cache cleanly.
const STAMP = new Date('2000-01-01T00:00:00Z');

/** A zip of the given entries, in the given order, deflated (stored for `stored` paths). */
export function zip(entries: ReadonlyArray<readonly [string, string | Uint8Array]>, stored: ReadonlySet<string> = new Set()): Uint8Array {
  const data: Zippable = {};
  for (const [name, content] of entries) {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    data[name] = [bytes, { level: stored.has(name) ? 0 : 6, mtime: STAMP }];
  }
  return zipSync(data);
}
