// Advisory locks, one per project file, so that two fokus processes (two observers tagging at
// once, or the same observer in two terminals) never both read a file, both change it and both
// write it back, one silently undoing the other.
//
// `withLock(path, fn)` holds `<path>.lock` while `fn` runs: fn reads the file fresh from disk,
// changes it and writes it atomically, all inside the lock. The lock file is created with O_EXCL
// (`openSync(…, 'wx')`), which only one process can win, and holds who took it:
//
//   # fokus is writing O1.yaml; this file goes away when it is done (docs/tagging.md)
//   pid: 4242
//   host: laptop
//   time: 2025-04-01T10:12:03.120Z
//   token: 1f0c…                 (so a process removes only its own lock)
//
// A process that finds the lock taken sleeps a little (2 ms, doubling to 50 ms, with jitter) and
// tries again, for up to 10 seconds (FOKUS_LOCK_WAIT_MS), then gives up with a message naming the
// lock file. A lock whose process is gone is stale (a fokus killed while writing left it behind)
// and is taken over: its pid is not alive on this host, or it is our own pid (a container where
// every fokus runs as the same pid), or it was made before the computer last started, or it is
// empty and older than a moment (killed between creating it and writing it). A lock from another
// host (a shared drive) cannot be checked, so fokus waits, and then says whom it waited for.
//
// Taking over is the delicate part: two waiters may both judge the same lock stale, and the slower
// one must not remove the lock the faster one has made since. So a takeover first takes a second,
// short-lived lock, `<path>.takeover.lock` (O_EXCL again), judges the lock afresh while holding
// it, removes it only if it is still stale, and lets go; every waiter then competes for the
// O_EXCL create as usual, and only one wins. A takeover lock lives for microseconds; one older
// than a moment was left by a process killed inside a takeover and is removed. (Two waiters that
// both remove such a leftover at the same instant could both take over: that needs a kill inside
// those microseconds and then a collision within the next, and is accepted.)
//
// Locks are synchronous (every store write is): the sleep is Atomics.wait, and `fn` must not
// await. Locks are re-entrant within a process, and `withLocks` takes several in one fixed
// (sorted) order so that two processes locking the same files cannot deadlock.
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname, uptime } from 'node:os';
import { basename, dirname, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError } from '../errors.js';
import { fileError, pidAlive } from './text-file.js';

/** How long to wait for another fokus before giving up. */
const WAIT_MS = 10_000;
/** An empty lock or a takeover lock older than this was left by a killed process. */
const GRACE_MS = 2_000;
const FIRST_SLEEP_MS = 2;
const MAX_SLEEP_MS = 50;

export const lockPath = (path: string): string => `${path}.lock`;

/** The name of a lock (or takeover lock) fokus takes on one of its files: what the leak check passes over. */
export const LOCK_NAME = /\.(ya?ml|md)(\.takeover)?\.lock$/;

interface Holder {
  pid?: number;
  host?: string;
  time?: string;
  token?: string;
}

/** Locks this process holds: path of the lock file → its token and how many callers hold it. */
const held = new Map<string, { token: string; depth: number }>();

/** Runs `fn` holding the lock on `path`; the lock is released however fn ends. */
export function withLock<T>(path: string, fn: () => T): T {
  return withLocks([path], fn);
}

/** Runs `fn` holding the locks on every path, taken in sorted order (no deadlock between processes). */
export function withLocks<T>(paths: readonly string[], fn: () => T): T {
  const locks = [...new Set(paths.map((p) => lockPath(resolve(p))))].sort();
  const taken: string[] = [];
  try {
    for (const l of locks) {
      acquire(l);
      taken.push(l);
    }
    return fn();
  } finally {
    for (const l of taken.reverse()) release(l);
  }
}

function acquire(lock: string): void {
  const mine = held.get(lock);
  if (mine) {
    mine.depth++;
    return;
  }
  const limit = waitLimit();
  const deadline = Date.now() + limit;
  let sleep = FIRST_SLEEP_MS;
  for (;;) {
    const token = tryCreate(lock);
    if (token) {
      held.set(lock, { token, depth: 1 });
      return;
    }
    const seen = judge(lock);
    if (seen === 'gone' && Date.now() < deadline) continue; // let go meanwhile: try at once
    if (seen === 'stale' && takeOver(lock)) continue;
    if (Date.now() >= deadline) throw busy(lock, typeof seen === 'string' ? {} : seen, limit);
    sleepMs(sleep * (0.5 + Math.random()));
    sleep = Math.min(MAX_SLEEP_MS, sleep * 2);
  }
}

