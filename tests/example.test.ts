// The bundled example in sessions/: what the README promises about it holds.
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { leakProblems } from '../src/core/leak-check.js';
import { turnsOf } from '../src/core/model.js';
import { codeSession } from '../src/core/coding.js';
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

  it("status shows both groups' four sessions: three validated at the next, the last summarised", () => {
    const s = JSON.parse(fokus(['status', '--project', 'sessions', '--json']).stdout) as Status;
    expect(s.groups.map((g) => g.id)).toEqual(['elvedal', 'fjordvik']);
    for (const g of s.groups) {
      expect(g.sessions.map((x) => x.number)).toEqual([1, 2, 3, 4]);
      expect(g.sessions.map((x) => x.stage)).toEqual(['validated', 'validated', 'validated', 'summarised']);
      expect(g.participants).toBeGreaterThanOrEqual(6);
      expect(g.participants).toBeLessThanOrEqual(10);
      expect(Object.keys(g.byCategory).sort()).toEqual(['staff', 'user-representative']);
    }
    expect(s.problems).toEqual({ errors: 0, warnings: 0 });
    const text = fokus(['status', '--project', 'sessions']).stdout;
    expect(text).toMatch(/^Elvedal \(elvedal, mixed, Elvedal kommune\)/m);
    expect(text).toMatch(/^\s+4\s+fjordvik-4\s+2025-11-25\s+Kritisk refleksjon\s+●●●●●○\s+summarised/m);
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

  describe('tags from two observers', () => {
    const p = loadProject(EXAMPLE);
    const coded = p.sessions.map((s) =>
      codeSession(
        s.session.value,
        s.transcript?.transcript,
        s.tags.map((f) => ({ observer: f.observer, value: f.value })),
      ),
    );

    it('every transcript carries tags from O1 and O2, every tag placed exactly where it says', () => {
      expect(coded).toHaveLength(8);
      for (const s of coded) {
        expect(s.observers, s.session.id).toEqual(['O1', 'O2']);
        for (const o of ['O1', 'O2']) expect(s.tags.filter((t) => t.observer === o).length, `${s.session.id} ${o}`).toBeGreaterThan(50);
        expect(
          s.tags.filter((t) => t.status !== 'exact'),
          s.session.id,
        ).toEqual([]);
      }
      const codes = new Set(p.codebook!.value.codes.map((c) => c.code));
      expect(coded.flatMap((s) => s.tags).every((t) => codes.has(t.tag.code))).toBe(true);
    });

    it('agreement, stats, compare, participation and search give meaningful answers', () => {
      const a = JSON.parse(fokus(['agreement', '--all', '--json', '-p', 'sessions']).stdout);
      expect(a.sessions).toHaveLength(8);
      expect(a.units).toBe(coded.reduce((n, s) => n + s.turns.length, 0));
      expect(a.overall.kappa).toBeGreaterThan(0.6);
      expect(a.overall.kappa).toBeLessThan(0.99);
      expect(a.disagreements.length).toBeGreaterThan(20);
      const stats = JSON.parse(fokus(['stats', '--json', '--level', '1', '-p', 'sessions']).stdout);
      expect(stats.codes.map((c: { code: string }) => c.code).sort()).toEqual([
        'arbeidsformer',
        'arenaer',
        'behov',
        'brukermedvirkning',
        'kompetanse',
        'rammer',
        'roller',
        'verdier',
      ]);
      const cmp = JSON.parse(fokus(['compare', '--json', '-p', 'sessions']).stdout);
      expect(cmp.perspectives.map((x: { id: string }) => x.id)).toEqual(['staff', 'user-representative']);
      expect(cmp.rows.some((r: { only?: string }) => r.only)).toBe(true);
      expect(cmp.rows.some((r: { dissent: number }) => r.dissent > 0)).toBe(true);
      for (const s of coded) {
        const part = JSON.parse(fokus(['participation', s.session.id, '--json', '-p', 'sessions']).stdout);
        const shares = part.people
          .filter((x: { kind: string }) => x.kind === 'participant')
          .reduce((n: number, x: { share: number }) => n + x.share, 0);
        expect(shares, s.session.id).toBeCloseTo(1, 9);
      }
      const hits = JSON.parse(fokus(['search', 'ventetid', '--json', '-p', 'sessions']).stdout).hits;
      expect(new Set(hits.map((h: { group: string }) => h.group))).toEqual(new Set(['elvedal', 'fjordvik']));
    });

    it('a corrected transcript keeps its tags: a tagged turn split in two, a typo fixed', () => {
      const dir = exampleCopy();
      const path = join(dir, 'sessions', 'elvedal-1', 'transcript.md');
      const text = readFileSync(path, 'utf8');
      const before = JSON.parse(fokus(['stats', '--json', '--session', 'elvedal-1'], { cwd: dir }).stdout);
      // t7 split after its second sentence into t7 and a new t7b; "omorganiseringer" corrected in t11.
      const edited = text
        .replace('av bordet, kan du si. [latter] Jeg har', 'av bordet, kan du si. [latter]\n\n**P3** #t7b: Jeg har')
        .replace('omorganiseringer', 'omorganiseringar');
      expect(edited).toContain('#t7b: Jeg har egen erfaring');
      expect(edited).toContain('omorganiseringar');
      writeFileSync(path, edited);
      const v = fokus(['validate', '--json'], { cwd: dir });
      const orphans = JSON.parse(v.stdout).problems.filter((x: { code: string }) => x.code === 'orphaned-tag');
      expect(orphans).toEqual([]);
      const after = JSON.parse(fokus(['stats', '--json', '--session', 'elvedal-1'], { cwd: dir }).stdout);
      expect(after.orphaned).toBe(0);
      expect(after.codes.reduce((n: number, c: { tags: number }) => n + c.tags, 0)).toBe(
        before.codes.reduce((n: number, c: { tags: number }) => n + c.tags, 0),
      );
    });
  });
});

