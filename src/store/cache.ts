// What fokus read from each project file, kept so the next command reads JSON instead of parsing
// YAML and Markdown again: with thousands of sessions, parsing is most of every command's time.
//
// The cache lives in <project>/.fokus/cache/ (one file per session folder, one for the rest) and
// ignores itself in git. An entry is used only while its file has the same size, modification
// time, change time and inode as when it was read, and only for a build of fokus that parses the
// same way. A file changed in the last few seconds is not cached at all, so an edit made within
// the file system's timestamp granularity can never be mistaken for the version cached.
// Anything wrong with the cache (unreadable, another version, a full disk) means: parse again.
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import type { BigIntStats } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

declare const __FOKUS_BUILD__: string;
/** Set by the bundler from the sources and the lock file; absent when running from source (tests). */
const BUILD: string | undefined = typeof __FOKUS_BUILD__ === 'string' ? __FOKUS_BUILD__ : undefined;

export const CACHE_DIR = '.fokus';

/** A file this young may still change within one tick of its timestamp: read it, do not cache it. */
const SETTLE_MS = 3000;

export interface ParseCache {
  /** What was cached for this file as `kind`, while the file is unchanged. */
  get<T>(path: string, kind: string): T | undefined;
  /** Keeps what was read from the file (plain JSON data) for next time. */
  set(path: string, kind: string, value: unknown): void;
  /** The stamp the file had when `get` looked at it: a later read compares with it. */
  seen(path: string): string | undefined;
  /** Writes what changed, and forgets sessions that are gone; never fails. */
  save(sessions?: ReadonlySet<string>): void;
}

const NONE: ParseCache = { get: () => undefined, set: () => undefined, seen: () => undefined, save: () => undefined };

interface Entry {
  stamp: string;
  kind: string;
  value: unknown;
}

interface Bucket {
  build: string;
  /** The project folder the entries' paths are in: a project moved elsewhere starts afresh. */
  root: string;
  entries: Record<string, Entry>;
}

export interface CacheOptions {
  env?: NodeJS.ProcessEnv;
  /** For tests: the build to stamp entries with, and how old a file must be to be cached. */
  build?: string;
  settleMs?: number;
  now?: () => number;
}

function buildOf(opts: CacheOptions): string | undefined {
  const env = opts.env ?? process.env;
  const build = opts.build ?? BUILD;
  if (!build || env.FOKUS_CACHE === '0' || env.FOKUS_CACHE === 'off') return undefined;
  // Normalising text and Unicode classes in patterns depend on the Node version too.
  return `${build} node ${process.versions.node}`;
}

/** How old a file must be to be cached; the tests of the built CLI shorten it with FOKUS_CACHE_SETTLE_MS. */
function settleOf(opts: CacheOptions): number {
  const env = Number((opts.env ?? process.env).FOKUS_CACHE_SETTLE_MS);
  return opts.settleMs ?? (Number.isFinite(env) && env >= 0 ? env : SETTLE_MS);
}

export function openCache(root: string, opts: CacheOptions = {}): ParseCache {
  const build = buildOf(opts);
  return build ? new FileCache(resolve(root), build, settleOf(opts), opts.now ?? Date.now) : NONE;
}

/**
 * A command's whole answer kept for as long as no file in the project changes (status is run many
 * times a day and reads every file). `key` says what else the answer depends on (today's date).
 */
export interface Memo<T> {
  /** The answer kept, when no file changed since it was kept. */
  value?: T;
  /** Keeps the answer, for the project as it was when the memo was opened. */
  keep(value: T): void;
}

interface MemoFile {
  build: string;
  root: string;
  key: string;
  /** A hash of the project's file list (names in raw/ may be people's: the list is not kept). */
  files: string;
  value: unknown;
}

export function openMemo<T>(root: string, name: string, key: string, opts: CacheOptions = {}): Memo<T> {
  const build = buildOf(opts);
  const settle = settleOf(opts);
  const listed = build ? projectFiles(root, (opts.now ?? Date.now)() - settle) : undefined;
  if (!build || listed === undefined) return { keep: () => undefined };
  const files = listed.hash;
  const file = `${name}.json`;
  let value: T | undefined;
  try {
    const m = JSON.parse(readFileSync(join(root, CACHE_DIR, 'cache', file), 'utf8')) as MemoFile;
    if (m.build === build && m.root === resolve(root) && m.key === key && m.files === files) value = m.value as T;
  } catch {
    // No memo yet, or an unreadable one: work it out.
  }
  return {
    ...(value !== undefined ? { value } : {}),
    keep(v: T) {
      if (!plainJson(v)) return;
      const at = writeCacheFile(root, file, JSON.stringify({ build, root: resolve(root), key, files, value: v } satisfies MemoFile));
      // Settled by the file system's own clock too (a shared drive's may run behind this computer's).
      if (at !== undefined && listed.newest > at - settle) removeCacheFile(root, file);
    },
  };
}

