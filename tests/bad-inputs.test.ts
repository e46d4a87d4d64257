// The catalogue of bad input: each case gives one clear line naming file, line and column,
// exits with the documented code, prints no stack trace, and leaves every file as it was.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fingerprint, fokus, smallProject, tmp } from './helpers.js';

let template: string;
beforeAll(() => {
  template = smallProject();
  writeFileSync(
    join(template, 'sessions', 'hamar-1', 'transcript.md'),
    '---\ntitle: Hamar, samling 1\n---\n\n**M1** [00:00:05] #t1: Velkommen.\n\n**P1** [00:00:20] #t2: Takk.\n',
  );
  writeFileSync(
    join(template, 'key.yaml'),
    'people:\n  - code: P1\n    name: Kari Nordmann\n  - code: M1\n    name: Hanne Lind\nidentifiers: []\n',
    { mode: 0o600 },
  );
});

/** A fresh copy of the small project, changed by `edit`, and a fingerprint taken after the edit. */
function project(edit: (dir: string) => void = () => {}): { dir: string; before: Record<string, string> } {
  const dir = tmp('fokus-bad-');
  cpSync(template, dir, { recursive: true });
  edit(dir);
  return { dir, before: fingerprint(dir) };
}

function expectOneClearError(r: { code: number; stderr: string; stdout: string }, code: number, line: RegExp) {
  expect(r.code).toBe(code);
  const text = code === 1 ? r.stdout : r.stderr;
  expect(text).toMatch(line);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
}

