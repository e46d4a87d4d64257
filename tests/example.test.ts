// The bundled example in sessions/: what the README promises about it holds.
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { leakProblems } from '../src/core/leak-check.js';
import { turnsOf } from '../src/core/model.js';
import { loadProject, readKey } from '../src/store/project.js';
import { readTextFile } from '../src/store/text-file.js';
import { readMarkdownTranscript } from '../src/transcript/markdown.js';
import { EXAMPLE, exampleCopy, fokus } from './helpers.js';

interface Status {
  groups: {
    id: string;
    participants: number;
    byCategory: Record<string, number>;
    sessions: { number: number; stage: string; transcript?: { turns: number; format: string } }[];
  }[];
  problems: { errors: number; warnings: number };
}

describe('the bundled example', () => {
  it('validates without a single problem', () => {
    const r = fokus(['validate', '--project', 'sessions']);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^no problems in \d+ files\n$/);
    expect(r.code).toBe(0);
  });

  it("status shows both groups' four sessions, all transcribed", () => {
    const s = JSON.parse(fokus(['status', '--project', 'sessions', '--json']).stdout) as Status;
    expect(s.groups.map((g) => g.id)).toEqual(['elvedal', 'fjordvik']);
    for (const g of s.groups) {
      expect(g.sessions.map((x) => x.number)).toEqual([1, 2, 3, 4]);
      expect(g.sessions.every((x) => x.stage === 'transcribed')).toBe(true);
      expect(g.participants).toBeGreaterThanOrEqual(6);
      expect(g.participants).toBeLessThanOrEqual(10);
      expect(Object.keys(g.byCategory).sort()).toEqual(['staff', 'user-representative']);
    }
    expect(s.problems).toEqual({ errors: 0, warnings: 0 });
    const text = fokus(['status', '--project', 'sessions']).stdout;
    expect(text).toMatch(/^Elvedal \(elvedal, mixed, Elvedal kommune\)/m);
    expect(text).toMatch(/^\s+4\s+fjordvik-4\s+2025-11-25\s+transcribed/m);
  });

  it('has transcripts worth analysing, in both forms, with headings tied to the guides', () => {
    const p = loadProject(EXAMPLE);
    const forms = new Set<string>();
    for (const s of p.sessions) {
      expect(s.transcript, s.session.value.id).toBeDefined();
      const t = s.transcript!;
      forms.add(t.format);
      expect(turnsOf(t.transcript).length, s.session.value.id).toBeGreaterThanOrEqual(40);
      const questions = t.transcript.blocks.flatMap((b) => (b.kind === 'heading' && b.question ? [b.question] : []));
      expect(questions.length, s.session.value.id).toBeGreaterThanOrEqual(5);
      // Everyone who attended has a say.
      const speakers = new Set(turnsOf(t.transcript).map((x) => x.speaker));
      for (const a of s.session.value.attendees ?? []) expect(speakers.has(a), `${a} in ${s.session.value.id}`).toBe(true);
    }
    expect([...forms].sort()).toEqual(['md', 'yaml']);
  });

  it('keeps every name in the key out of every other file', () => {
    const p = loadProject(EXAMPLE);
    const key = readKey(EXAMPLE)!.key;
    const team = new Set((p.manifest.value.team ?? []).map((t) => t.code));
    const texts = [...p.yaml]
      .filter(([f]) => !f.endsWith('key.yaml'))
      .map(([file, y]) => ({ file, text: y.source, ...(file.endsWith('fokus.yaml') ? { allowed: team } : {}) }));
    for (const s of p.sessions) texts.push({ file: s.transcript!.file, text: readTextFile(s.transcript!.file).text });
    expect(texts.length).toBeGreaterThan(20);
    expect(leakProblems(texts, key)).toEqual([]);
  });

  it('fjordvik-3 is what importing its Teams recording gives (headings were added by hand)', () => {
    const dir = exampleCopy();
    const shipped = readMarkdownTranscript('t.md', readFileSync(join(dir, 'sessions', 'fjordvik-3', 'transcript.md'), 'utf8')).transcript;
    rmSync(join(dir, 'sessions', 'fjordvik-3', 'transcript.md'));
    const r = fokus(['import', 'fjordvik-3', 'raw/fjordvik-3-teams.vtt', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { keyAdded: string[]; replaced: Record<string, number> };
    expect(out.keyAdded).toEqual([]); // every Teams display name was already in the key
    expect(Object.values(out.replaced).reduce((a, b) => a + b, 0)).toBe(15); // 14 first names and one place
    const imported = readMarkdownTranscript('t.md', readFileSync(join(dir, 'sessions', 'fjordvik-3', 'transcript.md'), 'utf8')).transcript;
    expect(imported.title).toBe(shipped.title);
    expect(imported.source).toBe(shipped.source);
    expect(turnsOf(imported)).toEqual(turnsOf(shipped));
  });

  it('converts every transcript to the other form and back byte for byte', () => {
    const dir = exampleCopy();
    for (const id of readdirSync(join(dir, 'sessions'))) {
      const folder = join(dir, 'sessions', id);
      const [file] = readdirSync(folder).filter((f) => f.startsWith('transcript.'));
      const before = readFileSync(join(folder, file!), 'utf8');
      const [from, to] = file!.endsWith('.md') ? ['md', 'yaml'] : ['yaml', 'md'];
      expect(fokus(['transcript', 'convert', id, '--to', to!], { cwd: dir }).code).toBe(0);
      expect(fokus(['transcript', 'convert', id, '--to', from!], { cwd: dir }).code).toBe(0);
      // Markdown files come back as written; YAML files come back in fokus's own layout of the same data.
      if (from === 'md') expect(readFileSync(join(folder, file!), 'utf8'), id).toBe(before);
      else expect(readTextFile(join(folder, file!)).text.length).toBeGreaterThan(1000);
    }
    expect(fokus(['validate'], { cwd: dir }).code).toBe(0);
  });
});
