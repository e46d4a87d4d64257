// Crash safety: fokus is killed (SIGKILL, no clean-up of any kind) at random moments while it
// writes tags (by flags and from a CSV file), removes tags, takes field notes, drafts a summary and
// records the group's feedback, hundreds of times, several processes at once. Afterwards every file
// parses, no lock stands in the way of the next command, no temporary file is left, and every write
// fokus acknowledged is there.
//
// Acknowledged: the process printed its complete --json answer. fokus prints it only once the
// write is on disk, so a process killed after printing but before exiting counts as well.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { withSummaryLock } from '../src/store/summary.js';
import { exampleCopy, fokus, fokusSpawn, tmp, type Finished } from './helpers.js';

const KILLS = 300;
/** Runs per worker that are not killed: their mean time is the command's typical duration. */
const CALIBRATE = 3;

interface TagRow {
  code: string;
  turn: string;
  to?: string;
  words?: string;
  before?: string;
  after?: string;
}
interface NoteRow {
  at: string;
  kind: string;
  text: string;
}
interface Validation {
  at: string;
  responses?: { point: string; response: string }[];
  added?: { point: string; text: string }[];
}

const tagKey = (t: TagRow) => JSON.stringify([t.turn, t.code, t.words, t.before, t.after]);
const pairKey = (turn: string, code: string) => `${turn} ${code}`;

function shuffled<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

function countBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return m;
}

/** Every file under dir (but fokus's parse cache), as paths relative to it. */
function filesUnder(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const path = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) return path === '.fokus' ? [] : filesUnder(dir, path);
    return [path];
  });
}

