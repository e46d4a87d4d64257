// Several `fokus tag` processes on one session at the same moment: different observers, and the
// same observer in several terminals. Each change to a tag file is read, made and written holding
// the file's lock (src/store/lock.ts), so no process undoes another's tag.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exampleCopy, fokus, fokusSpawn, type Finished } from './helpers.js';

const SESSION = 'elvedal-4';

interface TagRow {
  code: string;
  turn: string;
  words?: string;
  before?: string;
  after?: string;
}

let dir: string;
let turns: string[];
let codes: string[];

const tagFile = (observer: string) => join(dir, 'sessions', SESSION, 'tags', `${observer}.yaml`);
const tagsOf = (observer: string): TagRow[] =>
  existsSync(tagFile(observer)) ? ((parse(readFileSync(tagFile(observer), 'utf8')) as { tags?: TagRow[] }).tags ?? []) : [];

/** (turn, code) pairs the observer has not tagged yet, handed out once each across the file. */
function pairsFor(observer: string): () => [string, string] {
  const have = new Set(tagsOf(observer).map((t) => `${t.turn} ${t.code}`));
  const free = turns.flatMap((t) => codes.map((c): [string, string] => [t, c])).filter(([t, c]) => !have.has(`${t} ${c}`));
  // Spread over the transcript and the codebook rather than the first turns only.
  for (let i = free.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [free[i], free[j]] = [free[j]!, free[i]!];
  }
  return () => free.pop()!;
}

const tagArgs = (observer: string, [turn, code]: [string, string]) => [
  'tag',
  SESSION,
  '--turn',
  turn,
  '--code',
  code,
  '--observer',
  observer,
  '--json',
];

/** The tags a finished `fokus tag --json` says it added (it prints them only once they are written). */
function added(r: Finished): TagRow[] {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { added: TagRow[] }).added;
}

/** Every tag the processes reported added is in the file exactly once, and nothing else was lost. */
function expectAllThere(observer: string, before: TagRow[], reported: TagRow[]): void {
  const now = tagsOf(observer);
  const key = (t: TagRow) => JSON.stringify([t.turn, t.code, t.words, t.before, t.after]);
  const count = new Map<string, number>();
  for (const t of now) count.set(key(t), (count.get(key(t)) ?? 0) + 1);
  const missing = reported.filter((t) => count.get(key(t)) !== 1);
  expect(missing, `${missing.length} of ${reported.length} reported tags missing or doubled`).toEqual([]);
  for (const t of before) expect(count.get(key(t)) ?? 0).toBeGreaterThanOrEqual(1);
  expect(now.length).toBe(before.length + reported.length);
}

function expectValid(): void {
  const v = fokus(['validate', '--json'], { cwd: dir });
  const report = JSON.parse(v.stdout) as { errors: number; problems: { code: string; message: string }[] };
  expect(report.problems.filter((p) => /yaml|schema/.test(p.code))).toEqual([]);
  expect(report.errors).toBe(0);
  // The locks went with their processes.
  expect(readdirSync(join(dir, 'sessions', SESSION, 'tags')).filter((n) => n.endsWith('.lock'))).toEqual([]);
}

