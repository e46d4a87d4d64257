// The multi-stage loop through the command line on a small project: summarize -> prepare ->
// feedback -> guide next, and what status makes of it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Prompter } from '../src/ui/prompt.js';
import { codedProject, fingerprint, fokus, fokusIn, tmp } from './helpers.js';
import { unzip } from '../src/store/zip.js';

const S1 = (dir: string, file: string) => join(dir, 'sessions', 'hamar-1', file);

function ok(dir: string, args: string[]) {
  const r = fokus(args, { cwd: dir });
  if (r.code !== 0) throw new Error(`fokus ${args.join(' ')}: ${r.stderr}`);
  return r;
}

/** A project with hamar-1 held and tagged by two observers, and hamar-2 planned without a guide. */
function loopProject(): string {
  const dir = codedProject();
  ok(dir, [
    'tag',
    'hamar-1',
    '--observer',
    'O1',
    '--turn',
    't2',
    '--code',
    'arenaer/hjemmet',
    '--mark',
    'quote',
    '--memo',
    'Hjemmebesøk viser hverdagen.',
  ]);
  ok(dir, ['tag', 'hamar-1', '--observer', 'O2', '--turn', 't3', '--code', 'arenaer/hjemmet', '--mark', 'consensus']);
  ok(dir, ['tag', 'hamar-1', '--observer', 'O1', '--turn', 't6', '--code', 'verdier/medvirkning', '--mark', 'quote']);
  ok(dir, ['tag', 'hamar-1', '--observer', 'O1', '--turn', 't7', '--code', 'verdier/medvirkning', '--mark', 'dissent']);
  ok(dir, ['participant', 'add', 'P4', '--group', 'hamar', '--category', 'staff', '--consent', 'pending']);
  ok(dir, ['session', 'add', 'hamar-2', '--group', 'hamar', '--date', '2025-05-06', '--moderator', 'M1', '--observer', 'O1']);
  return dir;
}