describe('the loop in the example', () => {
  const p = loadProject(EXAMPLE);
  const ids = (s: (typeof p.sessions)[number]) => s.summary!.summary.themes.flatMap((t) => t.points.map((x) => x.id!));

  it('has a written summary for every session and a validation at the next session for sessions 1 to 3', () => {
    for (const s of p.sessions) {
      const v = s.session.value;
      const sum = s.summary!;
      expect(sum, v.id).toBeDefined();
      const points = ids(s);
      expect(points.length, v.id).toBeGreaterThanOrEqual(3);
      expect(points.length, v.id).toBeLessThanOrEqual(9);
      // Every point states its standing (but one the group added at validation), and quotes are attributed by category only.
      const added = new Set((s.feedback?.value.validations ?? []).flatMap((x) => (x.added ?? []).map((a) => a.point)));
      for (const t of sum.summary.themes)
        for (const x of t.points) {
          if (!added.has(x.id!)) expect(x.standing, `${v.id} ${x.id}`).toBeDefined();
          for (const q of x.quotes) expect(['brukerrepresentant', 'ansatt'], `${v.id} ${x.id}`).toContain(q.by);
        }
      if (v.number < 4) {
        const fb = s.feedback!.value;
        expect(fb.validations.map((x) => x.at)).toEqual([`${v.group}-${v.number + 1}`]);
        expect(sum.front.version).toBe(2);
        // Every point presented got a response; what the group added is a point of its own.
        const answered = new Set([
          ...fb.validations[0]!.responses.map((r) => r.point),
          ...(fb.validations[0]!.added ?? []).map((a) => a.point),
        ]);
        expect(
          points.filter((x) => !answered.has(x)),
          v.id,
        ).toEqual([]);
        const presented = readFileSync(join(s.dir, 'history', 'summary-v1.md'), 'utf8');
        expect(presented).toMatch(/^---\nsession: [a-z]+-\d\nversion: 1\n/);
        expect(presented).not.toContain('**Validert');
      } else {
        expect(s.feedback).toBeUndefined();
        expect(sum.front.version).toBe(1);
      }
    }
    const counts = { confirmed: 0, corrected: 0, nuanced: 0, rejected: 0 };
    for (const s of p.sessions) for (const v of s.feedback?.value.validations ?? []) for (const r of v.responses) counts[r.response]++;
    expect(counts.confirmed).toBeGreaterThan(0);
    expect(counts.corrected).toBeGreaterThan(0);
    expect(counts.nuanced).toBeGreaterThan(0);
  });

  it('drafting again changes none of the researchers’ summaries', () => {
    for (const s of p.sessions) {
      const r = fokus(['summarize', s.session.value.id, '--project', 'sessions', '--dry-run', '--json']);
      expect(r.code).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.written, s.session.value.id).toBe(false);
      expect(
        j.changes.filter((c: { action: string }) => c.action !== 'kept'),
        s.session.value.id,
      ).toEqual([]);
    }
  });

  it('goes summarise -> prepare -> feedback -> guide next for a new session of a group', () => {
    const dir = exampleCopy();
    const run = (args: string[]) => {
      const r = fokus([...args, '--project', dir]);
      if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    run(['guide', 'next', 'elvedal']);
    const guide = readFileSync(join(dir, 'guides', 'elvedal-5.yaml'), 'utf8');
    expect(guide).toContain('presents: summary');
    expect(guide).toContain('note: Fra oppsummeringen av elvedal-4');
    run(['session', 'add', 'elvedal-5', '--group', 'elvedal', '--date', '2026-02-03', '--guide', 'elvedal-5', '--moderator', 'M1']);
    const pack = JSON.parse(run(['prepare', 'elvedal-5', '--with-other-groups', '--json']));
    expect(pack).toMatchObject({ previous: 'elvedal-4', others: ['fjordvik-4'] });
    const md = readFileSync(join(dir, 'sessions', 'elvedal-5', 'elvedal-5-pack.md'), 'utf8');
    const four = p.sessions.find((s) => s.session.value.id === 'elvedal-4')!;
    for (const id of ids(four)) expect(md).toContain(`${id}: ☐ bekreftet`);
    expect(md).toContain('## Fra de andre gruppene');
    const fb = JSON.parse(run(['feedback', 'elvedal-4', '--rest', 'confirmed', '--json']));
    expect(fb).toMatchObject({ at: 'elvedal-5', version: 2, notValidated: [] });
    const check = fokus(['validate', '--project', dir, '--json']);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout).problems).toEqual([]);
  });
});