/** The pid of a process that has ended: a lock naming it was left by a fokus that was killed. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

beforeAll(() => {
  dir = exampleCopy();
  for (const o of ['O3', 'O4']) expect(fokus(['team', 'add', o, '--role', 'observer'], { cwd: dir }).code).toBe(0);
  const transcript = readFileSync(join(dir, 'sessions', SESSION, 'transcript.md'), 'utf8');
  turns = [...transcript.matchAll(/#(t\d+):/g)].map((m) => m[1]!);
  codes = ((parse(readFileSync(join(dir, 'codebook.yaml'), 'utf8')) as { codes: { code: string }[] }).codes ?? []).map((c) => c.code);
  expect(turns.length).toBeGreaterThan(50);
  expect(codes.length).toBeGreaterThan(30);
});

describe('two fokus tag at once', () => {
  it('different observers on one session: every tag each reported is saved, once', { timeout: 120_000 }, async () => {
    const observers = ['O1', 'O2', 'O3', 'O4'];
    const before = new Map(observers.map((o) => [o, tagsOf(o)]));
    const next = new Map(observers.map((o) => [o, pairsFor(o)]));
    const reported = new Map<string, TagRow[]>(observers.map((o) => [o, []]));
    const rounds = 6;
    for (let round = 0; round < rounds; round++) {
      // Two processes per observer each round, all started together.
      const runs = observers.flatMap((o) => [0, 1].map(() => ({ o, run: fokusSpawn(tagArgs(o, next.get(o)!()), { cwd: dir }) })));
      for (const { o, run } of runs) reported.get(o)!.push(...added(await run.done));
    }
    for (const o of observers) {
      expect(reported.get(o)!.length).toBe(rounds * 2);
      expectAllThere(o, before.get(o)!, reported.get(o)!);
    }
    expectValid();
    console.log(
      `concurrency, different observers: ${rounds} rounds × ${observers.length * 2} processes, ${rounds * observers.length * 2} tags checked`,
    );
  });

  it('the same observer in several terminals: no tag lost, none doubled, a dead lock taken over', { timeout: 120_000 }, async () => {
    const observer = 'O1';
    const before = tagsOf(observer);
    const next = pairsFor(observer);
    const reported: TagRow[] = [];
    const rounds = 10;
    const width = 6;
    let planted = 0;
    for (let round = 0; round < rounds; round++) {
      // Every other round starts with a lock a killed fokus left behind: one of the waiters must take
      // it over, and only one at a time.
      if (round % 2 === 1) {
        writeFileSync(`${tagFile(observer)}.lock`, `pid: ${deadPid()}\nhost: ${hostname()}\ntime: ${new Date().toISOString()}\ntoken: x\n`);
        planted++;
      }
      const pairs = Array.from({ length: width }, () => next());
      // The last process tags the same passage as the first: one of the two adds it, the other skips it.
      const runs = [...pairs, pairs[0]!].map((pair) => fokusSpawn(tagArgs(observer, pair), { cwd: dir }));
      const results = await Promise.all(runs.map((r) => r.done));
      const fresh = results.flatMap(added);
      expect(fresh.length).toBe(width);
      expect(results.filter((r) => (JSON.parse(r.stdout) as { skipped: number }).skipped === 1).length).toBe(1);
      reported.push(...fresh);
    }
    expectAllThere(observer, before, reported);
    // The user's comments at the top of the file are still there.
    expect(readFileSync(tagFile(observer), 'utf8')).toMatch(/^# Tags by O1 on elvedal-4/);
    expectValid();
    console.log(
      `concurrency, same observer: ${rounds} rounds × ${width + 1} processes, ${reported.length} tags checked, ${planted} dead locks planted and taken over`,
    );
  });

  it('waits for a lock held by a running fokus, then names the lock file', () => {
    // This test's own process stands in for a fokus that is still writing.
    const lock = `${tagFile('O2')}.lock`;
    writeFileSync(lock, `pid: ${process.pid}\nhost: ${hostname()}\ntime: ${new Date().toISOString()}\ntoken: x\n`);
    const [turn, code] = pairsFor('O2')();
    const r = fokus(tagArgs('O2', [turn, code]), { cwd: dir, env: { FOKUS_LOCK_WAIT_MS: '300' } });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /O2\.yaml\.lock: another fokus \(pid \d+ on .+\) is writing O2\.yaml .*if none is running, delete this lock file/,
    );
    expect(tagsOf('O2').some((t) => t.turn === turn && t.code === code)).toBe(false);
    // A lock from another computer (a shared drive) cannot be checked: fokus waits for it too.
    writeFileSync(lock, `pid: 1\nhost: another-${hostname()}\ntime: ${new Date().toISOString()}\ntoken: x\n`);
    expect(fokus(tagArgs('O2', [turn, code]), { cwd: dir, env: { FOKUS_LOCK_WAIT_MS: '200' } }).code).toBe(2);
    writeFileSync(lock, `pid: ${deadPid()}\nhost: ${hostname()}\ntime: ${new Date().toISOString()}\ntoken: x\n`);
    expect(fokus(tagArgs('O2', [turn, code]), { cwd: dir, env: { FOKUS_LOCK_WAIT_MS: '200' } }).code).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });
});

describe('a file changed on disk while a command worked on it', () => {
  it('is refused, not overwritten: fokus.yaml edited by hand while a phase was being dated', async () => {
    const { loadProject, setInLoaded } = await import('../src/store/project.js');
    const { UserError } = await import('../src/errors.js');
    const root = exampleCopy();
    const p = loadProject(root, { transcripts: false, coding: false });
    const manifest = join(root, 'fokus.yaml');
    const edited = `${readFileSync(manifest, 'utf8')}# a note written in an editor meanwhile\n`;
    writeFileSync(manifest, edited);
    let err: unknown;
    try {
      setInLoaded(p, p.manifest.file, [[['title'], 'Ny tittel']]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as InstanceType<typeof UserError>).problems[0]).toMatchObject({ code: 'changed', file: manifest });
    expect(readFileSync(manifest, 'utf8')).toBe(edited);
    expect(existsSync(`${manifest}.lock`)).toBe(false);
    // Read again, the same change goes through and keeps the editor's note.
    const again = loadProject(root, { transcripts: false, coding: false });
    setInLoaded(again, again.manifest.file, [[['title'], 'Ny tittel']]);
    expect(readFileSync(manifest, 'utf8')).toMatch(/^title: Ny tittel$/m);
    expect(readFileSync(manifest, 'utf8')).toContain('# a note written in an editor meanwhile');
  });
});

describe('a lock left behind', () => {
  it('is not read by the leak check: a host name in it may read like a name', async () => {
    const { projectTextFiles } = await import('../src/store/project.js');
    const root = exampleCopy();
    const lock = join(root, 'sessions', SESSION, 'tags', 'O1.yaml.lock');
    writeFileSync(lock, 'pid: 1\nhost: kari-nordmann-laptop\n');
    const { files, paths } = projectTextFiles(root);
    expect(paths).not.toContain(lock);
    expect(files.map((f) => f.path)).not.toContain(lock);
    expect(files.map((f) => f.path)).toContain(join(root, 'sessions', SESSION, 'tags', 'O1.yaml'));
  });
});