describe('crash safety', () => {
  it(`loses no acknowledged write when fokus is killed ${KILLS} times while writing`, { timeout: 240_000 }, async () => {
    const started = performance.now();
    const dir = exampleCopy();
    const csvDir = tmp('fokus-crash-csv-');
    const setup = (args: string[]) => {
      const r = fokus(args, { cwd: dir });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    };
    for (const o of ['O3', 'O4', 'O5']) setup(['team', 'add', o, '--role', 'observer']);
    // elvedal-4's summary is presented at a fifth session.
    setup(['session', 'add', 'elvedal-5', '--group', 'elvedal', '--date', '2025-12-16']);

    const sessionDir = (id: string) => join(dir, 'sessions', id);
    const readYaml = <T>(path: string): T => parse(readFileSync(path, 'utf8')) as T;
    const tagsOf = (session: string, observer: string): TagRow[] => {
      const path = join(sessionDir(session), 'tags', `${observer}.yaml`);
      return existsSync(path) ? (readYaml<{ tags?: TagRow[] }>(path).tags ?? []) : [];
    };
    const turnsOf = (session: string) =>
      [...readFileSync(join(sessionDir(session), 'transcript.md'), 'utf8').matchAll(/#(t\d+):/g)].map((m) => m[1]!);
    const codes = readYaml<{ codes: { code: string }[] }>(join(dir, 'codebook.yaml')).codes.map((c) => c.code);
    /** (turn, code) pairs the observer has not tagged, each handed out once. */
    const pairs = (session: string, observer: string) => {
      const have = new Set(tagsOf(session, observer).map((t) => pairKey(t.turn, t.code)));
      const free = shuffled(turnsOf(session).flatMap((t) => codes.map((c): [string, string] => [t, c])));
      return () => {
        for (;;) {
          const p = free.pop()!;
          if (!have.has(pairKey(...p))) return p;
        }
      };
    };

    const stats = { runs: 0, kills: 0, acked: 0, ackedThenKilled: 0, failures: [] as string[] };
    // Kills that landed inside a write: the killed process's lock, temporary file or journal was left.
    const caught = { lock: 0, temp: 0, journal: 0 };
    const perKind = new Map<string, { runs: number; kills: number; acked: number; typicalMs: number }>();

    interface Job {
      args: string[];
      /** What the test does before the run, as a user would (edit summary.md). */
      prepare?: () => void;
      /** The run's --json answer when it was acknowledged, else undefined. */
      settle: (answer: unknown) => void;
    }

    function leftBehind(pid: number, dirs: string[]): void {
      for (const d of dirs) {
        for (const name of existsSync(d) ? readdirSync(d) : []) {
          const path = join(d, name);
          try {
            if (name.endsWith('.lock') && readFileSync(path, 'utf8').includes(`pid: ${pid}\n`)) caught.lock++;
            else if (new RegExp(`\\.${pid}\\.[0-9a-f]{8}\\.tmp$`).test(name)) caught.temp++;
            else if (name.endsWith('.journal') && readFileSync(path, 'utf8').includes(`"pid": ${pid},`)) caught.journal++;
          } catch {
            // Taken over and removed meanwhile by another process.
          }
        }
      }
    }

    /** Runs jobs one after another, killing each (after calibration) at a random moment of its typical duration. */
    async function worker(kind: string, dirs: string[], next: (i: number) => Job): Promise<void> {
      const k = perKind.get(kind) ?? { runs: 0, kills: 0, acked: 0, typicalMs: 0 };
      perKind.set(kind, k);
      const calibration: number[] = [];
      for (let i = 0; i < CALIBRATE || stats.kills < KILLS; i++) {
        const job = next(i);
        job.prepare?.();
        const run = fokusSpawn(job.args, { cwd: dir });
        const delay = i < CALIBRATE ? undefined : Math.random() * 1.2 * k.typicalMs;
        const timer = delay === undefined ? undefined : setTimeout(() => run.child.kill('SIGKILL'), delay);
        const r: Finished = await run.done;
        clearTimeout(timer);
        if (i < CALIBRATE) {
          calibration.push(r.ms);
          // The median: the first run also fills fokus's parse cache.
          k.typicalMs = [...calibration].sort((a, b) => a - b)[Math.floor((calibration.length - 1) / 2)]!;
        }
        const killed = r.signal === 'SIGKILL';
        let answer: unknown;
        try {
          answer = JSON.parse(r.stdout);
        } catch {
          answer = undefined;
        }
        stats.runs++;
        k.runs++;
        if (killed) {
          stats.kills++;
          k.kills++;
          leftBehind(run.child.pid!, dirs);
        } else if (r.code !== 0 || answer === undefined)
          stats.failures.push(`${kind} (${job.args.join(' ')}): exit ${r.code}: ${r.stderr}`);
        if (answer !== undefined) {
          stats.acked++;
          k.acked++;
          if (killed) stats.ackedThenKilled++;
        }
        job.settle(answer);
      }
    }

    // --- tag by flags: two workers on the same file (fjordvik-2, O3), so one often waits for the
    // lock of one that is then killed.
    const flagTags = { acked: [] as TagRow[], tried: new Set<string>() };
    const nextFlagPair = pairs('fjordvik-2', 'O3');
    const flagJob = (): Job => {
      const [turn, code] = nextFlagPair();
      flagTags.tried.add(pairKey(turn, code));
      return {
        args: ['tag', 'fjordvik-2', '--turn', turn, '--code', code, '--observer', 'O3', '--json'],
        settle: (a) => a && flagTags.acked.push(...(a as { added: TagRow[] }).added),
      };
    };

    // --- tag --from a CSV file of 40 rows (elvedal-1, O4): a longer write.
    const csvTags = { acked: [] as TagRow[], tried: new Set<string>() };
    const nextCsvPair = pairs('elvedal-1', 'O4');
    const csvJob = (i: number): Job => {
      const rows = Array.from({ length: 40 }, () => nextCsvPair());
      for (const [t, c] of rows) csvTags.tried.add(pairKey(t, c));
      const file = join(csvDir, `batch-${i}.csv`);
      writeFileSync(file, `turn,code\n${rows.map(([t, c]) => `${t},${c}`).join('\n')}\n`);
      return {
        args: ['tag', 'elvedal-1', '--from', file, '--observer', 'O4', '--json'],
        settle: (a) => a && csvTags.acked.push(...(a as { added: TagRow[] }).added),
      };
    };

    // --- untag (fjordvik-1, O1 and O2): tags that are alone with their code on their turn, and whose
    // code no run of turns uses, so each untag removes exactly the one tag it names.
    const untagBefore = new Map(['O1', 'O2'].map((o) => [o, tagsOf('fjordvik-1', o)]));
    const targets = shuffled(
      [...untagBefore].flatMap(([o, tags]) => {
        const runCodes = new Set(tags.filter((t) => t.to).map((t) => t.code));
        const n = countBy(tags, (t) => pairKey(t.turn, t.code));
        return tags
          .filter((t) => !t.to && n.get(pairKey(t.turn, t.code)) === 1 && !runCodes.has(t.code))
          .map((t) => ({ observer: o, turn: t.turn, code: t.code }));
      }),
    );
    const untags = { acked: [] as typeof targets, tried: [] as typeof targets };
    const untagJob = (): Job => {
      const t = targets.pop();
      if (!t) throw new Error('the untag worker ran out of tags to remove');
      untags.tried.push(t);
      return {
        args: ['untag', 'fjordvik-1', '--turn', t.turn, '--code', t.code, '--observer', t.observer, '--json'],
        settle: (a) => {
          if (!a) return;
          expect((a as { removed: TagRow[] }).removed).toHaveLength(1);
          untags.acked.push(t);
        },
      };
    };

    // --- field notes (elvedal-3, O5).
    const notes = { acked: [] as NoteRow[], tried: new Set<string>() };
    const noteJob = (i: number): Job => {
      const text = `Krasjnotat ${i}: ${Math.random().toString(36).slice(2, 8)}`;
      notes.tried.add(text);
      const at = `00:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`;
      return {
        args: ['observe', 'elvedal-3', '--kind', 'follow-up', '--text', text, '--at', at, '--observer', 'O5', '--json'],
        settle: (a) => a && notes.acked.push((a as { note: NoteRow }).note),
      };
    };

    // --- summarize (fjordvik-3): before each run the researcher writes a point of their own into
    // summary.md; fokus numbers it. Their words must survive every crash.
    const summaryFile = join(sessionDir('fjordvik-3'), 'summary.md');
    const userPoints: string[] = [];
    const numbered = new Map<string, string>();
    const addUserPoint = (n: number) => {
      const title = `Brukerpunkt ${n}`;
      const text = readFileSync(summaryFile, 'utf8');
      const at = text.indexOf('\n## Åpne spørsmål');
      expect(at).toBeGreaterThan(0);
      writeFileSync(summaryFile, `${text.slice(0, at + 1)}### ${title}\n\nSkrevet av forskeren, nummer ${n}.\n\n${text.slice(at + 1)}`);
      userPoints.push(title);
    };
    const summarizeJob = (i: number): Job => ({
      args: ['summarize', 'fjordvik-3', '--json'],
      prepare: () => addUserPoint(i),
      settle: (a) => {
        for (const c of (a as { changes?: { id: string; action: string; title: string }[] } | undefined)?.changes ?? [])
          if (c.action === 'numbered') numbered.set(c.title, c.id);
      },
    });

    // --- feedback on elvedal-4's summary at elvedal-5: a response to the next point, and a point
    // the group added, each run.
    const feedbackFile = join(sessionDir('elvedal-4'), 'feedback.yaml');
    const presented = [...readFileSync(join(sessionDir('elvedal-4'), 'summary.md'), 'utf8').matchAll(/^### .*\{#(p\d+)\}$/gm)].map(
      (m) => m[1]!,
    );
    const feedback = { responses: [] as string[], added: [] as { point: string; text: string }[], tried: new Set<string>() };
    const feedbackJob = (i: number): Job => {
      const text = `Krasjpunkt ${i}: ${Math.random().toString(36).slice(2, 8)}`;
      feedback.tried.add(text);
      const point = presented[i];
      return {
        args: ['feedback', 'elvedal-4', '--at', 'elvedal-5', ...(point ? ['--point', `${point}=confirmed`] : []), '--add', text, '--json'],
        settle: (a) => {
          if (!a) return;
          const answer = a as { responses: { point: string }[]; added: { point: string; text: string }[] };
          feedback.responses.push(...answer.responses.map((x) => x.point));
          feedback.added.push(...answer.added);
        },
      };
    };

    await Promise.all([
      worker('tag', [join(sessionDir('fjordvik-2'), 'tags')], flagJob),
      worker('tag', [join(sessionDir('fjordvik-2'), 'tags')], flagJob),
      worker('tag --from', [join(sessionDir('elvedal-1'), 'tags')], csvJob),
      worker('untag', [join(sessionDir('fjordvik-1'), 'tags')], untagJob),
      worker('observe', [join(sessionDir('elvedal-3'), 'notes')], noteJob),
      worker('summarize', [sessionDir('fjordvik-3'), join(sessionDir('fjordvik-3'), 'history')], summarizeJob),
      worker('feedback', [sessionDir('elvedal-4'), join(sessionDir('elvedal-4'), 'history')], feedbackJob),
    ]);
    const stormMs = performance.now() - started;
    const kinds = [...perKind]
      .map(([kind, k]) => `${kind} ${k.kills}/${k.runs} killed, ${k.acked} acked, ~${Math.round(k.typicalMs)} ms`)
      .join('; ');
    console.log(
      `crash storm: ${(stormMs / 1000).toFixed(1)} s; kills inside a write left ${caught.lock} locks, ${caught.temp} temporary files, ${caught.journal} journals; ${kinds}`,
    );
    expect(stats.failures).toEqual([]);
    expect(stats.kills).toBeGreaterThanOrEqual(KILLS);

    // --- the next command after the storm just works: no lock is waited for (FOKUS_LOCK_WAIT_MS=0
    // refuses any lock a live process could hold; a dead one's is taken over), and the commands
    // finish what a killed one left half done.
    const after = (args: string[]) => {
      const r = fokus([...args, '--json'], { cwd: dir, env: { FOKUS_LOCK_WAIT_MS: '0' } });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as unknown;
    };
    const [ft, fc] = nextFlagPair();
    flagTags.acked.push(...(after(['tag', 'fjordvik-2', '--turn', ft, '--code', fc, '--observer', 'O3']) as { added: TagRow[] }).added);
    flagTags.tried.add(pairKey(ft, fc));
    const [ct, cc] = nextCsvPair();
    csvTags.acked.push(...(after(['tag', 'elvedal-1', '--turn', ct, '--code', cc, '--observer', 'O4']) as { added: TagRow[] }).added);
    csvTags.tried.add(pairKey(ct, cc));
    for (const o of ['O1', 'O2']) {
      const last = targets.find((t) => t.observer === o)!;
      targets.splice(targets.indexOf(last), 1);
      untags.tried.push(last);
      after(['untag', 'fjordvik-1', '--turn', last.turn, '--code', last.code, '--observer', o]);
      untags.acked.push(last);
    }
    const lastNote = noteJob(100_000);
    lastNote.settle(after(lastNote.args.slice(0, -1)));
    const lastSummary = summarizeJob(100_000);
    lastSummary.prepare!();
    lastSummary.settle(after(lastSummary.args.slice(0, -1)));
    const lastFeedback = feedbackJob(100_000);
    lastFeedback.settle(after(lastFeedback.args.slice(0, -1)));

    // --- every file parses, and the project is as valid as it was.
    const v = fokus(['validate', '--json'], { cwd: dir });
    const report = JSON.parse(v.stdout) as {
      errors: number;
      warnings: number;
      problems: { code: string; message: string; file?: string }[];
    };
    expect(report.problems.filter((p) => /yaml|schema|encoding|binary/.test(p.code))).toEqual([]);
    expect(report.problems.filter((p) => p.code !== 'orphaned-tag')).toEqual([]);
    expect(report.errors).toBe(0);

    // --- nothing left behind: no lock, no journal, no temporary file.
    const leftovers = filesUnder(dir).filter((f) => /\.(lock|tmp|journal)$/.test(f));
    expect(leftovers).toEqual([]);

    let checked = 0;
    // --- tags: every acknowledged one there exactly once; none doubled; none from nowhere.
    for (const [what, session, observer, record] of [
      ['flags', 'fjordvik-2', 'O3', flagTags],
      ['csv', 'elvedal-1', 'O4', csvTags],
    ] as const) {
      const now = tagsOf(session, observer);
      const n = countBy(now, tagKey);
      expect(
        [...n].filter(([, c]) => c > 1),
        `${what}: tags doubled`,
      ).toEqual([]);
      expect(
        record.acked.filter((t) => n.get(tagKey(t)) !== 1),
        `${what}: acknowledged tags missing`,
      ).toEqual([]);
      expect(now.filter((t) => !record.tried.has(pairKey(t.turn, t.code)))).toEqual([]);
      checked += record.acked.length;
    }
    // --- untag: every acknowledged removal holds; every tag nobody tried to remove is still there.
    for (const [o, before] of untagBefore) {
      const now = countBy(tagsOf('fjordvik-1', o), tagKey);
      const tried = new Set(untags.tried.filter((t) => t.observer === o).map((t) => pairKey(t.turn, t.code)));
      const gone = new Set(untags.acked.filter((t) => t.observer === o).map((t) => pairKey(t.turn, t.code)));
      for (const t of before) {
        const k = pairKey(t.turn, t.code);
        if (gone.has(k)) expect(now.get(tagKey(t)), `${o} ${k} was removed`).toBeUndefined();
        else if (!tried.has(k)) expect(now.get(tagKey(t)), `${o} ${k} was not to be touched`).toBeGreaterThanOrEqual(1);
      }
    }
    checked += untags.acked.length;
    // --- field notes.
    const noteRows = readYaml<{ notes: NoteRow[] }>(join(sessionDir('elvedal-3'), 'notes', 'O5.yaml')).notes;
    const noteCount = countBy(noteRows, (x) => x.text);
    expect(notes.acked.filter((x) => noteCount.get(x.text) !== 1)).toEqual([]);
    expect(noteRows.filter((x) => !notes.tried.has(x.text) || noteCount.get(x.text) !== 1)).toEqual([]);
    checked += notes.acked.length;
    // --- the summary: every point the researcher wrote is there once, with the id an acknowledged
    // run gave it; point ids are unique.
    const summary = readFileSync(summaryFile, 'utf8');
    const headings = [...summary.matchAll(/^### (.*?)(?: \{#(p\d+)\})?$/gm)].map((m) => ({ title: m[1]!, id: m[2] }));
    for (const title of userPoints)
      expect(
        headings.filter((h) => h.title === title),
        title,
      ).toHaveLength(1);
    for (const [title, id] of numbered) expect(headings.find((h) => h.title === title)?.id, title).toBe(id);
    const ids = headings.map((h) => h.id).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
    expect(existsSync(join(sessionDir('fjordvik-3'), 'history', 'summary-drafted.yaml'))).toBe(true);
    checked += userPoints.length;
    // --- feedback: every acknowledged response and added point is recorded once, and the summary
    // holds every point the record says was added (the two files were written as one change).
    const validations = readYaml<{ validations: Validation[] }>(feedbackFile).validations;
    const round = validations.filter((x) => x.at === 'elvedal-5');
    expect(round).toHaveLength(1);
    const recorded = round[0]!.added ?? [];
    const answered = countBy(round[0]!.responses ?? [], (x) => x.point);
    for (const p of feedback.responses) expect(answered.get(p), p).toBe(1);
    expect([...answered].filter(([, c]) => c > 1)).toEqual([]);
    const addedCount = countBy(recorded, (x) => x.text);
    for (const a of feedback.added)
      expect(
        recorded.filter((x) => x.text === a.text && x.point === a.point),
        a.text,
      ).toHaveLength(1);
    expect(recorded.filter((x) => !feedback.tried.has(x.text) || addedCount.get(x.text) !== 1)).toEqual([]);
    expect(new Set(recorded.map((x) => x.point)).size).toBe(recorded.length);
    const e4 = readFileSync(join(sessionDir('elvedal-4'), 'summary.md'), 'utf8');
    for (const a of recorded) expect(e4, `summary.md holds ${a.point}`).toContain(`{#${a.point}}`);
    expect(e4).toMatch(/^version: 2$/m);
    expect(readdirSync(join(sessionDir('elvedal-4'), 'history')).filter((n) => n.startsWith('summary-v'))).toEqual(['summary-v1.md']);
    checked += feedback.responses.length + feedback.added.length;

    console.log(
      `crash: ${stats.kills} kills in ${stats.runs} runs, ${stats.acked} acknowledged (${stats.ackedThenKilled} killed after answering), ` +
        `${checked} acknowledged writes checked, ${((performance.now() - started) / 1000).toFixed(1)} s in all`,
    );
  });

  // A kill between the renames of a summary change is rare in the storm above; here it is made by
  // hand: the temporary files and the journal a fokus killed at that moment leaves behind.
  describe('a summary change cut short', () => {
    const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
    function cutShort(renamed: ('feedback.yaml' | 'summary.md')[]) {
      const dir = join(exampleCopy(), 'sessions', 'elvedal-3');
      const pid = 999_999; // no such process
      const entries = (['feedback.yaml', 'summary.md'] as const).map((name, i) => {
        const tmp = `.${name}.${pid}.0000000${i}.tmp`;
        const before = sha(join(dir, name));
        const data = `${readFileSync(join(dir, name), 'utf8')}\n# written by the killed fokus\n`;
        writeFileSync(join(dir, renamed.includes(name) ? name : tmp), data);
        return { tmp, target: name, before, data };
      });
      writeFileSync(join(dir, '.summary.md.journal'), JSON.stringify({ fokus: 'journal', pid, files: entries }));
      return { dir, entries };
    }
    const leftovers = (dir: string) => readdirSync(dir).filter((n) => /\.(tmp|journal|lock)$/.test(n));

    it('is finished by the next summary write', () => {
      const { dir, entries } = cutShort(['feedback.yaml']);
      withSummaryLock(dir, () => undefined);
      for (const e of entries) expect(readFileSync(join(dir, e.target), 'utf8')).toBe(e.data);
      expect(leftovers(dir)).toEqual([]);
    });

    it('is dropped whole when the researcher edited a file before any rename was done', () => {
      const { dir } = cutShort([]);
      const feedback = readFileSync(join(dir, 'feedback.yaml'), 'utf8');
      const edited = `${readFileSync(join(dir, 'summary.md'), 'utf8')}\nMin egen endring.\n`;
      writeFileSync(join(dir, 'summary.md'), edited);
      withSummaryLock(dir, () => undefined);
      expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toBe(edited);
      expect(readFileSync(join(dir, 'feedback.yaml'), 'utf8')).toBe(feedback);
      expect(leftovers(dir)).toEqual([]);
    });

    it('moves nothing a journal names outside the session folder', () => {
      const { dir } = cutShort([]);
      const manifest = join(dir, '..', '..', 'fokus.yaml');
      const before = readFileSync(manifest, 'utf8');
      writeFileSync(join(dir, '.fokus.yaml.999999.00000000.tmp'), 'title: overwritten\n');
      const files = [{ tmp: '.fokus.yaml.999999.00000000.tmp', target: '../../fokus.yaml', before: sha(manifest) }];
      writeFileSync(join(dir, '.summary.md.journal'), JSON.stringify({ fokus: 'journal', pid: 999_999, files }));
      withSummaryLock(dir, () => undefined);
      expect(readFileSync(manifest, 'utf8')).toBe(before);
      expect(existsSync(join(dir, '.summary.md.journal'))).toBe(false);
    });

    it('once begun is finished, but never over an edit', () => {
      const { dir, entries } = cutShort(['feedback.yaml']);
      const edited = `${readFileSync(join(dir, 'summary.md'), 'utf8')}\nMin egen endring.\n`;
      writeFileSync(join(dir, 'summary.md'), edited);
      withSummaryLock(dir, () => undefined);
      expect(readFileSync(join(dir, 'feedback.yaml'), 'utf8')).toBe(entries[0]!.data);
      expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toBe(edited);
      expect(leftovers(dir)).toEqual([]);
    });
  });
});