/** The O_EXCL create: a token when this process now holds the lock, undefined when another does. */
function tryCreate(lock: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(lock, 'wx', 0o644);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return undefined;
    if (code === 'ENOENT') {
      // The file's folder does not exist yet (a first tag file): make it, and try again.
      try {
        mkdirSync(dirname(lock), { recursive: true });
      } catch (m) {
        throw fileError(dirname(lock), m, 'create the folder');
      }
      return tryCreate(lock);
    }
    throw fileError(lock, e, 'lock');
  }
  const token = randomBytes(8).toString('hex');
  const text =
    `# fokus is writing ${basename(lock).replace(/\.lock$/, '')}; this file goes away when it is done (docs/tagging.md)\n` +
    `pid: ${process.pid}\nhost: ${hostname()}\ntime: ${new Date().toISOString()}\ntoken: ${token}\n`;
  try {
    writeSync(fd, text);
  } catch (e) {
    // A full disk: no empty lock is left behind to hold the next fokus up.
    closeSync(fd);
    try {
      unlinkSync(lock);
    } catch {
      // Already gone.
    }
    throw fileError(lock, e, 'lock');
  }
  closeSync(fd);
  return token;
}

function release(lock: string): void {
  const mine = held.get(lock);
  if (!mine) return;
  if (--mine.depth > 0) return;
  held.delete(lock);
  // Only our own lock: should another process have (wrongly) taken it over, its lock stays.
  const h = readHolder(lock);
  if (typeof h !== 'object' || h.token !== mine.token) return;
  try {
    unlinkSync(lock);
  } catch {
    // Already gone: nothing to release.
  }
}

/** Who holds the lock: undefined when there is no lock, 'unreadable' when it cannot be read. */
function readHolder(lock: string): Holder | 'unreadable' | undefined {
  let text: string;
  try {
    text = readFileSync(lock, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : 'unreadable';
  }
  const h: Holder = {};
  for (const line of text.split('\n')) {
    const m = /^(pid|host|time|token): (.*)$/.exec(line.trim());
    if (!m) continue;
    const [, k, v] = m;
    if (k === 'pid') {
      const pid = Number(v);
      if (Number.isSafeInteger(pid) && pid > 0) h.pid = pid;
    } else h[k as 'host' | 'time' | 'token'] = v!;
  }
  return h;
}

/** Whether the lock is still there, and if so whether its process is gone (stale) or may be running. */
function judge(lock: string): 'gone' | 'stale' | Holder {
  let made: number;
  try {
    made = statSync(lock).mtimeMs;
  } catch {
    return 'gone';
  }
  const h = readHolder(lock);
  if (h === undefined) return 'gone';
  // Another user's lock we may not read: it may well be in use, so wait for it.
  if (h === 'unreadable') return {};
  if (h.pid === undefined) return Date.now() - made > GRACE_MS ? 'stale' : h;
  if (h.host !== hostname()) return h;
  // Our own pid on a lock we do not hold (judged only then): left by an earlier process with our pid.
  if (h.pid === process.pid) return 'stale';
  // Made before the computer last started (a power cut): its pid may belong to anything now.
  if (made < Date.now() - uptime() * 1000 - GRACE_MS) return 'stale';
  return pidAlive(h.pid) ? h : 'stale';
}

/** Removes a stale lock, judged again under the takeover lock; false when another process is taking it over. */
function takeOver(lock: string): boolean {
  const guard = lock.replace(/\.lock$/, '.takeover.lock');
  let fd: number;
  try {
    fd = openSync(guard, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fileError(guard, e, 'lock');
    try {
      if (Date.now() - statSync(guard).mtimeMs > GRACE_MS) unlinkSync(guard);
    } catch {
      // Gone meanwhile: its taker finished.
    }
    return false;
  }
  try {
    closeSync(fd);
    if (judge(lock) === 'stale') unlinkSync(lock);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError(lock, e, 'remove the stale lock');
  } finally {
    try {
      unlinkSync(guard);
    } catch {
      // nothing to clean
    }
  }
  return true;
}

function busy(lock: string, h: Holder, limit: number): UserError {
  const who = [h.pid !== undefined ? `pid ${h.pid}` : '', h.host ? `on ${h.host}` : '', h.time ? `since ${h.time}` : '']
    .filter(Boolean)
    .join(' ');
  return new UserError(
    `another fokus${who ? ` (${who})` : ''} is writing ${basename(lock).replace(/\.lock$/, '')} and did not finish within ${limit / 1000} s; if none is running, delete this lock file`,
    { file: lock },
    'locked',
  );
}

/** FOKUS_LOCK_WAIT_MS, in milliseconds, when set (tests use a short wait); else 10 s. */
function waitLimit(): number {
  const v = process.env.FOKUS_LOCK_WAIT_MS?.trim() ? Number(process.env.FOKUS_LOCK_WAIT_MS) : NaN;
  return Number.isFinite(v) && v >= 0 ? v : WAIT_MS;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** A synchronous sleep: the store's writes are synchronous, and so is waiting for a lock. */
function sleepMs(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}
