// Names never reach a transcript, and nothing fokus prints repeats one: import and validate
// through the real binary, on the cases a reviewer would try first.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprint, fokus, smallProject } from './helpers.js';

const KEY = 'people:\n  - code: P1\n    name: Kari Nordmann\n  - code: P2\n    name: Per Lund\nidentifiers: []\n';

function project(key = KEY): string {
  const dir = smallProject();
  writeFileSync(join(dir, 'key.yaml'), key, { mode: 0o600 });
  return dir;
}
const transcript = (dir: string) => readFileSync(join(dir, 'sessions', 'hamar-1', 'transcript.md'), 'utf8');

describe('import keeps names out of the transcript', () => {
  it('an unknown voice keeps its own name: a guest sharing a first name with P1 is never made P1', () => {
    const dir = project();
    writeFileSync(join(dir, 'm.txt'), 'Kari Gjest: Hei.\nP2: Velkommen, Kari. Kari Gjest er ny, og vi har to timer per uke.\n');
    const r = fokus(['import', 'hamar-1', 'm.txt', '--map', 'Kari Gjest=?', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const md = transcript(dir);
    expect(md).toContain('**P2** #t2: Velkommen, Kari. [navn] er ny, og vi har to timer per uke.');
    expect(md).not.toContain('P1');
    // The shared first name is flagged for a person to resolve.
    expect(JSON.parse(r.stdout).flagged).toEqual([{ turn: 't2', what: 'a name shared by P1 and an unknown voice (from key.yaml)' }]);
    // The next import knows the voice without a --map.
    expect(fokus(['import', 'hamar-1', 'm.txt', '--force'], { cwd: dir }).code).toBe(0);
  });

  it('a one-word unknown voice does not swallow ordinary words', () => {
    const dir = project('people:\n  - code: P1\n    name: Kari Nordmann\nidentifiers: []\n');
    writeFileSync(join(dir, 'm.txt'), 'Per: Hei.\nP1: Det er to ganger per uke, sa Per.\n');
    expect(fokus(['import', 'hamar-1', 'm.txt', '--map', 'Per=?'], { cwd: dir }).code).toBe(0);
    expect(transcript(dir)).toContain('**P1** #t2: Det er to ganger per uke, sa [navn].');
  });

  it('a --map in "Surname, First" form matches the plain label; a code is not a name; two maps that disagree are named as such', () => {
    const dir = project('people: []\nidentifiers: []\n');
    writeFileSync(join(dir, 'm.txt'), 'Kari Nordmann: Hei.\nP2: Hallo.\n');
    expect(fokus(['import', 'hamar-1', 'm.txt', '--map', 'Nordmann, Kari=P1'], { cwd: dir }).code).toBe(0);
    expect(transcript(dir)).toContain('**P1** #t1: Hei.');
    const before = fingerprint(dir);
    expect(fokus(['import', 'hamar-1', 'm.txt', '--force', '--map', 'P2=P1'], { cwd: dir }).stderr).toBe(
      '--map "P2=P1": P2 is a code, not a name\n',
    );
    expect(fokus(['import', 'hamar-1', 'm.txt', '--force', '--map', 'Lind, Hanne=M1', '--map', 'Hanne Lind=P1'], { cwd: dir }).stderr).toBe(
      '--map gives "Hanne Lind" two codes, M1 and P1\n',
    );
    expect(fingerprint(dir)).toEqual(before);
  });

  it('withholds a source file name that holds a name, in any case or form', () => {
    const dir = project();
    for (const name of ['intervju-kari.txt', 'KariNordmann.txt', 'per_lund.txt']) {
      writeFileSync(join(dir, 'raw', name), 'P1: Hei.\n');
      expect(fokus(['import', 'hamar-1', `raw/${name}`, '--force'], { cwd: dir }).code).toBe(0);
      expect(transcript(dir)).toContain('source: raw/(name withheld).txt');
    }
  });
});

describe('validate never prints a name', () => {
  it('hides names in paths and in lower case, flags file names, checks hidden files, warns about surnames', () => {
    const dir = project();
    mkdirSync(join(dir, 'notes', '.privat'), { recursive: true });
    writeFileSync(join(dir, 'notes', '.privat', 'n.md'), 'Kari Nordmann ringte.\n');
    writeFileSync(join(dir, 'notes', 'Kari Nordmann.md'), 'kari: 1\n');
    writeFileSync(join(dir, 'sessions', 'hamar-1', 'transcript.md'), '**M1** #t1: Nordmann sa noe.\n\n**kari** #t2: hei\n');
    const r = fokus(['validate', '--json'], { cwd: dir });
    const out = JSON.parse(r.stdout) as { problems: { file: string; code: string; severity: string; message: string }[] };
    const all = r.stdout + r.stderr;
    for (const w of ['Kari', 'kari', 'Nordmann', 'Per Lund']) expect(all).not.toContain(w);
    expect(out.problems.map((p) => [p.file, p.code, p.severity])).toEqual(
      expect.arrayContaining([
        ['notes/.privat/n.md', 'name-leak', 'error'],
        ["notes/[P1's name].md", 'name-leak', 'error'],
        ['sessions/hamar-1/transcript.md', 'name-leak', 'warning'],
        ['sessions/hamar-1/transcript.md', 'unknown-speaker', 'error'],
      ]),
    );
    expect(out.problems.find((p) => p.code === 'unknown-speaker')!.message).toBe("unknown participant code '[P1's name]' in turn t2");
  });

  it('hides names even when key.yaml itself cannot be read as a key', () => {
    const dir = project('people:\n  - code: P1\n    name: Kari Nordmann\n    alias: [KN]\nKari Nordmann: P1\n');
    writeFileSync(join(dir, 'sessions', 'hamar-1', 'transcript.md'), '**Kari** #t1: hei\n');
    const r = fokus(['validate'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^key\.yaml:4:5: unknown field 'alias' \(did you mean 'aliases'\?\)$/m);
    expect(r.stdout).toMatch(/^key\.yaml:5:1: unknown field: this line reads as "key: value" but the key is not a field name/m);
    expect(r.stdout).toMatch(/^sessions\/hamar-1\/transcript\.md:1:3: unknown participant code '\[a name\]' in turn t1$/m);
    expect(r.stdout + r.stderr).not.toMatch(/Kari|Nordmann/);
  });
});
