// The parse cache and the status memo: what a command reads through them is what it would have
// parsed, a changed file is never served from them, and they stay out of the user's way.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendParticipant, loadProject, loadedTexts, projectTextFiles, type LoadedProject } from '../src/store/project.js';
import { replayJournal } from '../src/store/text-file.js';
import { UserError } from '../src/errors.js';
import { openCache, openMemo, type CacheOptions } from '../src/store/cache.js';
import { validateProject } from '../src/core/validate.js';
import { viewOf } from '../src/commands/_shared.js';
import { exampleCopy, fokus } from './helpers.js';

const ON: CacheOptions = { build: 'test-build', settleMs: 0, env: {} };
const OFF: CacheOptions = { env: { FOKUS_CACHE: '0' } };

/** What a command sees of a loaded project: every value, transcript and problem, without the parsers' objects. */
function facts(p: LoadedProject) {
  return {
    manifest: p.manifest.value,
    participants: p.participants.value,
    codebook: p.codebook?.value,
    guides: p.guides.map((g) => [g.file, g.ok, g.value]),
    sessions: p.sessions.map((s) => ({
      session: s.session.value,
      transcript: s.transcript && { file: s.transcript.file, t: s.transcript.transcript, unnumbered: s.transcript.unnumbered },
      tags: s.tags.map((f) => [f.observer, f.ok, f.value]),
      notes: s.notes.map((f) => [f.observer, f.value]),
      summary: s.summary && { front: s.summary.front, summary: s.summary.summary, text: s.summary.file.text },
      feedback: s.feedback?.value,
    })),
    problems: p.problems,
  };
}

const load = (root: string, opts: CacheOptions) => loadProject(root, { cache: openCache(root, opts) });