/**
 * A hash of every file and folder in the project with its size, times and inode, and when the
 * newest changed; undefined when one changed after `settled` (it may change again within its
 * timestamp's granularity) or when the project holds a link (what it leads to is not listed).
 */
function projectFiles(root: string, settled: number): { hash: string; newest: number } | undefined {
  const lines: string[] = [];
  let newest = 0;
  const walk = (dir: string, rel: string): boolean => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return true;
    }
    for (const name of names) {
      if (name === CACHE_DIR || name === '.git' || name === 'node_modules') continue;
      // Not join(): it normalises every path, a third of the walk's time.
      const path = dir + sep + name;
      let st;
      try {
        st = lstatSync(path, { bigint: true });
      } catch {
        continue;
      }
      if (st.isSymbolicLink()) return false;
      const { stamp, changedMs } = stampFrom(st);
      if (changedMs > settled) return false;
      newest = Math.max(newest, changedMs);
      if (st.isDirectory()) {
        lines.push(`${rel}${name}/`);
        if (!walk(path, `${rel}${name}/`)) return false;
      } else lines.push(`${rel}${name} ${stamp}`);
    }
    return true;
  };
  return walk(resolve(root), '') ? { hash: fnv1a(lines.join('\n')), newest } : undefined;
}

/** FNV-1a in two 32-bit lanes: enough to tell two file lists apart, without loading node:crypto. */
function fnv1a(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return `${(a >>> 0).toString(16)}${(b >>> 0).toString(16)}-${text.length}`;
}

let written = 0;

/**
 * A drawing (a chart's PNG for Word) kept by a hash of what it is drawn from and the build that
 * drew it, so a report made again draws only the charts that changed.
 */
export function openDrawings(
  root: string,
  opts: CacheOptions = {},
): (from: string, draw: () => Promise<Uint8Array>) => Promise<Uint8Array> {
  const build = buildOf(opts);
  if (!build) return (_from, draw) => draw();
  return async (from, draw) => {
    const { createHash } = await import('node:crypto');
    const name = join('drawings', `${createHash('sha256').update(build).update('\0').update(from).digest('hex')}.png`);
    try {
      return readFileSync(join(root, CACHE_DIR, 'cache', name));
    } catch {
      const data = await draw();
      writeCacheFile(root, name, data);
      return data;
    }
  };
}

/**
 * Writes a file in the cache folder atomically, readable by its owner only (it holds what the
 * transcripts say), and returns when the file system says it was written; undefined when it could
 * not be (a read-only project or a full disk is not an error: fokus works as well without it).
 */
