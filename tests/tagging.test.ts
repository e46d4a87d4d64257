// The codebook and tags through the command line: code add/rename/merge/remove rewrite every
// tag, scripted and CSV tagging, untag, orphaned tags in validate, field notes.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { codedProject, fingerprint, fokus, fokusIn, TRANSCRIPT } from './helpers.js';

const tagsOf = (dir: string, observer: string) =>
  parse(readFileSync(join(dir, 'sessions', 'hamar-1', 'tags', `${observer}.yaml`), 'utf8')) as {
    observer: string;
    tags: Record<string, unknown>[];
  };

describe('fokus code', () => {
  let dir: string;
  beforeEach(() => {
    dir = codedProject();
  });

  it('adds a code with its missing parents, keeping the comments in codebook.yaml', async () => {
    const r = await fokusIn(['code', 'add', 'roller/talsperson', '--description', 'Snakker for andre', '--colour', '#AA00cc', '--json'], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).added.map((c: { code: string }) => c.code)).toEqual(['roller', 'roller/talsperson']);
    const text = readFileSync(join(dir, 'codebook.yaml'), 'utf8');
    expect(text).toContain('# Kodebok for testen');
    expect(text).toContain('# hjemmebesøk');
    expect(text).toMatch(/- code: roller\/talsperson\n\s+description: Snakker for andre\n\s+colour: "?#aa00cc"?/);
    const again = await fokusIn(['code', 'add', 'roller/talsperson'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already in the codebook/);
  });

  it('refuses a code that is not a path of lowercase words', async () => {
    const before = fingerprint(dir);
    const r = await fokusIn(['code', 'add', 'Roller/Tals person'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid code 'Roller\/Tals person'/);
    expect(fingerprint(dir)).toEqual(before);
  });

  it('rename rewrites the code, its sub-codes and every tag in every observer file', async () => {
    expect((await fokusIn(['tag', 'hamar-1', '--observer', 'O1', '--turn', 't2', '--code', 'arenaer/hjemmet'], { cwd: dir })).code).toBe(0);
    expect(
      (await fokusIn(['tag', 'hamar-1', '--observer', 'O2', '--turn', 't3', '--code', 'hjemmet', '--mark', 'quote'], { cwd: dir })).code,
    ).toBe(0);
    const r = await fokusIn(['code', 'rename', 'arenaer', 'steder', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ from: 'arenaer', to: 'steder', tags: 2, files: 2 });
    expect(tagsOf(dir, 'O1').tags[0]!.code).toBe('steder/hjemmet');
    expect(tagsOf(dir, 'O2').tags[0]!.code).toBe('steder/hjemmet');
    const cb = readFileSync(join(dir, 'codebook.yaml'), 'utf8');
    expect(cb).toContain('- code: steder/hjemmet   # hjemmebesøk');
    expect(cb).not.toMatch(/code: arenaer/);
    expect(fokus(['validate'], { cwd: dir }).stdout).not.toMatch(/unknown-code|not in the codebook/);
  });

  it('rename refuses a target that exists; merge joins them', async () => {
    await fokusIn(['tag', 'hamar-1', '--observer', 'O1', '--turn', 't4', '--code', 'arenaer/gruppe'], { cwd: dir });
    const r = await fokusIn(['code', 'rename', 'arenaer/gruppe', 'arenaer/hjemmet'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already exists; to join the two, use fokus code merge/);
    const m = await fokusIn(['code', 'merge', 'arenaer/gruppe', 'arenaer/hjemmet'], { cwd: dir });
    expect(m.code).toBe(0);
    expect(tagsOf(dir, 'O1').tags[0]!.code).toBe('arenaer/hjemmet');
    expect(readFileSync(join(dir, 'codebook.yaml'), 'utf8')).not.toContain('arenaer/gruppe');
  });

  it('remove refuses while tags use the code, and with --move-to moves them', async () => {
    await fokusIn(['tag', 'hamar-1', '--observer', 'O1', '--turn', 't6', '--code', 'verdier/medvirkning'], { cwd: dir });
    const before = fingerprint(dir);
    const r = await fokusIn(['code', 'remove', 'verdier/medvirkning'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/used by 1 tag; give --move-to/);
    expect(fingerprint(dir)).toEqual(before);
    const m = await fokusIn(['code', 'remove', 'medvirkning', '--move-to', 'verdier/respekt'], { cwd: dir });
    expect(m.code).toBe(0);
    expect(tagsOf(dir, 'O1').tags[0]!.code).toBe('verdier/respekt');
    expect(readFileSync(join(dir, 'codebook.yaml'), 'utf8')).not.toContain('medvirkning');
    const unused = await fokusIn(['code', 'remove', 'arenaer/gruppe'], { cwd: dir });
    expect(unused.code).toBe(0);
  });

  it('list shows the tree with tag counts; --json gives the same', async () => {
    await fokusIn(['tag', 'hamar-1', '--observer', 'O1', '--turn', 't2', '--code', 'arenaer/hjemmet'], { cwd: dir });
    const r = await fokusIn(['code', 'list', '--json'], { cwd: dir });
    const rows = JSON.parse(r.stdout) as { code: string; tags: number }[];
    expect(rows.map((c) => c.code)).toEqual([
      'arenaer',
      'arenaer/hjemmet',
      'arenaer/gruppe',
      'verdier',
      'verdier/respekt',
      'verdier/medvirkning',
    ]);
    expect(rows.find((c) => c.code === 'arenaer/hjemmet')!.tags).toBe(1);
    const t = await fokusIn(['code', 'list'], { cwd: dir });
    expect(t.stdout).toMatch(/^ {2}arenaer\/hjemmet\s+hjemmet\s+1\s+Hjelp der folk bor\.$/m);
  });
});

describe('fokus tag and untag (scripted)', () => {
  let dir: string;
  beforeEach(() => {
    dir = codedProject();
  });

  it('tags exact words with marks and memo into the observer’s own file', async () => {
    const r = await fokusIn(
      [
        'tag',
        'hamar-1',
        '--observer',
        'O1',
        '--turn',
        't3',
        '--code',
        'arenaer/hjemmet',
        '--words',
        'noen kom hjem',
        '--mark',
        'quote',
        '--memo',
        'Å bli møtt hjemme',
      ],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    const file = tagsOf(dir, 'O1');
    expect(file.observer).toBe('O1');
    expect(file.tags).toEqual([
      {
        code: 'arenaer/hjemmet',
        turn: 't3',
        words: 'noen kom hjem',
        before: 'For meg var det viktigste at ',
        after: '. Å sitte på et venterom var verre enn',
        marks: ['quote'],
        memo: 'Å bli møtt hjemme',
      },
    ]);
    expect(existsSync(join(dir, 'sessions', 'hamar-1', 'tags', 'O2.yaml'))).toBe(false);
  });

  it('the same passage and code twice is kept once', async () => {
    await fokusIn(['tag', 'hamar-1', '--observer', 'O1', '--turn', 't2', '--code', 'arenaer/hjemmet'], { cwd: dir });
    const r = await fokusIn(['tag', 'hamar-1', '--observer', 'O1', '--turn', 't2', '--code', 'arenaer/hjemmet'], { cwd: dir });
    expect(r.stdout).toMatch(/Tagged 0 passages .*1 already tagged/);
    expect(tagsOf(dir, 'O1').tags).toHaveLength(1);
  });

  it.each([
    [['--turn', 't99', '--code', 'arenaer/hjemmet'], /no turn 't99' in the transcript \(turns run t1 to t8\)/],
    [['--turn', 't2', '--code', 'arenaer/hjemet'], /no code 'arenaer\/hjemet' in the codebook \(did you mean 'arenaer\/hjemmet'\?\)/],
    [['--turn', 't2', '--code', 'hjemmet', '--words', 'ikke her'], /the words 'ikke her' are not in turn t2/],
    [['--turn', 't2', '--code', 'hjemmet', '--mark', 'viktig'], /Allowed choices are quote, consensus, minority, dissent/],
    [['--turn', 't5', '--to', 't2', '--code', 'hjemmet'], /--to t2 comes before --turn t5/],
    [['--code', 'hjemmet'], /--code needs --turn/],
  ])('refuses %j with one clear line, writing nothing', async (args, message) => {
    const before = fingerprint(dir);
    const r = fokus(['tag', 'hamar-1', '--observer', 'O1', ...args], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(fingerprint(dir)).toEqual(before);
  });

  it('an observer not on the team is refused with the fix', async () => {
    const r = await fokusIn(['tag', 'hamar-1', '--observer', 'O7', '--turn', 't2', '--code', 'hjemmet'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/O7 is not on the team; add them first: fokus team add O7 --role observer/);
  });

  it('takes the observer from FOKUS_OBSERVER, and off a terminal asks for nothing', async () => {
    const r = await fokusIn(['tag', 'hamar-1', '--turn', 't2', '--code', 'hjemmet'], {
      cwd: dir,
      env: { NO_COLOR: '1', FOKUS_OBSERVER: 'O2' },
    });
    expect(r.code).toBe(0);
    expect(tagsOf(dir, 'O2').tags).toHaveLength(1);
    const none = await fokusIn(['tag', 'hamar-1', '--turn', 't2', '--code', 'hjemmet'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/missing --observer \(there is no terminal to ask on\)/);
  });

  it('tags in bulk from a semicolon CSV with a BOM; a bad row names its line and column and writes nothing', async () => {
    const csv = join(dir, 'tags.csv');
    writeFileSync(
      csv,
      '\ufeffturn;code;words;marks;memo;observer\nt2;hjemmet;;quote;;O1\nt6;verdier/medvirkning;får være med og bestemme;dissent;Makt;O2\nt7;verdier/medvirkning;;minority consensus;;O1\n',
    );
    const r = await fokusIn(['tag', 'hamar-1', '--from', csv], { cwd: dir });
    expect(r.code).toBe(0);
    expect(tagsOf(dir, 'O1').tags.map((t) => [t.turn, t.code, t.marks])).toEqual([
      ['t2', 'arenaer/hjemmet', ['quote']],
      ['t7', 'verdier/medvirkning', ['minority', 'consensus']],
    ]);
    expect(tagsOf(dir, 'O2').tags[0]).toMatchObject({ words: 'får være med og bestemme', marks: ['dissent'], memo: 'Makt' });

    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'turn,code,words\nt4,arenaer/gruppe,\nt4,arenaer/gruppe,helt andre ord\n');
    const before = fingerprint(dir);
    const b = fokus(['tag', 'hamar-1', '--observer', 'O1', '--from', bad], { cwd: dir });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/bad\.csv:3:19: the words 'helt andre ord' are not in turn t4/);
    expect(fingerprint(dir)).toEqual(before);
  });

  it('untag removes by turn and code, leaving the rest and the file’s comments', async () => {
    await fokusIn(['tag', 'hamar-1', '--observer', 'O1', '--turn', 't2', '--code', 'hjemmet', '--code', 'verdier/respekt'], { cwd: dir });
    const path = join(dir, 'sessions', 'hamar-1', 'tags', 'O1.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('tags:\n', 'tags:\n  # mine egne notater\n'));
    const r = await fokusIn(['untag', 'hamar-1', '--observer', 'O1', '--turn', 't2', '--code', 'respekt', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).removed).toHaveLength(1);
    expect(tagsOf(dir, 'O1').tags.map((t) => t.code)).toEqual(['arenaer/hjemmet']);
    expect(readFileSync(path, 'utf8')).toContain('# mine egne notater');
    const none = await fokusIn(['untag', 'hamar-1', '--observer', 'O1', '--code', 'respekt'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no tag by O1 in hamar-1 matches/);
  });
});

describe('tags after the transcript is corrected', () => {
  it('validate reports an orphaned tag with what it quoted; moved tags stay silent and still count', async () => {
    const dir = codedProject();
    await fokusIn(['tag', 'hamar-1', '--observer', 'O1', '--turn', 't4', '--code', 'arenaer/gruppe', '--words', 'gruppetilbud på dagtid'], {
      cwd: dir,
    });
    await fokusIn(['tag', 'hamar-1', '--observer', 'O1', '--turn', 't7', '--code', 'verdier/respekt'], { cwd: dir });
    const path = join(dir, 'sessions', 'hamar-1', 'transcript.md');
    // t4 deleted; t7 renumbered to t17.
    const edited = TRANSCRIPT.replace(/\*\*P3\*\* \[00:02:10\] #t4:.*\n\n/, '').replace('#t7:', '#t17:');
    writeFileSync(path, edited);
    const v = fokus(['validate'], { cwd: dir });
    expect(v.stdout).toMatch(
      /sessions\/hamar-1\/tags\/O1\.yaml:\d+:\d+: warning: tag arenaer\/gruppe by O1 can no longer be placed \(the words are no longer in the transcript\); it quoted "gruppetilbud på dagtid" in turn t4/,
    );
    expect(v.stdout).not.toMatch(/verdier\/respekt/);
    const stats = JSON.parse(fokus(['stats', '--json'], { cwd: dir }).stdout);
    expect(stats.codes).toEqual([expect.objectContaining({ code: 'verdier/respekt', tags: 1, turns: 1 })]);
    expect(stats.orphaned).toBe(1);
  });
});

describe('field notes', () => {
  it('observe saves each note at once, stamped with the session clock; notes links them to turns', async () => {
    const dir = codedProject();
    let now = Date.parse('2025-03-12T10:00:00Z');
    const asked: string[] = [];
    const script = [
      ['Note:', 'quote'],
      ['Who said it', 'P2'],
      ['Notable quote:', 'Å sitte på et venterom var verre'],
      ['Note:', 'dynamics'],
      ['Group dynamics', 'P1 og P2 uenige, høy stemning'],
      ['Note:', 'stop'],
    ];
    const prompter = {
      input: async (q: { message: string }) => {
        asked.push(q.message);
        const [, a] = script.shift()!;
        return a!;
      },
      select: async <T>(q: { message: string }) => {
        asked.push(q.message);
        const [, a] = script.shift()!;
        now += a === 'quote' ? 0 : 150_000; // the second note starts 2.5 minutes later
        return a as T;
      },
      confirm: async () => true,
      checkbox: async () => [],
      pickCodes: async () => [],
    };
    const r = await fokusIn(['observe', 'hamar-1', '--observer', 'O1', '--elapsed', '00:01:35'], {
      cwd: dir,
      interactive: true,
      prompter,
      now: () => now,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 note\(s\) saved/);
    const notes = parse(readFileSync(join(dir, 'sessions', 'hamar-1', 'notes', 'O1.yaml'), 'utf8'));
    expect(notes.started).toBe('2025-03-12T09:58:25.000Z');
    expect(notes.notes).toEqual([
      { at: '00:01:35', kind: 'quote', speaker: 'P2', text: 'Å sitte på et venterom var verre' },
      { at: '00:04:05', kind: 'dynamics', text: 'P1 og P2 uenige, høy stemning' },
    ]);
    const linked = JSON.parse(fokus(['notes', 'hamar-1', '--json'], { cwd: dir }).stdout);
    expect(linked.notes.map((n: { turn: string }) => n.turn)).toEqual(['t3', 't7']);
    // A scripted note later continues the same clock.
    const s = await fokusIn(['observe', 'hamar-1', '--observer', 'O1', '--kind', 'follow-up', '--text', 'Spør om vedtak'], {
      cwd: dir,
      now: () => Date.parse('2025-03-12T10:05:00Z'),
    });
    expect(s.stdout).toMatch(/Noted at 00:06:35/);
  });

  it('a crash loses at most the note being typed: every note entered before is already on disk', async () => {
    const dir = codedProject();
    let n = 0;
    const prompter = {
      input: async (q: { message: string }) => {
        if (q.message.startsWith('Question')) {
          if (n++ === 2) throw new Error('power cut');
          return `spørsmål ${n}`;
        }
        return '';
      },
      select: async <T>() => 'follow-up' as T,
      confirm: async () => true,
      checkbox: async () => [],
      pickCodes: async () => [],
    };
    const r = await fokusIn(['observe', 'hamar-1', '--observer', 'O2'], { cwd: dir, interactive: true, prompter, now: () => 0 });
    expect(r.code).toBe(3);
    const notes = parse(readFileSync(join(dir, 'sessions', 'hamar-1', 'notes', 'O2.yaml'), 'utf8'));
    expect(notes.notes.map((x: { text: string }) => x.text)).toEqual(['spørsmål 1', 'spørsmål 2']);
  });
});

describe('edge cases found in review', () => {
  let dir: string;
  beforeEach(() => {
    dir = codedProject();
    mkdirSync(join(dir, 'sessions', 'hamar-1', 'tags'), { recursive: true });
  });
  const tagFile = () => join(dir, 'sessions', 'hamar-1', 'tags', 'O1.yaml');

  it('rename and merge take a code by its unique last part', async () => {
    await fokusIn(['tag', 'hamar-1', '--observer', 'O1', '--turn', 't2', '--code', 'hjemmet'], { cwd: dir });
    const r = await fokusIn(['code', 'rename', 'hjemmet', 'arenaer/heim', '--json'], { cwd: dir });
    expect(JSON.parse(r.stdout)).toMatchObject({ from: 'arenaer/hjemmet', to: 'arenaer/heim', tags: 1 });
    expect(tagsOf(dir, 'O1').tags[0]!.code).toBe('arenaer/heim');
    const m = await fokusIn(['code', 'merge', 'heim', 'gruppe'], { cwd: dir });
    expect(m.stdout).toMatch(/Merged arenaer\/heim into arenaer\/gruppe: 1 tag rewritten/);
    const self = await fokusIn(['code', 'merge', 'gruppe', 'gruppe'], { cwd: dir });
    expect(self.stderr).toMatch(/cannot be merged into itself/);
  });

  it('a rename some file cannot take changes no file at all', async () => {
    await fokusIn(['tag', 'hamar-1', '--observer', 'O2', '--turn', 't2', '--code', 'hjemmet'], { cwd: dir });
    writeFileSync(tagFile(), 'observer: O1\ntags:\n  - &a {code: arenaer/hjemmet, turn: t3}\n  - *a\n');
    const before = fingerprint(dir);
    const r = fokus(['code', 'rename', 'arenaer', 'steder'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/O1\.yaml:\d+:\d+: cannot change tags\.1\.code automatically/);
    expect(fingerprint(dir)).toEqual(before);
  });

  it('a rename to a new branch adds its parent', async () => {
    expect((await fokusIn(['code', 'rename', 'arenaer/gruppe', 'tilbud/gruppe'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'codebook.yaml'), 'utf8')).toMatch(/- code: tilbud\n/);
    expect(fokus(['validate'], { cwd: dir }).stdout).not.toMatch(/missing-parent|has no parent/);
  });

  it('tagging a passage again after the turns were renumbered does not duplicate it', async () => {
    await fokusIn(['tag', 'hamar-1', '--observer', 'O1', '--turn', 't3', '--code', 'hjemmet', '--words', 'noen kom hjem'], { cwd: dir });
    writeFileSync(
      join(dir, 'sessions', 'hamar-1', 'transcript.md'),
      TRANSCRIPT.replace(/#t(\d+):/g, (_, n) => `#t${Number(n) + 100}:`),
    );
    const r = await fokusIn(['tag', 'hamar-1', '--observer', 'O1', '--turn', 't103', '--code', 'hjemmet', '--words', 'noen kom hjem'], {
      cwd: dir,
    });
    expect(r.stdout).toMatch(/1 already tagged/);
    expect(tagsOf(dir, 'O1').tags).toHaveLength(1);
  });

  it('validate flags a tag whose words are not in the turn it names, and a run that ends before it starts', async () => {
    writeFileSync(
      tagFile(),
      'observer: O1\ntags:\n  - code: arenaer\n    turn: t2\n    words: Hva betyr respekt i praksis?\n  - code: verdier\n    turn: t5\n    to: t3\n',
    );
    const v = fokus(['validate'], { cwd: dir });
    expect(v.stdout).toMatch(/O1\.yaml:4:11: warning: tag arenaer by O1 names turn t2, but its words are in turn t5/);
    expect(v.stdout).toMatch(/O1\.yaml:8:9: to: t3 comes before turn: t5/);
    expect(v.code).toBe(1);
  });

  it('CSV problems point at the character column of the cell', async () => {
    const csv = join(dir, 'b.csv');
    writeFileSync(csv, 'turn,code,marks\nt4,nosuchcode,\nt4,arenaer/gruppe,quote;bogus\n');
    expect(fokus(['tag', 'hamar-1', '--observer', 'O1', '--from', csv], { cwd: dir }).stderr).toMatch(/b\.csv:2:4: no code 'nosuchcode'/);
    writeFileSync(csv, 'turn,code,marks\nt4,arenaer/gruppe,quote;bogus\n');
    expect(fokus(['tag', 'hamar-1', '--observer', 'O1', '--from', csv], { cwd: dir }).stderr).toMatch(/b\.csv:2:19: unknown mark 'bogus'/);
  });

  it('an observer not on the team is an error in the analyses, not an empty answer', () => {
    for (const args of [
      ['stats', '--observer', 'O9'],
      ['agreement', 'hamar-1', '--observers', 'O1,O9'],
      ['search', 'hjem', '--observer', 'O9'],
    ]) {
      const r = fokus(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/O9 is not on the team/);
    }
  });
});
