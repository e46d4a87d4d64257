// Every command through the real binary, in temporary project folders, asserting on the files
// it leaves and what it prints.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, fingerprint, fokus, smallProject, tmp } from './helpers.js';

const json = <T = unknown>(r: { code: number; stdout: string; stderr: string }): T => {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
};

describe('fokus --help and --version', () => {
  it('lists every command and starts without a project', () => {
    const r = fokus(['--help'], { cwd: tmp() });
    expect(r.code).toBe(0);
    for (const c of ['init', 'team', 'group', 'participant', 'session', 'guide', 'import', 'transcript', 'validate', 'status']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    }
    expect(fokus(['--version']).stdout.trim()).toBe(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
  });

  it("shows a subcommand's flags", () => {
    const r = fokus(['import', '--help']);
    expect(r.stdout).toContain('--map <name=code>');
    expect(r.stdout).toContain('--format <format>');
  });
});

describe('fokus init', () => {
  it('creates the project files, a private key and a .gitignore that keeps it out of git', () => {
    const dir = join(tmp(), 'studie');
    const r = fokus(['init', dir, '--yes', '--title', 'Tett på: ansatte', '--lang', 'en', '--purpose', 'To learn.', '--json']);
    const out = json<{ created: string[]; language: string }>(r);
    expect(out.created).toEqual(['fokus.yaml', 'participants.yaml', 'key.yaml', '.gitignore']);
    expect(statSync(join(dir, 'key.yaml')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['key.yaml', 'raw/']));
    const manifest = readFileSync(join(dir, 'fokus.yaml'), 'utf8');
    expect(manifest).toContain('title: "Tett på: ansatte"');
    expect(manifest).toContain('language: en');
    expect(manifest).toContain('name: Immersion in practice');
    for (const d of ['guides', 'sessions', 'raw']) expect(statSync(join(dir, d)).isDirectory()).toBe(true);
    expect(fokus(['validate'], { cwd: dir }).code).toBe(0);
  });

  it('keeps an existing .gitignore and adds only what is missing', () => {
    const dir = tmp();
    writeFileSync(join(dir, '.gitignore'), 'node_modules/\nraw/');
    expect(fokus(['init', '.', '--yes'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\nraw/\nkey.yaml\n');
  });

  it('keeps a key already in the folder (made private) and refuses, untouched, when a file is in the way', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'key.yaml'), 'people:\n  - code: P1\n    name: Kari Nordmann\n', { mode: 0o644 });
    writeFileSync(join(dir, '.gitignore'), 'node_modules/\r\n');
    const out = json<{ created: string[]; kept: string[] }>(fokus(['init', '.', '--yes', '--json'], { cwd: dir }));
    expect(out).toMatchObject({ created: ['fokus.yaml', 'participants.yaml', '.gitignore'], kept: ['key.yaml'] });
    expect(readFileSync(join(dir, 'key.yaml'), 'utf8')).toBe('people:\n  - code: P1\n    name: Kari Nordmann\n');
    expect(statSync(join(dir, 'key.yaml')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('node_modules/\r\nkey.yaml\r\nraw/\r\n');

    const blocked = tmp();
    writeFileSync(join(blocked, 'guides'), 'not a folder');
    const before = fingerprint(blocked);
    const r = fokus(['init', '.', '--yes'], { cwd: blocked });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('guides: is a file where fokus needs a folder; nothing was changed\n');
    expect(fingerprint(blocked)).toEqual(before);
  });

  it('refuses to overwrite a project', () => {
    const dir = smallProject();
    const before = fingerprint(dir);
    const r = fokus(['init', '.', '--yes'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('there is already a fokus project here');
    expect(fingerprint(dir)).toEqual(before);
  });
});

describe('team, group, participant, session', () => {
  it('add and list, with --json, and --project from outside', () => {
    const dir = smallProject();
    const outside = tmp();
    const team = json<{ code: string; roles: string[] }[]>(fokus(['team', 'list', '--json', '--project', dir], { cwd: outside }));
    expect(team).toEqual([
      { code: 'M1', roles: ['moderator'] },
      { code: 'O1', roles: ['observer'] },
    ]);
    const groups = json<{ id: string; participants: number; sessions: number }[]>(fokus(['group', 'list', '--json'], { cwd: dir }));
    expect(groups).toEqual([{ id: 'hamar', name: 'Hamar', site: 'Hamar kommune', kind: 'staff', participants: 3, sessions: 1 }]);
    const people = json<{ code: string; attended: string[] }[]>(fokus(['participant', 'list', '--json'], { cwd: dir }));
    expect(people.map((p) => [p.code, p.attended])).toEqual([
      ['P1', ['hamar-1']],
      ['P2', ['hamar-1']],
      ['P3', ['hamar-1']],
    ]);
    const table = fokus(['participant', 'list'], { cwd: dir }).stdout;
    expect(table).toMatch(/^P2\s+hamar\s+brukerrepresentant\s+given\s+1\s*$/m);
  });

  it('session add numbers the next session and marks it held when --held is given', () => {
    const dir = smallProject();
    const s = json<{ number: number; status: string }>(
      fokus(['session', 'add', 'hamar-2', '--group', 'hamar', '--date', '2025-05-06', '--json'], { cwd: dir }),
    );
    expect(s).toMatchObject({ id: 'hamar-2', group: 'hamar', number: 2, status: 'planned', planned: '2025-05-06' });
    expect(readFileSync(join(dir, 'sessions', 'hamar-2', 'session.yaml'), 'utf8')).toBe(
      'group: hamar\nnumber: 2\nstatus: planned\nplanned: 2025-05-06\n',
    );
    const list = json<{ id: string; stage: string }[]>(fokus(['session', 'list', '--json'], { cwd: dir }));
    expect(list.map((x) => [x.id, x.stage])).toEqual([
      ['hamar-1', 'held'],
      ['hamar-2', 'planned'],
    ]);
  });

  it("adding keeps the user's comments, blank lines and order in the file", () => {
    const dir = smallProject();
    const path = join(dir, 'participants.yaml');
    const hand =
      readFileSync(path, 'utf8').replace('participants:\n', 'participants:\n  # Ansatte først, så brukerne\n\n') +
      '  # P3 kom til etter første møte\n';
    writeFileSync(path, hand);
    expect(
      fokus(['participant', 'add', 'P4', '--group', 'hamar', '--category', 'relative', '--attr', 'relation=forelder'], { cwd: dir }).code,
    ).toBe(0);
    // The new record goes after the last one; a comment closing the list stays last.
    const added = '  - code: P4\n    group: hamar\n    category: relative\n    attributes:\n      relation: forelder\n';
    const closing = '  # P3 kom til etter første møte\n';
    expect(readFileSync(path, 'utf8')).toBe(hand.slice(0, -closing.length) + added + closing);
  });

  it('refuses duplicates and unknown references with a suggestion', () => {
    const dir = smallProject();
    expect(fokus(['participant', 'add', 'P1', '--group', 'hamar', '--category', 'staff'], { cwd: dir }).stderr).toContain(
      'code P1 is already a participant',
    );
    expect(fokus(['team', 'add', 'P2', '--role', 'observer'], { cwd: dir }).stderr).toContain('code P2 is already a participant');
    expect(fokus(['participant', 'add', 'P9', '--group', 'hamar', '--category', 'staf'], { cwd: dir }).stderr).toContain(
      "unknown category 'staf' (did you mean 'staff'?)",
    );
    expect(fokus(['session', 'add', 'hamar-9', '--group', 'hamar', '--number', '1'], { cwd: dir }).stderr).toContain(
      'group hamar already has session number 1 (hamar-1)',
    );
    expect(fokus(['session', 'add', 'hamar-9', '--group', 'hamar', '--moderator', 'M2'], { cwd: dir }).stderr).toContain(
      '--moderator M2 is not in the team',
    );
  });
});

describe('guides', () => {
  it.each([
    ['generic', 'nb'],
    ['generic', 'en'],
    ['core-competence', 'nb'],
    ['core-competence', 'en'],
    ['values', 'nb'],
    ['values', 'en'],
  ])('guide new --template %s --lang %s gives a valid guide', (template, lang) => {
    const dir = smallProject();
    const out = json<{ file: string }>(fokus(['guide', 'new', 'g', '--template', template, '--lang', lang, '--json'], { cwd: dir }));
    expect(readFileSync(out.file, 'utf8')).toBe(
      readFileSync(join(FIXTURES, '..', '..', 'templates', 'guides', `${template}.${lang}.yaml`), 'utf8'),
    );
    const v = fokus(['validate', '--json'], { cwd: dir });
    const problems = (JSON.parse(v.stdout) as { problems: { file?: string; severity: string; code: string }[] }).problems.filter((p) =>
      p.file?.includes('guides'),
    );
    // A template in the other language than the project's is the only thing validate may say about it.
    expect(problems.map((p) => p.code)).toEqual(lang === 'nb' ? [] : ['language']);
  });

  it('guide list shows the project guides and the templates', () => {
    const dir = smallProject();
    fokus(['guide', 'new', 'kjerne', '--template', 'core-competence'], { cwd: dir });
    const out = json<{ guides: { id: string; questions: number; minutes: number }[]; templates: { name: string; lang: string }[] }>(
      fokus(['guide', 'list', '--json'], { cwd: dir }),
    );
    expect(out.guides[0]).toMatchObject({ id: 'kjerne' });
    expect(out.guides[0]!.questions).toBeGreaterThanOrEqual(6);
    expect(out.guides[0]!.minutes).toBeGreaterThanOrEqual(90);
    expect(out.templates).toHaveLength(6);
    expect(fokus(['guide', 'new', 'x', '--template', 'valeus'], { cwd: dir }).stderr).toContain(
      "no template 'valeus' (did you mean 'values'?)",
    );
  });
});

describe('fokus import', () => {
  it('imports a Teams VTT: codes for speakers, names replaced, mapping remembered in a private key', () => {
    const dir = smallProject();
    copyFileSync(join(FIXTURES, 'import', 'teams.vtt'), join(dir, 'raw', 'teams.vtt'));
    const r = fokus(
      ['import', 'hamar-1', 'raw/teams.vtt', '--map', 'Kari Nordmann=P1', '--map', 'Ola Hansen=P2', '--map', 'Per Lund=M1', '--json'],
      { cwd: dir },
    );
    const out = json<{ turns: number; speakers: Record<string, number>; replaced: Record<string, number>; keyAdded: string[] }>(r);
    expect(out).toMatchObject({
      turns: 5,
      speakers: { P1: 2, P2: 2, M1: 1 },
      replaced: { P1: 1, P2: 1, M1: 1 },
      keyAdded: [
        { code: 'P1', as: 'person' },
        { code: 'P2', as: 'person' },
        { code: 'M1', as: 'person' },
      ],
    });
    const md = readFileSync(join(dir, 'sessions', 'hamar-1', 'transcript.md'), 'utf8');
    expect(md).toBe(
      [
        '---',
        'title: Hamar, samling 1',
        'source: raw/teams.vtt',
        '---',
        '',
        '**P1** [00:00:02.480-00:00:09.300] #t1: Ja, hei. Jeg tror lyden fungerer nå, så vi kan bare begynne.',
        '',
        '**P2** [00:00:11.020-00:00:19.400] #t2: Takk, P1. Jeg jobber i hjemmetjenesten & har gjort det i ti år. P2s kollega kommer senere.',
        '',
        '**P1** [00:00:20-00:00:23] #t3: Bra.',
        '',
        '**P2** [00:00:20-00:00:23] #t4: Ja.',
        '',
        '**M1** [00:00:24-00:00:27.500] #t5: M1 her, beklager at jeg er sen. Vi kjører to timer per uke.',
        '',
      ].join('\n'),
    );
    // The key learned the display names as spelled, and stays private.
    const key = readFileSync(join(dir, 'key.yaml'), 'utf8');
    expect(key).toContain('  - code: P1\n    name: Kari Nordmann\n');
    expect(key).toContain('  - code: P2\n    name: Ola Hansen\n');
    expect(statSync(join(dir, 'key.yaml')).mode & 0o777).toBe(0o600);
    expect(fokus(['validate'], { cwd: dir }).code).toBe(0);

    // A second import from the same tool needs no --map: the key knows them now.
    const again = json<{ turns: number }>(fokus(['import', 'hamar-1', 'raw/teams.vtt', '--force', '--to', 'yaml', '--json'], { cwd: dir }));
    expect(again.turns).toBe(5);
    expect(existsSync(join(dir, 'sessions', 'hamar-1', 'transcript.md'))).toBe(false);
    expect(readFileSync(join(dir, 'sessions', 'hamar-1', 'transcript.yaml'), 'utf8')).toContain('    text: Takk, P1. Jeg jobber');
  });

  it('adds a new spelling as an alias of a known person', () => {
    const dir = smallProject();
    writeFileSync(
      join(dir, 'key.yaml'),
      '# nøkkel\npeople:\n  - code: P1\n    name: Kari Nordmann # fra samtykkeskjema\nidentifiers: []\n',
      { mode: 0o600 },
    );
    writeFileSync(join(dir, 'm.txt'), 'K. Nordmann: Hei.\nP2: Hallo.\n');
    expect(fokus(['import', 'hamar-1', 'm.txt', '--map', 'K. Nordmann=P1'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, 'key.yaml'), 'utf8')).toBe(
      '# nøkkel\npeople:\n  - code: P1\n    name: Kari Nordmann # fra samtykkeskjema\n    aliases: [K. Nordmann]\nidentifiers: []\n',
    );
  });

  it('does not store per-file diariser labels in the key, and --dry-run writes nothing', () => {
    const dir = smallProject();
    copyFileSync(join(FIXTURES, 'import', 'whisperx.json'), join(dir, 'w.json'));
    const before = fingerprint(dir);
    const dry = json<{ written: boolean; speakers: Record<string, number> }>(
      fokus(['import', 'hamar-1', 'w.json', '--map', 'SPEAKER_00=M1', '--map', 'SPEAKER_01=P3', '--dry-run', '--json'], { cwd: dir }),
    );
    expect(dry).toMatchObject({ written: false, speakers: { M1: 1, P3: 1, '?': 1 } });
    expect(fingerprint(dir)).toEqual(before);
    expect(fokus(['import', 'hamar-1', 'w.json', '--map', 'SPEAKER_00=M1', '--map', 'SPEAKER_01=P3'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, 'key.yaml'), 'utf8')).not.toContain('SPEAKER');
  });

  it('creates a missing key privately; a guest mapped to "=?" has their name replaced and remembered', () => {
    const dir = smallProject();
    rmSync(join(dir, 'key.yaml'));
    writeFileSync(join(dir, '.gitignore'), '');
    writeFileSync(join(dir, 'm.txt'), 'Kari Nordmann: Velkommen.\nOla Gjest: Hei, jeg er Ola Gjest, vikar i dag.\n');
    const out = json<{ speakers: Record<string, number>; keyAdded: unknown[]; replaced: Record<string, number> }>(
      fokus(['import', 'hamar-1', 'm.txt', '--map', 'Kari Nordmann=P1', '--map', 'Ola Gjest=?', '--json'], { cwd: dir }),
    );
    expect(out).toMatchObject({ speakers: { P1: 1, '?': 1 }, replaced: { '[navn]': 1 } });
    expect(out.keyAdded).toEqual([
      { code: 'P1', as: 'person' },
      { code: '?', as: 'person' },
    ]);
    expect(readFileSync(join(dir, 'sessions', 'hamar-1', 'transcript.md'), 'utf8')).toContain(
      '**?** #t2: Hei, jeg er [navn], vikar i dag.',
    );
    expect(statSync(join(dir, 'key.yaml')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'key.yaml'), 'utf8')).toMatch(
      /^# fokus pseudonymisation key[^]*people:\n {2}- code: P1\n {4}name: Kari Nordmann\n {2}- code: "\?"\n {4}name: Ola Gjest\nidentifiers: \[\]\n$/,
    );
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('key.yaml\n');
  });

  it('replaces and remembers names given by --map for people who are only talked about', () => {
    const dir = smallProject();
    writeFileSync(join(dir, 'm.txt'), 'Kari Nordmann: Per Hansen kommer ikke i dag, sier Pers leder.\n');
    const out = json<{ keyAdded: unknown[] }>(
      fokus(['import', 'hamar-1', 'm.txt', '--map', 'Kari Nordmann=P1', '--map', 'Per Hansen=P2', '--json'], { cwd: dir }),
    );
    expect(out.keyAdded).toEqual([
      { code: 'P1', as: 'person' },
      { code: 'P2', as: 'person' },
    ]);
    expect(readFileSync(join(dir, 'sessions', 'hamar-1', 'transcript.md'), 'utf8')).toContain(
      '**P1** #t1: P2 kommer ikke i dag, sier P2s leder.',
    );
  });

  it('refuses a --map that contradicts the key, in any of its forms, before writing anything', () => {
    const dir = smallProject();
    writeFileSync(join(dir, 'key.yaml'), 'people:\n  - code: P1\n    name: Åse Hovland\nidentifiers: []\n', { mode: 0o600 });
    writeFileSync(join(dir, 'm.vtt'), 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Hovland, Åse>Hei.</v>\n');
    const before = fingerprint(dir);
    const r = fokus(['import', 'hamar-1', 'm.vtt', '--map', 'Hovland, Åse=P2'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--map says "Hovland, Åse" is P2, but key.yaml says P1');
    expect(fingerprint(dir)).toEqual(before);
  });

  it('reads Windows-1252 files when told to', () => {
    const dir = smallProject();
    writeFileSync(join(dir, 'gammel.txt'), Buffer.from('P1: Grønt og blått.\nP2: Ærlig talt.\n', 'latin1'));
    expect(fokus(['import', 'hamar-1', 'gammel.txt', '--encoding', 'windows-1252'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, 'sessions', 'hamar-1', 'transcript.md'), 'utf8')).toContain(
      '**P1** #t1: Grønt og blått.\n\n**P2** #t2: Ærlig talt.',
    );
  });
});

describe('fokus transcript', () => {
  it('convert goes both ways without loss, and number writes ids into hand-added turns only', () => {
    const dir = smallProject();
    const t = join(dir, 'sessions', 'hamar-1', 'transcript.md');
    const original =
      '---\ntitle: Hamar, samling 1\n---\n\n## Åpning #q1\n\n**M1** [00:00:05] #t1: Velkommen. [pause]\nTo linjer.\n\n**P1**: Lagt til for hånd.\n\n**P2** #t2: Og jeg.\n';
    writeFileSync(t, original);
    expect(json<{ numbered: string[] }>(fokus(['transcript', 'number', 'hamar-1', '--json'], { cwd: dir })).numbered).toEqual(['t3']);
    const numbered = original.replace('**P1**: Lagt', '**P1** #t3: Lagt');
    expect(readFileSync(t, 'utf8')).toBe(numbered);
    expect(fokus(['transcript', 'convert', 'hamar-1', '--to', 'yaml'], { cwd: dir }).code).toBe(0);
    expect(existsSync(t)).toBe(false);
    expect(fokus(['transcript', 'convert', 'hamar-1', '--to', 'md'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(t, 'utf8')).toBe(numbered);
  });

  it('number keeps a YAML transcript as written and puts the id first', () => {
    const dir = smallProject();
    const t = join(dir, 'sessions', 'hamar-1', 'transcript.yaml');
    writeFileSync(
      t,
      'turns:\n  # åpning\n  - id: t1\n    speaker: M1\n    text: >-\n      Velkommen,\n      alle.\n  - speaker: P1 # for hånd\n    text: Hei.\n',
    );
    expect(fokus(['transcript', 'number', 'hamar-1'], { cwd: dir }).stdout).toContain('Wrote ids t2 into');
    expect(readFileSync(t, 'utf8')).toBe(
      'turns:\n  # åpning\n  - id: t1\n    speaker: M1\n    text: >-\n      Velkommen,\n      alle.\n  - id: t2\n    speaker: P1 # for hånd\n    text: Hei.\n',
    );
  });
});

describe('validate and status', () => {
  it('validate --strict counts warnings; --json lists problems with positions', () => {
    const dir = smallProject();
    fokus(['participant', 'add', 'P4', '--group', 'hamar', '--category', 'staff'], { cwd: dir });
    expect(fokus(['validate'], { cwd: dir }).code).toBe(0);
    expect(fokus(['validate', '--strict'], { cwd: dir }).code).toBe(1);
    const r = fokus(['validate', '--json'], { cwd: dir });
    const lines = readFileSync(join(dir, 'participants.yaml'), 'utf8').split('\n');
    const line = lines.indexOf('  - code: P4') + 1;
    expect(line).toBeGreaterThan(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: true,
      errors: 0,
      warnings: 1,
      problems: [
        { severity: 'warning', code: 'no-consent', message: 'no consent recorded for P4', file: 'participants.yaml', line, col: 5 },
      ],
    });
  });

  it('status shows the group, its sessions and their stage', () => {
    const dir = smallProject();
    const r = fokus(['status'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Hamar \(hamar, staff, Hamar kommune\): 3 participants \(2 ansatte, 1 brukerrepresentant\)$/m);
    expect(r.stdout).toMatch(/^\s+1\s+hamar-1\s+2025-03-12\s+●●○○○○\s+held\s+3\s*$/m);
    expect(r.stdout).toMatch(/^\s+lead\s+import the transcript of hamar-1\s+fokus import hamar-1 <file>$/m);
  });
});

describe('colour', () => {
  it('is off under NO_COLOR and when not a terminal, on with FORCE_COLOR', () => {
    const dir = smallProject();
    fokus(['participant', 'add', 'P4', '--group', 'hamar', '--category', 'staff'], { cwd: dir });
    expect(fokus(['validate'], { cwd: dir, env: { NO_COLOR: '1', FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[');
    expect(fokus(['validate'], { cwd: dir, env: { NO_COLOR: '' } }).stdout).not.toContain('\u001b[');
    expect(fokus(['validate'], { cwd: dir, env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout).toContain('\u001b[33m');
    expect(fokus(['validate', '--no-color'], { cwd: dir, env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout).not.toContain('\u001b[');
  });
});

describe('the key and git', () => {
  const hasGit = spawnSync('git', ['--version']).status === 0;
  const git = (cwd: string, ...args: string[]) =>
    spawnSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8' });
  const codes = (dir: string) =>
    (JSON.parse(fokus(['validate', '--json'], { cwd: dir }).stdout) as { problems: { code: string }[] }).problems.map((p) => p.code);

  it.skipIf(!hasGit)(
    'is an error when committed, fine when a parent .gitignore covers it, a warning when not ignored (skipped where git is not installed)',
    () => {
      const repo = tmp('fokus-git-');
      git(repo, 'init', '-q');
      writeFileSync(join(repo, '.gitignore'), 'key.yaml\n');
      expect(fokus(['init', 'studie', '--yes'], { cwd: repo }).code).toBe(0);
      const dir = join(repo, 'studie');
      writeFileSync(join(dir, '.gitignore'), ''); // only the parent's ignore file lists the key now
      expect(codes(dir)).toEqual([]);
      writeFileSync(join(repo, '.gitignore'), '');
      expect(codes(dir)).toEqual(['key-not-ignored']);
      git(repo, 'add', '-A');
      git(repo, 'commit', '-qm', 'oops');
      expect(codes(dir)).toEqual(['key-committed']);
      expect(fokus(['validate'], { cwd: dir }).code).toBe(1);
    },
  );
});

describe('transcript convert and comments', () => {
  it('refuses to drop YAML comments unless told to', () => {
    const dir = smallProject();
    const t = join(dir, 'sessions', 'hamar-1', 'transcript.yaml');
    writeFileSync(t, '# Transkribert av O1\nturns:\n  - id: t1\n    speaker: P1 # usikker\n    text: hei\n');
    const before = fingerprint(dir);
    const r = fokus(['transcript', 'convert', 'hamar-1', '--to', 'md'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'sessions/hamar-1/transcript.yaml: the YAML transcript holds 2 comments, which Markdown cannot keep; move them into the text, or give --force to convert without them\n',
    );
    expect(fingerprint(dir)).toEqual(before);
    expect(fokus(['transcript', 'convert', 'hamar-1', '--to', 'md', '--force'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, 'sessions', 'hamar-1', 'transcript.md'), 'utf8')).toBe('**P1** #t1: hei\n');
  });
});