function writeCacheFile(root: string, name: string, data: string | Uint8Array): number | undefined {
  const dir = join(root, CACHE_DIR, 'cache');
  try {
    mkdirSync(join(dir, dirname(name)), { recursive: true, mode: 0o700 });
    // It must never be committed or shared: the folder ignores itself.
    const ignore = join(root, CACHE_DIR, '.gitignore');
    if (!existsSync(ignore)) writeAtomic(ignore, '# fokus keeps a cache here; safe to delete\n*\n');
    const file = join(dir, name);
    writeAtomic(file, data);
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

function writeAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}-${++written}-${Math.random().toString(36).slice(2, 8)}.tmp`;
  writeFileSync(tmp, data, { mode: 0o600 });
  try {
    renameSync(tmp, file);
  } catch (e) {
    unlinkSync(tmp);
    throw e;
  }
}

function removeCacheFile(root: string, name: string): void {
  try {
    unlinkSync(join(root, CACHE_DIR, 'cache', name));
  } catch {
    // Already gone.
  }
}

class FileCache implements ParseCache {
  private readonly dir: string;
  private readonly buckets = new Map<string, Bucket>();
  private readonly dirty = new Set<string>();
  /** Stamps taken just before a file was read, so what is cached matches the file as read. */
  private readonly stamps = new Map<string, { stamp: string; changedMs: number }>();
  /** Entries set by this command, with when their file last changed (checked again on saving). */
  private readonly fresh: { bucket: string; key: string; changedMs: number }[] = [];

  constructor(
    private readonly root: string,
    private readonly build: string,
    private readonly settleMs: number,
    private readonly now: () => number,
  ) {
    this.dir = join(root, CACHE_DIR, 'cache');
  }

  get<T>(path: string, kind: string): T | undefined {
    const s = stampOf(path);
    if (!s) return undefined;
    this.stamps.set(path, s);
    const { bucket, key } = this.where(path);
    const e = this.bucket(bucket).entries[key];
    return e && e.kind === kind && e.stamp === s.stamp ? (e.value as T) : undefined;
  }

  set(path: string, kind: string, value: unknown): void {
    const s = this.stamps.get(path);
    if (!s) return;
    const { bucket, key } = this.where(path);
    const entries = this.bucket(bucket).entries;
    if (this.now() - s.changedMs < this.settleMs || !plainJson(value)) {
      // Not kept, and what was kept of the file before goes (it may hold words since removed).
      if (entries[key]) {
        delete entries[key];
        this.dirty.add(bucket);
      }
      return;
    }
    entries[key] = { stamp: s.stamp, kind, value };
    this.fresh.push({ bucket, key, changedMs: s.changedMs });
    this.dirty.add(bucket);
  }

  seen(path: string): string | undefined {
    return this.stamps.get(path)?.stamp;
  }

  save(sessions?: ReadonlySet<string>): void {
    if (sessions) this.forget(sessions);
    if (!this.dirty.size) return;
    // Settled by the file system's clock as well as this computer's (a shared drive's may differ).
    const fsNow = writeCacheFile(this.root, 'now', '');
    if (fsNow === undefined) return;
    for (const f of this.fresh) {
      if (f.changedMs > fsNow - this.settleMs) delete this.buckets.get(f.bucket)!.entries[f.key];
    }
    for (const name of this.dirty) writeCacheFile(this.root, `${name}.json`, JSON.stringify(this.buckets.get(name)));
    this.dirty.clear();
    this.fresh.length = 0;
  }

  /** Removes what was kept of sessions that are no longer in the project (a withdrawn group's talk). */
  private forget(sessions: ReadonlySet<string>): void {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    for (const n of names) {
      const m = /^(?:session|coding|summary)-(.+)\.json$/.exec(n);
      if (m && !sessions.has(m[1]!)) removeCacheFile(this.root, n);
    }
  }

  /**
   * Buckets per session folder keep a change to one session from rewriting everything, and one for
   * each part of it lets a command that reads only the talk (search) skip the tags and the summary.
   */
  private where(path: string): { bucket: string; key: string } {
    const rel = relative(this.root, path).split(sep).join('/');
    const m = /^sessions\/([^/]+)\/(?:(tags|notes)\/|(summary\.md$|feedback\.yaml$))?/.exec(rel);
    if (!m) return { bucket: 'project', key: rel };
    return { bucket: `${m[2] ? 'coding' : m[3] ? 'summary' : 'session'}-${m[1]}`, key: rel };
  }

  private bucket(name: string): Bucket {
    let b = this.buckets.get(name);
    if (!b) {
      b = readBucket(join(this.dir, `${name}.json`), this.build, this.root) ?? { build: this.build, root: this.root, entries: {} };
      this.buckets.set(name, b);
    }
    return b;
  }
}

function readBucket(file: string, build: string, root: string): Bucket | undefined {
  try {
    const b = JSON.parse(readFileSync(file, 'utf8')) as Bucket;
    return b && b.build === build && b.root === root && b.entries && typeof b.entries === 'object' ? b : undefined;
  } catch {
    return undefined;
  }
}

/** A file's size, times and inode now; undefined when it is not a file. */
export function fileStamp(path: string): string | undefined {
  return stampOf(path)?.stamp;
}

function stampOf(path: string): { stamp: string; changedMs: number } | undefined {
  try {
    const st = statSync(path, { bigint: true });
    return st.isFile() ? stampFrom(st) : undefined;
  } catch {
    return undefined;
  }
}

/** Size, times and inode, and when it last changed (the later of its modification and change times). */
function stampFrom(st: BigIntStats): { stamp: string; changedMs: number } {
  const changed = st.ctimeNs > st.mtimeNs ? st.ctimeNs : st.mtimeNs;
  return { stamp: `${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}`, changedMs: Number(changed / 1_000_000n) };
}

/** Whether JSON gives the same value back: no undefined in arrays, no NaN or Infinity, no class instances. */
function plainJson(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (Array.isArray(v)) return v.every((x) => x !== undefined && plainJson(x));
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return false;
    for (const k in v) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined && !plainJson(x)) return false;
    }
    return true;
  }
  return false;
}