describe('bad input', () => {
  it('a YAML syntax error: status refuses (2), validate reports it (1), both at the right place', () => {
    const { dir, before } = project((d) => writeFileSync(join(d, 'participants.yaml'), 'participants:\n  - code: P1\n    group: [hamar\n'));
    expectOneClearError(fokus(['status'], { cwd: dir }), 2, /^participants\.yaml:3:12: YAML: this '\[' is never closed with '\]'$/m);
    expectOneClearError(fokus(['validate'], { cwd: dir }), 1, /^participants\.yaml:3:12: YAML: this '\[' is never closed/m);
    expect(fingerprint(dir)).toEqual(before);
  });

  it('an unknown participant code in a transcript', () => {
    const { dir, before } = project((d) =>
      writeFileSync(join(d, 'sessions', 'hamar-1', 'transcript.md'), '**M1** #t1: Hei.\n\n**P9** #t2: Hallo.\n'),
    );
    expectOneClearError(
      fokus(['validate'], { cwd: dir }),
      1,
      /^sessions\/hamar-1\/transcript\.md:3:3: unknown participant code 'P9' in turn t2 \(did you mean 'P1'\?\)$/m,
    );
    expect(fingerprint(dir)).toEqual(before);
  });

  it('a duplicate turn id', () => {
    const { dir, before } = project((d) =>
      writeFileSync(join(d, 'sessions', 'hamar-1', 'transcript.md'), '**M1** #t1: Hei.\n\n**P1** #t1: Hallo.\n'),
    );
    expectOneClearError(
      fokus(['validate'], { cwd: dir }),
      1,
      /^sessions\/hamar-1\/transcript\.md:3:8: duplicate turn id 't1' \(first used at line 1\)$/m,
    );
    expectOneClearError(
      fokus(['transcript', 'convert', 'hamar-1', '--to', 'yaml'], { cwd: dir }),
      2,
      /transcript\.md:3:8: duplicate turn id/,
    );
    expect(fingerprint(dir)).toEqual(before);
  });

  it('a malformed WebVTT timestamp', () => {
    const { dir, before } = project((d) =>
      writeFileSync(
        join(d, 'opptak.vtt'),
        'WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n<v Kari Nordmann>Hei.</v>\n\n2\n00:00:04.000 --> 00:0x:06.000\n<v Kari Nordmann>Igjen.</v>\n',
      ),
    );
    expectOneClearError(
      fokus(['import', 'hamar-1', 'opptak.vtt', '--force'], { cwd: dir }),
      2,
      /^opptak\.vtt:8:18: malformed WebVTT timestamp '00:0x:06\.000'/m,
    );
    expect(fingerprint(dir)).toEqual(before);
  });

  it('an empty file', () => {
    const { dir, before } = project((d) => writeFileSync(join(d, 'tom.txt'), ''));
    expectOneClearError(fokus(['import', 'hamar-1', 'tom.txt', '--force'], { cwd: dir }), 2, /^tom\.txt:1:1: the file is empty$/m);
    expect(fingerprint(dir)).toEqual(before);
  });

  it('invalid UTF-8 in an import and in a transcript', () => {
    const { dir, before } = project((d) => {
      writeFileSync(join(d, 'latin1.txt'), Buffer.from('Kari Nordmann: Hei.\nKari Nordmann: Grønt lys.\n', 'latin1'));
      writeFileSync(
        join(d, 'sessions', 'hamar-1', 'transcript.md'),
        Buffer.concat([Buffer.from('**P1** #t1: bl'), Buffer.from([0xe5]), Buffer.from('tt\n')]),
      );
    });
    expectOneClearError(
      fokus(['import', 'hamar-1', 'latin1.txt', '--force'], { cwd: dir }),
      2,
      /^latin1\.txt:2:18: not valid UTF-8 \(byte 0xF8\); save the file as UTF-8, or read it with --encoding windows-1252$/m,
    );
    expectOneClearError(fokus(['validate'], { cwd: dir }), 1, /^sessions\/hamar-1\/transcript\.md:1:15: not valid UTF-8 \(byte 0xE5\)/m);
    expect(fingerprint(dir)).toEqual(before);
  });

  it('a session id that would leave the project', () => {
    const { dir, before } = project((d) => writeFileSync(join(d, 'x.txt'), 'P1: hei\n'));
    // A name no other run uses, so "nothing appeared outside" cannot be fooled by a stray folder.
    const outside = `escape-${process.pid}-${Date.now()}`;
    for (const args of [
      ['session', 'add', `../${outside}`, '--group', 'hamar'],
      ['import', `../${outside}`, 'x.txt'],
      ['session', 'add', 'Hamar 2', '--group', 'hamar'],
    ]) {
      expectOneClearError(
        fokus(args, { cwd: dir }),
        2,
        /^invalid session id '(\.\.\/escape-[\d-]+|Hamar 2)': use lowercase letters, digits, - and _/m,
      );
    }
    expect(existsSync(join(dir, '..', outside))).toBe(false);
    expect(existsSync(join(dir, 'sessions', '..', '..', outside))).toBe(false);
    expect(fingerprint(dir)).toEqual(before);
  });

  it('a typo in a field name, with a suggestion', () => {
    const { dir, before } = project((d) => {
      const f = join(d, 'sessions', 'hamar-1', 'session.yaml');
      writeFileSync(f, readFileSync(f, 'utf8').replace('attendees:', 'atendees:'));
    });
    expectOneClearError(
      fokus(['validate'], { cwd: dir }),
      1,
      /^sessions\/hamar-1\/session\.yaml:\d+:1: unknown field 'atendees' \(did you mean 'attendees'\?\)$/m,
    );
    expect(fingerprint(dir)).toEqual(before);
  });

  it('a file with a byte-order mark and Windows line endings is fine, and stays so when fokus adds to it', () => {
    const { dir } = project((d) => {
      const f = join(d, 'participants.yaml');
      const crlf = readFileSync(f, 'utf8').replace(/\n/g, '\r\n');
      writeFileSync(f, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(crlf)]));
    });
    expect(fokus(['validate'], { cwd: dir }).code).toBe(0);
    expect(fokus(['participant', 'add', 'P4', '--group', 'hamar', '--category', 'staff'], { cwd: dir }).code).toBe(0);
    const after = readFileSync(join(dir, 'participants.yaml'));
    expect([...after.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = after.subarray(3).toString('utf8');
    expect(text).toContain('  - code: P4\r\n    group: hamar\r\n');
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('an unknown speaker off a terminal: names the flag to use, writes nothing', () => {
    const { dir, before } = project((d) =>
      writeFileSync(join(d, 'møte.txt'), 'Kari Nordmann: Hei.\nOla Hansen: Hallo.\nOla Hansen: Igjen.\n'),
    );
    const r = fokus(['import', 'hamar-1', 'møte.txt', '--force'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      'møte.txt:2:1: unknown speaker "Ola Hansen" (2 utterances); name them with --map "Ola Hansen=P1" (the code), or "=?" if nobody knows',
    ]);
    expect(fingerprint(dir)).toEqual(before);
  });

  it('a --map to a code the project does not have', () => {
    const { dir, before } = project((d) => writeFileSync(join(d, 'm.txt'), 'Ola Hansen: Hallo.\n'));
    expectOneClearError(
      fokus(['import', 'hamar-1', 'm.txt', '--force', '--map', 'Ola Hansen=P42'], { cwd: dir }),
      2,
      /--map "Ola Hansen=P42": P42 is not a participant or team code/,
    );
    expect(fingerprint(dir)).toEqual(before);
  });

  it('importing over an existing transcript without --force', () => {
    const { dir, before } = project((d) => writeFileSync(join(d, 'x.txt'), 'P1: hei\n'));
    expectOneClearError(
      fokus(['import', 'hamar-1', 'x.txt'], { cwd: dir }),
      2,
      /^sessions\/hamar-1\/transcript\.md: the session already has a transcript; give --force to replace it$/m,
    );
    expect(fingerprint(dir)).toEqual(before);
  });

  it('a damaged Word file says so', () => {
    const { dir, before } = project((d) => writeFileSync(join(d, 'referat.docx'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0])));
    expectOneClearError(
      fokus(['import', 'hamar-1', 'referat.docx', '--force'], { cwd: dir }),
      2,
      /^referat\.docx: the Word file is damaged: not a readable zip file/m,
    );
    expect(fingerprint(dir)).toEqual(before);
  });

  it('a name from the key in a transcript: reported by position, never printed', () => {
    const { dir, before } = project((d) =>
      writeFileSync(join(d, 'sessions', 'hamar-1', 'transcript.md'), '**M1** #t1: Hei.\n\n**P1** #t2: Takk, Hanne Lind.\n'),
    );
    const r = fokus(['validate'], { cwd: dir });
    expectOneClearError(
      r,
      1,
      /^sessions\/hamar-1\/transcript\.md:3:19: M1's name \(from key\.yaml\) appears here; replace it with the code M1$/m,
    );
    expect(r.stdout + r.stderr).not.toContain('Hanne');
    expect(fingerprint(dir)).toEqual(before);
  });

  it('a name in any other file of the project (notes, summaries) is found too', () => {
    const { dir, before } = project((d) =>
      writeFileSync(join(d, 'sessions', 'hamar-1', 'notater.md'), '# Notater\n\nKari Nordmann kom sent.\n'),
    );
    expectOneClearError(
      fokus(['validate'], { cwd: dir }),
      1,
      /^sessions\/hamar-1\/notater\.md:3:1: P1's name \(from key\.yaml\) appears here; replace it with the code P1$/m,
    );
    expect(fingerprint(dir)).toEqual(before);
  });

  it('validate never repeats a name, whatever file it sits in', () => {
    const { dir, before } = project((d) => {
      writeFileSync(
        join(d, 'key.yaml'),
        'people:\n  - code: Kari Nordmann\n    name: Kari Nordmann\n  - code: M1\n    name: Hanne Lind\nidentifiers: []\n',
      );
      writeFileSync(
        join(d, 'sessions', 'hamar-1', 'transcript.md'),
        '**M1** #t1: Hei.\n\n**Hanne Lind** #t2: Hallo.\n\n**Ola Berg** #t3: Hei.\n',
      );
      mkdirSync(join(d, 'guides'), { recursive: true });
      writeFileSync(join(d, 'guides', 'g.yaml'), 'title: G\nquestions: []\nHanne Lind: skrev denne\n');
    });
    const r = fokus(['validate'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^key\.yaml:2:11: expected a letter, then letters, digits, - or _ \(e\.g\. P1, M1\), got a value not shown here$/m,
    );
    expect(r.stdout).toMatch(
      /^sessions\/hamar-1\/transcript\.md:3:3: the speaker of turn t2 is not a code \(names never go in transcripts: write the participant's code\)$/m,
    );
    expect(r.stdout).toMatch(/^guides\/g\.yaml:3:1: unknown field: this line reads as "key: value"/m);
    for (const name of ['Kari', 'Nordmann', 'Hanne', 'Lind', 'Ola', 'Berg']) expect(r.stdout + r.stderr).not.toContain(name);
    expect(fingerprint(dir)).toEqual(before);
  });

  it('a first name two people in the key share is flagged, not guessed', () => {
    const { dir, before } = project((d) => {
      writeFileSync(
        join(d, 'key.yaml'),
        'people:\n  - code: P1\n    name: Kari Nordmann\n  - code: P2\n    name: Kari Bø\nidentifiers: []\n',
      );
      writeFileSync(join(d, 'sessions', 'hamar-1', 'transcript.md'), '**P1** #t1: Jeg er enig med Kari.\n');
    });
    expectOneClearError(
      fokus(['validate'], { cwd: dir }),
      1,
      /^sessions\/hamar-1\/transcript\.md:1:29: a name shared by P1 and P2 \(from key\.yaml\) appears here; replace it with the right code$/m,
    );
    expect(fingerprint(dir)).toEqual(before);
  });

  it('both transcript forms at once', () => {
    const { dir, before } = project((d) =>
      writeFileSync(join(d, 'sessions', 'hamar-1', 'transcript.yaml'), 'turns:\n  - id: t1\n    speaker: P1\n    text: hei\n'),
    );
    expectOneClearError(
      fokus(['validate'], { cwd: dir }),
      1,
      /^sessions\/hamar-1\/transcript\.yaml: both transcript\.md and transcript\.yaml exist/m,
    );
    expect(fingerprint(dir)).toEqual(before);
  });

  it('commands outside a project, unknown commands and options, and missing flags off a terminal', () => {
    const empty = tmp('fokus-none-');
    expectOneClearError(
      fokus(['status'], { cwd: empty }),
      2,
      /^not inside a fokus project \(no fokus\.yaml here or above\); use --project <dir> or fokus init <dir>$/m,
    );
    expectOneClearError(fokus(['stauts'], { cwd: empty }), 2, /unknown command 'stauts'/);
    expectOneClearError(fokus(['status', '--jsn'], { cwd: empty }), 2, /unknown option '--jsn'/);
    expectOneClearError(
      fokus(['init', 'ny'], { cwd: empty }),
      2,
      /^missing --title \(there is no terminal to ask on; or give --yes to use the folder name\)$/m,
    );
    expect(fingerprint(empty)).toEqual({});
  });

  it('a bad date or an unknown group in add commands', () => {
    const { dir, before } = project();
    expectOneClearError(
      fokus(['session', 'add', 'hamar-2', '--group', 'hamar', '--date', '2025-02-30'], { cwd: dir }),
      2,
      /^--date expects a date like 2025-03-12, got '2025-02-30'$/m,
    );
    expectOneClearError(
      fokus(['participant', 'add', 'P7', '--group', 'hamr', '--category', 'staff'], { cwd: dir }),
      2,
      /^no group 'hamr' \(did you mean 'hamar'\?\)/m,
    );
    expectOneClearError(fokus(['group', 'add', 'nyby', '--name', ' '], { cwd: dir }), 2, /^--name: must not be empty$/m);
    expectOneClearError(
      fokus(['session', 'add', 'hamar-9', '--group', 'hamar', '--number', '99999999999999999999'], { cwd: dir }),
      2,
      /^--number expects a whole number from 1 to 999, got '99999999999999999999'$/m,
    );
    expect(fingerprint(dir)).toEqual(before);
  });

  it('DEBUG=fokus adds the stack trace for the same error', () => {
    const { dir } = project();
    const r = fokus(['session', 'add', '../x', '--group', 'hamar'], { cwd: dir, env: { DEBUG: 'fokus' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/UserError: invalid session id/);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

describe('smaller promises', () => {
  it('--no-color reaches error output; team add has --json', () => {
    const empty = tmp('fokus-none-');
    expect(fokus(['status', '--no-color'], { cwd: empty, env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stderr).not.toContain('\u001b[');
    const { dir } = project();
    expect(JSON.parse(fokus(['team', 'add', 'O2', '--role', 'observer', '--json'], { cwd: dir }).stdout)).toEqual({
      code: 'O2',
      roles: ['observer'],
    });
  });

  it('a guide in two files, a linked session folder, a field cut short', () => {
    const { dir, before } = project((d) => {
      mkdirSync(join(d, 'guides'), { recursive: true });
      writeFileSync(join(d, 'guides', 'g.yaml'), 'title: G\nquestions: []\n');
      writeFileSync(join(d, 'guides', 'g.yml'), 'title: G\nquestions: []\n');
      symlinkSync(tmp('fokus-elsewhere-'), join(d, 'sessions', 'hamar-2'));
      writeFileSync(join(d, 'key.yaml'), 'people:\n  - code: P1\n    name: Kari Nordmann\n    alias: [Kari N]\nidentifiers: []\n');
    });
    const r = fokus(['validate'], { cwd: dir });
    expect(r.stdout).toMatch(/^guides\/g\.yml: two files hold guide g \(g\.yaml and g\.yml\); keep one$/m);
    expect(r.stdout).toMatch(/^sessions\/hamar-2: this session folder is a link; fokus works only with real folders inside the project$/m);
    expect(r.stdout).toMatch(/^key\.yaml:4:5: unknown field 'alias' \(did you mean 'aliases'\?\)$/m);
    // Commands refuse a project with such problems, naming the first and counting the rest.
    expectOneClearError(
      fokus(['import', 'hamar-2', 'x.txt'], { cwd: dir }),
      2,
      /^guides\/g\.yml: two files hold guide g[^\n]*\n1 more problem\(s\); see fokus validate$/m,
    );
    expect(fingerprint(dir)).toEqual(before);
  });

  it('odd characters in an id stay on one line; hints suggest commands that would work', () => {
    const { dir, before } = project();
    expect(fokus(['session', 'add', 'a\nb', '--group', 'hamar'], { cwd: dir }).stderr).toBe(
      "invalid session id 'a\\u000ab': use lowercase letters, digits, - and _, starting with a letter or digit (e.g. elvedal-1)\n",
    );
    expect(fokus(['transcript', 'number', '../hamar-1'], { cwd: dir }).stderr).toMatch(/^invalid session id '\.\.\/hamar-1'/);
    expect(fokus(['session', 'add', 'hamar-2', '--group', 'hamar', '--observer', 'P2'], { cwd: dir }).stderr).toContain(
      'fokus team add P2 --role observer',
    );
    expect(
      fokus(['participant', 'add', 'P9', '--group', 'hamar', '--category', 'staff', '--attr', 'a=1', '--attr', 'a=2'], { cwd: dir }).stderr,
    ).toBe("--attr gives 'a' twice\n");
    expect(fingerprint(dir)).toEqual(before);
  });

  it('negative whisper.cpp offsets are refused where they are', () => {
    const { dir, before } = project((d) =>
      writeFileSync(join(d, 'w.json'), '{"transcription": [\n  {"offsets": {"from": -500, "to": 1000}, "text": "Hei"}\n]}\n'),
    );
    expectOneClearError(
      fokus(['import', 'hamar-1', 'w.json', '--force'], { cwd: dir }),
      2,
      /^w\.json:2:24: "from" must be a number of milliseconds \(zero or more\)$/m,
    );
    expect(fingerprint(dir)).toEqual(before);
  });
});

describe('layouts in the way, and edits that keep the file', () => {
  it('a folder where .gitignore or the old transcript should be: refused before anything is written', () => {
    const { dir, before } = project((d) => {
      writeFileSync(join(d, 'm.txt'), 'Ola Hansen: Hei.\n');
      rmSync(join(d, '.gitignore'));
      mkdirSync(join(d, '.gitignore'));
    });
    expectOneClearError(
      fokus(['import', 'hamar-1', 'm.txt', '--force', '--map', 'Ola Hansen=P2'], { cwd: dir }),
      2,
      /^\.gitignore: is not a file, so fokus cannot keep the key out of git; nothing was changed$/m,
    );
    expect(fingerprint(dir)).toEqual(before);
    const other = project((d) => {
      writeFileSync(join(d, 'm.txt'), 'P1: Hei.\n');
      mkdirSync(join(d, 'sessions', 'hamar-1', 'transcript.yaml'));
    });
    expectOneClearError(
      fokus(['import', 'hamar-1', 'm.txt', '--force'], { cwd: other.dir }),
      2,
      /transcript\.yaml: is in the way \(not a file\); nothing was changed$/m,
    );
    expect(fingerprint(other.dir)).toEqual(other.before);
  });

  it('.gitignore keeps its bytes whatever their encoding; transcript number keeps line endings and letters', () => {
    const { dir } = project((d) => {
      writeFileSync(join(d, '.gitignore'), Buffer.from('# (Bj\xf8rn)\r\n*.log\r\n', 'latin1'));
      writeFileSync(join(d, 'sessions', 'hamar-1', 'transcript.md'), '**P1** #t1: A\u030Ase\r\n\n**P2**: hei\r\n');
      writeFileSync(join(d, 'm.txt'), 'P1: Hei.\n');
      rmSync(join(d, 'key.yaml'));
    });
    expect(fokus(['transcript', 'number', 'hamar-1'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, 'sessions', 'hamar-1', 'transcript.md'), 'utf8')).toBe('**P1** #t1: A\u030Ase\r\n\n**P2** #t2: hei\r\n');
    expect(fokus(['import', 'hamar-1', 'm.txt', '--force', '--map', 'Ola Hansen=P2'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, '.gitignore'))).toEqual(Buffer.from('# (Bj\xf8rn)\r\n*.log\r\nkey.yaml\r\n', 'latin1'));
  });

  it('an empty participants.yaml is an empty study that can be added to', () => {
    const { dir } = project((d) => writeFileSync(join(d, 'participants.yaml'), '# ingen ennå\n'));
    expect(fokus(['participant', 'add', 'P1', '--group', 'hamar', '--category', 'staff'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(join(dir, 'participants.yaml'), 'utf8')).toBe(
      '# ingen ennå\nparticipants:\n  - code: P1\n    group: hamar\n    category: staff\n',
    );
  });

  it('line breaks in values stay escaped on one line; the next number past 999 is explained; hints only suggest what would work', () => {
    const { dir, before } = project((d) => {
      const f = join(d, 'sessions', 'hamar-1', 'session.yaml');
      writeFileSync(f, readFileSync(f, 'utf8').replace('group: hamar', 'group: "ham\\nar"'));
    });
    const r = fokus(['validate'], { cwd: dir });
    expect(r.stdout).toMatch(/^sessions\/hamar-1\/session\.yaml:1:8: unknown group 'ham\\u000aar'/m);
    expect(fingerprint(dir)).toEqual(before);
    const { dir: d2 } = project();
    expect(fokus(['session', 'add', 'hamar-999', '--group', 'hamar', '--number', '999'], { cwd: d2 }).code).toBe(0);
    expect(fokus(['session', 'add', 'hamar-x', '--group', 'hamar'], { cwd: d2 }).stderr).toBe(
      'group hamar already has session number 999; give --number for a free one\n',
    );
    expect(fokus(['session', 'add', 'hamar-y', '--group', 'Hamar'], { cwd: d2 }).stderr).toBe(
      "no group 'Hamar' (did you mean 'hamar'?) (groups: hamar)\n",
    );
    expect(fokus(['session', 'add', 'hamar-y', '--group', 'hamar', '--number', '5', '--moderator', 'm1'], { cwd: d2 }).stderr).toBe(
      "--moderator m1 is not in the team (did you mean 'M1'?)\n",
    );
    expect(fokus(['status', '--jsn'], { cwd: d2 }).stderr).toBe("error: unknown option '--jsn' (did you mean --json?)\n");
  });
});