describe('the loop on a small project', () => {
  let dir: string;
  beforeAll(() => {
    dir = loopProject();
  });

  it('summarize drafts the summary with points, standing, quotes by category and open questions', () => {
    const r = ok(dir, ['summarize', 'hamar-1', '--json']);
    const j = JSON.parse(r.stdout);
    expect(j.new).toBe(true);
    const points = j.themes.flatMap((t: { points: unknown[] }) => t.points);
    expect(
      points.map((p: { id: string; code: string; standing: string; voices: string[] }) => [p.id, p.code, p.standing, p.voices]),
    ).toEqual([
      ['p1', 'arenaer/hjemmet', 'shared', ['P1', 'P2']],
      ['p2', 'verdier/medvirkning', 'dissent', ['P1', 'P2']],
    ]);
    const text = readFileSync(S1(dir, 'summary.md'), 'utf8');
    expect(text).toMatch(/^---\nsession: hamar-1\nversion: 1\nlanguage: nb\n---\n/);
    expect(text).toContain('### Hjemmet (arenaer) {#p1}');
    expect(text).toContain('_Felles syn · tatt opp av 2 av 3 deltakere (1 ansatt, 1 brukerrepresentant)_');
    expect(text).toContain('> «Jeg er mest ute i hjemmene. Hjemmebesøk er kjernen for oss, for da ser vi hverdagen slik den er.» (ansatt)');
    expect(text).toContain('_Uenighet · tatt opp av 2 av 3 deltakere');
    // Quotes are attributed by category, never by code.
    expect(text).not.toMatch(/\((P\d|M\d)\)/);
    expect(existsSync(S1(dir, 'history/summary-drafted.yaml'))).toBe(true);
  });

  it('summarize again keeps an edited point word for word and adds new material as a proposal', () => {
    const path = S1(dir, 'summary.md');
    const edited = readFileSync(path, 'utf8').replace('Hjemmebesøk viser hverdagen.', 'Hjemmet er der hjelpen virker; alle var enige.');
    writeFileSync(path, edited);
    ok(dir, ['tag', 'hamar-1', '--observer', 'O2', '--turn', 't4', '--code', 'arenaer/gruppe', '--mark', 'minority']);
    const r = ok(dir, ['summarize', 'hamar-1']);
    expect(r.stdout).toContain('kept as you wrote them: p1');
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('Hjemmet er der hjelpen virker; alle var enige.');
    expect(text).toMatch(/### Gruppe \(arenaer\) \{#p3\}\n\n_Forslag fra fokus/);
    // Nothing changes on a third run.
    const again = ok(dir, ['summarize', 'hamar-1']);
    expect(again.stdout).toContain('Unchanged:');
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('guide next builds hamar-2 guide from the summary and attaches it to the planned session', () => {
    const r = ok(dir, ['guide', 'next', 'hamar', '--json']);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ guide: 'hamar-2', summary: 'hamar-1', session: 'hamar-2' });
    const g = parse(readFileSync(join(dir, 'guides', 'hamar-2.yaml'), 'utf8'));
    expect(g.questions[0]).toMatchObject({ id: 'q1', presents: 'summary' });
    const texts = g.questions.map((q: { text: string }) => q.text);
    expect(texts).toContain('Sist var det ulike syn på «Medvirkning (verdier)». Hvor står dere nå?');
    expect(g.questions.map((q: { id: string }) => q.id)).toEqual(g.questions.map((_: unknown, i: number) => `q${i + 1}`));
    expect(g.questions.find((q: { note?: string }) => q.note === 'Fra oppsummeringen av hamar-1 (p2).')).toBeDefined();
    expect(parse(readFileSync(join(dir, 'sessions', 'hamar-2', 'session.yaml'), 'utf8')).guide).toBe('hamar-2');
    const twice = fokus(['guide', 'next', 'hamar'], { cwd: dir });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('guide hamar-2 already exists');
  });

  it('prepare writes the pack as Markdown and Word: guide with a clock, the summary to validate, consent, field notes', () => {
    const r = ok(dir, ['prepare', 'hamar-2', '--json']);
    const j = JSON.parse(r.stdout);
    expect(j.previous).toBe('hamar-1');
    expect(j.warnings).toContain('consent not given for P4');
    const md = readFileSync(join(dir, 'sessions', 'hamar-2', 'hamar-2-pack.md'), 'utf8');
    expect(md).toContain('## Sjekkliste');
    expect(md).toContain('- [ ] Samtykke: P4 har ikke svart ennå. Avklar før samlingen starter.');
    expect(md).toMatch(/\| P4 \| ansatt \| venter \| ☐ \|/);
    expect(md).toMatch(/### q1 · 0:00–0:15 · Innledning \(15 minutter\)/);
    expect(md).toContain('## Oppsummeringen fra samling 1 (12. mars 2025)');
    expect(md).toContain('#### p1 · Hjemmet (arenaer)');
    expect(md).toContain('p1: ☐ bekreftet   ☐ korrigert   ☐ nyansert   ☐ avvist');
    expect(md).toContain('Hjemmet er der hjelpen virker; alle var enige.');
    expect(md).toContain('## Feltnotater (observatør)');
    // The team by code only: names stay out of the project's copy.
    expect(md).not.toMatch(/M1 \(/);

    const files = unzip(readFileSync(join(dir, 'sessions', 'hamar-2', 'hamar-2-pack.docx')));
    const xml = files.get('word/document.xml')!.toString('utf8');
    expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
    expect(xml).toContain('<w:pStyle w:val="Quote"/>');
    expect(xml).toContain('<w:tblHeader/>');
    expect(xml).toContain('Hjemmet er der hjelpen virker; alle var enige.');
    expect(xml).toContain('Feltnotater (observatør)');
    const footer = [...files].find(([n]) => /word\/footer\d*\.xml/.test(n))![1].toString('utf8');
    expect(footer).toMatch(/PAGE/);
    expect(files.get('docProps/core.xml')!.toString('utf8')).toContain('<dc:title>Samlingsmappe: Hamar, samling 2</dc:title>');
    expect(files.get('word/styles.xml')!.toString('utf8')).toContain('w:val="nb-NO"');
  });

  it('prepare --with-names writes names only outside the project, and refuses inside it without writing', () => {
    writeFileSync(join(dir, 'key.yaml'), 'people:\n  - code: P1\n    name: Kari Nordmann\n  - code: P4\n    name: Ola Åsen\n');
    const before = fingerprint(dir);
    const inside = fokus(['prepare', 'hamar-2', '--with-names'], { cwd: dir });
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain('--with-names writes real names: give -o a folder outside the project');
    expect(fingerprint(dir)).toEqual(before);
    const out = tmp('fokus-pack-');
    ok(dir, ['prepare', 'hamar-2', '--with-names', '--format', 'md', '-o', out]);
    const md = readFileSync(join(out, 'hamar-2-pack.md'), 'utf8');
    expect(md).toMatch(/\| P4 \| Ola Åsen \| ansatt \| venter \| ☐ \|/);
    expect(md).toContain('Moderatorens eget eksemplar med navn');
  });

  it('feedback records the validation: a new version, the old one in history, lines in the summary, and status knows', () => {
    const path = S1(dir, 'summary.md');
    const presented = readFileSync(path, 'utf8');
    const r = ok(dir, [
      'feedback',
      'hamar-1',
      '--point',
      'p1=confirmed',
      '--point',
      'p2=corrected',
      '--by',
      'p2=P2',
      '--note',
      'p2=Det handler om å bli hørt, ikke om å bestemme alt.',
      '--add',
      'Ventetid er et problem. Folk venter i ukevis.',
      '--add-by',
      'P3',
      '--json',
    ]);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ at: 'hamar-2', date: '2025-05-06', version: 2, newVersion: true, notValidated: ['p3'] });
    expect(readFileSync(S1(dir, 'history/summary-v1.md'), 'utf8')).toBe(presented);
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/^---\nsession: hamar-1\nversion: 2\n/);
    expect(text).toContain('**Validert på samling 2 (2025-05-06):** korrigert av P2. Det handler om å bli hørt, ikke om å bestemme alt.');
    expect(text).toContain('### Ventetid er et problem {#p4}');
    const fb = parse(readFileSync(S1(dir, 'feedback.yaml'), 'utf8'));
    expect(fb.validations[0]).toMatchObject({
      at: 'hamar-2',
      version: 1,
      responses: [
        { point: 'p1', response: 'confirmed', by: 'group' },
        { point: 'p2', response: 'corrected', by: ['P2'] },
      ],
      added: [{ point: 'p4', by: ['P3'] }],
    });
    expect(readFileSync(S1(dir, 'feedback.yaml'), 'utf8')).toContain('by: [P2]');

    // The same point twice is refused, and nothing is written.
    const before = fingerprint(dir);
    const twice = fokus(['feedback', 'hamar-1', '--point', 'p1=rejected'], { cwd: dir });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('p1 already has a response from hamar-2 (confirmed)');
    expect(fingerprint(dir)).toEqual(before);

    const st = JSON.parse(ok(dir, ['status', '--json']).stdout);
    const s1 = st.groups[0].sessions.find((s: { id: string }) => s.id === 'hamar-1');
    expect(s1).toMatchObject({ stage: 'validated', summary: { version: 2, points: 4, notValidated: ['p3'] }, validatedAt: ['hamar-2'] });
    expect(st.next).toContainEqual(expect.objectContaining({ who: 'moderator', session: 'hamar-2', command: 'fokus prepare hamar-2' }));
    expect(ok(dir, ['validate']).code).toBe(0);
  });

  it('validate names a response by someone outside the group, at its place in feedback.yaml', () => {
    const fb = S1(dir, 'feedback.yaml');
    const saved = readFileSync(fb, 'utf8');
    writeFileSync(fb, saved.replace('by: [P2]', 'by: [P9]'));
    const r = fokus(['validate'], { cwd: dir });
    writeFileSync(fb, saved);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/feedback\.yaml:\d+:\d+: P9 is not a participant in hamar/);
  });
});