describe('the parse cache', () => {
  it('gives a command exactly what parsing gives, and is used the second time', () => {
    const root = exampleCopy();
    const parsed = load(root, OFF);
    expect(existsSync(join(root, '.fokus'))).toBe(false);
    const first = load(root, ON);
    const buckets = readdirSync(join(root, '.fokus', 'cache'));
    expect(buckets).toContain('project.json');
    expect(buckets.filter((b) => b.startsWith('session-'))).toHaveLength(parsed.sessions.length);
    const second = load(root, ON);
    expect(facts(first)).toEqual(facts(parsed));
    expect(facts(second)).toEqual(facts(parsed));
    // Served from the cache: nothing was parsed, until something asks where a value is.
    const tagFile = second.sessions[0]!.tags[0]!.file;
    expect(second.yaml.has(tagFile)).toBe(true);
    expect([...second.yaml.keys()]).not.toContain(tagFile);
    expect(second.sessions[0]!.tags[0]!.at(['tags', 1, 'code'])).toEqual(parsed.sessions[0]!.tags[0]!.at(['tags', 1, 'code']));
    expect([...second.yaml.keys()]).toContain(tagFile);
    // Positions and texts from a cached transcript are the parsed ones.
    const [t1, t0] = [second.sessions[2]!.transcript!, parsed.sessions[2]!.transcript!];
    expect(t1.locate(5, 'speaker')).toEqual(t0.locate(5, 'speaker'));
    expect(t1.locateText(5, 7)).toEqual(t0.locateText(5, 7));
    expect(t1.text).toBe(t0.text);
    expect(loadedTexts(second)).toEqual(loadedTexts(parsed));
    // And the cross-checks find the same (none here).
    expect(validateProject(viewOf(second))).toEqual(validateProject(viewOf(parsed)));
  });

  it('never serves a file that changed, even to the same size with its old modification time', () => {
    const root = exampleCopy();
    load(root, ON);
    const file = join(root, 'sessions', 'elvedal-1', 'tags', 'O1.yaml');
    const before = statSync(file);
    const text = readFileSync(file, 'utf8');
    // The same number of bytes, written in place (same inode), the modification time put back.
    const changed = text.replace('P1 setter tonen', 'P1 setter toner');
    expect(Buffer.byteLength(changed)).toBe(before.size);
    writeFileSync(file, changed);
    utimesSync(file, before.atimeMs / 1000, before.mtimeMs / 1000);
    // To the millisecond: as coarse as many file systems keep it.
    expect(Math.floor(statSync(file).mtimeMs)).toBe(Math.floor(before.mtimeMs));
    const again = load(root, ON);
    expect(again.problems).toEqual([]);
    expect(again.sessions[0]!.tags.find((f) => f.observer === 'O1')!.value.tags[0]!.memo).toMatch(/^P1 setter toner/);
  });

  it('reports a broken file from the cache as parsing does: same problems, same positions', () => {
    const root = exampleCopy();
    const file = join(root, 'sessions', 'fjordvik-2', 'session.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^number: .*$/m, 'number: [2'));
    const parsed = load(root, OFF);
    load(root, ON);
    const cached = load(root, ON);
    const mine = (p: LoadedProject) => p.problems.filter((x) => x.file === file);
    expect(mine(parsed).length).toBeGreaterThan(0);
    expect(mine(parsed)[0]!.line).toBeGreaterThan(1);
    expect(mine(cached)).toEqual(mine(parsed));
  });

  it('caches nothing changed in the last few seconds, another build, or with FOKUS_CACHE=0', () => {
    const root = exampleCopy();
    load(root, { ...ON, settleMs: 60_000 });
    expect(existsSync(join(root, '.fokus'))).toBe(false);
    load(root, { env: { FOKUS_CACHE: '0' }, build: 'test-build', settleMs: 0 });
    expect(existsSync(join(root, '.fokus'))).toBe(false);
    load(root, ON);
    const bucket = join(root, '.fokus', 'cache', 'session-elvedal-1.json');
    const entries = Object.keys(JSON.parse(readFileSync(bucket, 'utf8')).entries);
    expect(entries).toContain('sessions/elvedal-1/transcript.md');
    // A cache written by another build of fokus is not read: everything is parsed again.
    const other = openCache(root, { ...ON, build: 'other-build' });
    expect(other.get(join(root, 'sessions', 'elvedal-1', 'transcript.md'), 'transcript-md')).toBeUndefined();
    const same = openCache(root, ON);
    expect(same.get(join(root, 'sessions', 'elvedal-1', 'transcript.md'), 'transcript-md')).toBeDefined();
  });

  it('survives a damaged cache file, and keeps itself out of git and out of the leak check', () => {
    const root = exampleCopy();
    const parsed = load(root, OFF);
    load(root, ON);
    writeFileSync(join(root, '.fokus', 'cache', 'session-elvedal-1.json'), '{"build":"test-build","entries":');
    expect(facts(load(root, ON))).toEqual(facts(parsed));
    expect(readFileSync(join(root, '.fokus', '.gitignore'), 'utf8')).toMatch(/^\*$/m);
    const { files, paths } = projectTextFiles(root);
    expect(paths.some((x) => x.includes('.fokus'))).toBe(false);
    expect(files.some((x) => x.path.includes('.fokus'))).toBe(false);
  });
});

describe('the parse cache, as the project changes around it', () => {
  it('refuses to write a file that changed on disk after its values came from the cache', () => {
    const root = exampleCopy();
    load(root, ON);
    const p = load(root, ON);
    const file = join(root, 'participants.yaml');
    const edited = `${readFileSync(file, 'utf8')}# added by hand meanwhile\n`;
    writeFileSync(file, edited);
    expect(() => appendParticipant(p, { code: 'P99', group: 'elvedal', category: 'bruker' })).toThrow(UserError);
    expect(readFileSync(file, 'utf8')).toBe(edited);
  });

  it('starts afresh for a project moved to another folder: messages name the files where they are now', () => {
    const root = exampleCopy();
    const file = join(root, 'sessions', 'fjordvik-2', 'session.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^number: .*$/m, 'number: [2'));
    load(root, ON);
    load(root, ON);
    const moved = `${root}-moved`;
    renameSync(root, moved);
    const problems = load(moved, ON).problems.filter((x) => x.severity === 'error');
    expect(problems.length).toBeGreaterThan(0);
    for (const x of problems) expect(x.file!.startsWith(moved)).toBe(true);
  });

  it("forgets a session whose folder is gone (a withdrawn group's talk does not stay in the cache)", () => {
    const root = exampleCopy();
    load(root, ON);
    const cached = () => readdirSync(join(root, '.fokus', 'cache')).filter((n) => n.includes('fjordvik-4'));
    expect(cached().length).toBeGreaterThan(0);
    rmSync(join(root, 'sessions', 'fjordvik-4'), { recursive: true });
    load(root, ON);
    expect(cached()).toEqual([]);
    expect((statSync(join(root, '.fokus', 'cache', 'project.json')).mode & 0o777).toString(8)).toBe('600');
  });
});

describe('the status memo', () => {
  it('keeps an answer until a file in the project changes, for the same key only', () => {
    const root = exampleCopy();
    const first = openMemo<{ n: number }>(root, 'status', '2026-01-01', ON);
    expect(first.value).toBeUndefined();
    first.keep({ n: 1 });
    expect(openMemo<{ n: number }>(root, 'status', '2026-01-01', ON).value).toEqual({ n: 1 });
    // Another day is another answer (stages depend on the date).
    expect(openMemo(root, 'status', '2026-01-02', ON).value).toBeUndefined();
    // A new file anywhere in the project, then a changed one, each start over.
    writeFileSync(join(root, 'sessions', 'elvedal-1', 'notes.txt'), 'x');
    expect(openMemo(root, 'status', '2026-01-01', ON).value).toBeUndefined();
    openMemo<{ n: number }>(root, 'status', '2026-01-01', ON).keep({ n: 2 });
    expect(openMemo(root, 'status', '2026-01-01', ON).value).toEqual({ n: 2 });
    writeFileSync(join(root, 'participants.yaml'), readFileSync(join(root, 'participants.yaml'), 'utf8') + '\n');
    expect(openMemo(root, 'status', '2026-01-01', ON).value).toBeUndefined();
    // Nothing kept while the project holds a link: what it leads to is not listed.
    symlinkSync(join(root, 'guides'), join(root, 'guides-link'));
    const linked = openMemo<{ n: number }>(root, 'status', '2026-01-01', ON);
    linked.keep({ n: 4 });
    expect(openMemo(root, 'status', '2026-01-01', ON).value).toBeUndefined();
    rmSync(join(root, 'guides-link'));
    // Nothing kept while a file may still be changing.
    const fresh = openMemo(root, 'status', '2026-01-01', { ...ON, settleMs: 60_000 });
    fresh.keep({ n: 3 });
    expect(openMemo(root, 'status', '2026-01-01', ON).value).toBeUndefined();
  });

  it('fokus status answers the same from the memo as from the files, and sees a change at once', () => {
    const root = exampleCopy();
    const env = { FOKUS_CACHE_SETTLE_MS: '0' };
    const parsed = fokus(['status', '--json', '--project', root], { env: { FOKUS_CACHE: '0' } });
    expect(parsed.code).toBe(0);
    const first = fokus(['status', '--json', '--project', root], { env });
    expect(existsSync(join(root, '.fokus', 'cache', 'status.json'))).toBe(true);
    const memo = fokus(['status', '--json', '--project', root], { env });
    expect(first.stdout).toBe(parsed.stdout);
    expect(memo.stdout).toBe(parsed.stdout);
    const text = fokus(['status', '--project', root], { env });
    expect(text.stdout).toBe(fokus(['status', '--project', root], { env: { FOKUS_CACHE: '0' } }).stdout);
    expect(text.stdout).toMatch(/26,308 words/);
    // A session put back to planned: the count moves on the next status.
    const held = (s: string) => (JSON.parse(s) as { sessions: { held: number } }).sessions.held;
    expect(held(memo.stdout)).toBe(8);
    const session = join(root, 'sessions', 'elvedal-4', 'session.yaml');
    writeFileSync(session, readFileSync(session, 'utf8').replace(/^status: held$/m, 'status: planned'));
    const after = fokus(['status', '--json', '--project', root], { env });
    expect(held(after.stdout)).toBe(7);
  });
});

describe('a journal fokus did not write', () => {
  it('is set aside, not followed, whatever its shape', () => {
    const root = exampleCopy();
    const journal = join(root, 'sessions', 'elvedal-1', '.summary.md.journal');
    for (const body of ['null', '{"files":{}}', '{"files":[null]}', '[1,2]']) {
      writeFileSync(journal, body);
      expect(() => replayJournal(journal)).not.toThrow();
      expect(existsSync(journal)).toBe(false);
    }
  });
});