describe('guide next', () => {
  it('counts a session with a transcript as held, whatever its status says', () => {
    const dir = loopProject();
    ok(dir, ['summarize', 'hamar-1']);
    const file = join(dir, 'sessions', 'hamar-1', 'session.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('status: held', 'status: planned'));
    const j = JSON.parse(ok(dir, ['guide', 'next', 'hamar', '--json']).stdout);
    expect(j).toMatchObject({ guide: 'hamar-2', summary: 'hamar-1', session: 'hamar-2' });
  });
});

describe('feedback on a terminal', () => {
  it('walks through the points, asks who and what, takes new points, and saves', async () => {
    const dir = loopProject();
    ok(dir, ['summarize', 'hamar-1']);
    const queue: unknown[] = [
      'confirmed',
      '',
      '',
      'nuanced',
      'P1',
      'Noen ganger må vi bestemme.',
      true,
      'Pårørende bør inviteres.',
      'P2',
      false,
      'God stemning.',
    ];
    const asked: string[] = [];
    const next = (m: string) => {
      asked.push(m);
      if (!queue.length) throw new Error(`unexpected question: ${m}`);
      return queue.shift();
    };
    const prompter: Prompter = {
      input: async (q) => String(next(q.message)),
      select: async <T>(q: { message: string }) => next(q.message) as T,
      confirm: async (q) => Boolean(next(q.message)),
      checkbox: async () => [],
      pickCodes: async () => [],
    };
    const r = await fokusIn(['feedback', 'hamar-1'], { cwd: dir, interactive: true, prompter });
    expect(r.code).toBe(0);
    expect(asked[0]).toBe('What did the group say to p1?');
    expect(queue).toEqual([]);
    const fb = parse(readFileSync(S1(dir, 'feedback.yaml'), 'utf8'));
    expect(fb.validations[0].responses).toEqual([
      { point: 'p1', response: 'confirmed', by: 'group' },
      { point: 'p2', response: 'nuanced', by: ['P1'], note: 'Noen ganger må vi bestemme.' },
    ]);
    expect(fb.validations[0].added).toEqual([{ point: 'p3', text: 'Pårørende bør inviteres.', by: ['P2'] }]);
    expect(fb.validations[0].note).toBe('God stemning.');
  });

  it('off a terminal without flags it says which flag to give', () => {
    const dir = loopProject();
    ok(dir, ['summarize', 'hamar-1']);
    const r = fokus(['feedback', 'hamar-1'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing --point p1=confirmed (or --rest confirmed) (there is no terminal to ask on)');
  });
});
