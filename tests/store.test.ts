import { lstatSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText, encodeRaw, readTextFile, writeFileAtomic, writeTextAtomic } from '../src/store/text-file.js';
import { appendIn, locate, parseYaml, renderYaml, setFirst, yamlData, yamlProblems } from '../src/store/yaml-doc.js';
import { EXAMPLE, tmp, userError } from './helpers.js';

describe('reading text files', () => {
  it('strips a UTF-8 byte-order mark and remembers it, and turns CRLF into LF remembering that too', () => {
    const f = decodeText('f', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a: æ\r\nb: ø\r\n')]));
    expect(f).toMatchObject({ text: 'a: æ\nb: ø\n', bom: true, eol: '\r\n', encoding: 'utf-8' });
  });

  it('reads UTF-16 with a byte-order mark, both byte orders', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Åse: hei\n', 'utf16le')]);
    const be = Buffer.from(le.subarray(2)).swap16();
    expect(decodeText('f', le).text).toBe('Åse: hei\n');
    expect(decodeText('f', Buffer.concat([Buffer.from([0xfe, 0xff]), be])).text).toBe('Åse: hei\n');
  });

  it('normalises decomposed letters to NFC, so å is å however it was typed', () => {
    expect(decodeText('f', Buffer.from('a\u030Ase')).text).toBe('åse');
  });

  it('points at the first invalid UTF-8 byte by line and column and suggests windows-1252', () => {
    const latin1 = Buffer.from('ferdig linje\nandre: Grønn\n', 'latin1');
    const e = userError(() => decodeText('t.txt', latin1));
    expect(e.problems[0]).toMatchObject({ file: 't.txt', line: 2, col: 10, code: 'encoding' });
    expect(e.message).toContain('0xF8');
    expect(decodeText('t.txt', latin1, 'windows-1252').text).toBe('ferdig linje\nandre: Grønn\n');
  });

  it('says plainly when a file is missing', () => {
    expect(userError(() => readTextFile('/nonexistent/fokus.yaml')).problems[0]).toMatchObject({
      code: 'no-file',
      message: 'no such file',
    });
  });
});

describe('atomic writes', () => {
  it('replaces the file whole and leaves no temporary file behind', () => {
    const dir = tmp();
    const p = join(dir, 'a.yaml');
    writeFileSync(p, 'old\n');
    writeTextAtomic(p, 'ny: æøå\n', { bom: true, eol: '\r\n' });
    expect(readFileSync(p)).toEqual(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('ny: æøå\r\n')]));
    expect(readdirSync(dir)).toEqual(['a.yaml']);
  });

  it('creates files with the requested mode (the key: 600)', () => {
    const p = join(tmp(), 'key.yaml');
    writeFileAtomic(p, 'people: []\n', 0o600);
    expect(statSync(p).mode & 0o777).toBe(0o600);
  });

  it('leaves the old file when the write cannot be done', () => {
    const dir = tmp();
    const p = join(dir, 'missing-folder', 'a.yaml');
    expect(() => writeFileAtomic(p, 'x')).toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('YAML documents', () => {
  it('re-renders every file of the example byte for byte (comments, order, quoting, flow lists)', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (n.endsWith('.yaml')) files.push(p);
      }
    };
    walk(EXAMPLE);
    expect(files.length).toBeGreaterThan(15);
    for (const f of files) {
      const y = parseYaml(readTextFile(f));
      expect(renderYaml(y), f).toBe(readTextFile(f).text);
    }
  });

  it("appends to a list keeping the user's comments and blank lines", () => {
    const src = '# Mine deltakere\nparticipants:\n  # første gruppe\n  - code: P1 # leder\n    group: a\n\n  - code: P2\n    group: a\n';
    const y = parseYaml({ path: 'p.yaml', text: src, bom: false, eol: '\n' });
    appendIn(y, ['participants'], { code: 'P3', group: 'b', consent: { status: 'given' } }, { flow: [['consent']] });
    expect(renderYaml(y)).toBe(`${src}  - code: P3\n    group: b\n    consent: {status: given}\n`);
  });

  it.each([
    [
      'a key with only a comment',
      'participants:   # the list\n  # none yet\n',
      ['participants'],
      { code: 'P1', group: 'a' },
      'participants:   # the list\n  - code: P1\n    group: a\n  # none yet\n',
    ],
    [
      'an empty inline list with a comment',
      'participants: [] # empty\n',
      ['participants'],
      { code: 'P1', consent: { status: 'given' } },
      'participants: # empty\n  - code: P1\n    consent: {status: given}\n',
    ],
    [
      'a person written inline',
      'people:\n  - {code: P2, name: Kari Nordmann}\n',
      ['people', 0, 'aliases'],
      'Kari N',
      'people:\n  - {code: P2, name: Kari Nordmann, aliases: [Kari N]}\n',
    ],
    ['an empty file', '', ['people'], { code: 'P1', name: 'A' }, 'people:\n  - code: P1\n    name: A\n'],
    [
      'a file with only a comment',
      '# bare en kommentar\n',
      ['people'],
      { code: 'P1', name: 'A' },
      '# bare en kommentar\npeople:\n  - code: P1\n    name: A\n',
    ],
    [
      'a multi-line inline list with a trailing comma',
      'team: [\n  {code: M1},\n]\n',
      ['team'],
      { code: 'M2' },
      'team: [\n  {code: M1}, {code: M2},\n]\n',
    ],
    [
      'a multi-line inline list with a comment after the last item',
      'people: [\n  {code: P3}, # c\n]\n',
      ['people'],
      { code: 'P1' },
      'people: [\n  {code: P3}, {code: P1}, # c\n]\n',
    ],
    ['a whole file inline, with a comment', '{title: T, # c\n}\n', ['team'], { code: 'M2' }, '{title: T, team: [{code: M2}], # c\n}\n'],
    ['a whole file written inline', '{title: T, team: []}\n', ['team'], { code: 'M2' }, '{title: T, team: [{code: M2}]}\n'],
    ['a missing key in an inline file', '{title: T}\n', ['groups'], { id: 'g' }, '{title: T, groups: [{id: g}]}\n'],
    ['a null value', 'people: ~\nidentifiers: []\n', ['people'], { code: 'P1' }, 'people:\n  - code: P1\nidentifiers: []\n'],
    [
      'a new inline alias list',
      'people:\n  - code: P1\n    name: A # navnet\n  - code: P2\n',
      ['people', 0, 'aliases'],
      'A.',
      'people:\n  - code: P1\n    name: A # navnet\n    aliases: [A.]\n  - code: P2\n',
    ],
    ['Windows line endings', 'people:\r\n  - code: P1\r\n', ['people'], { code: 'P2' }, 'people:\r\n  - code: P1\r\n  - code: P2\r\n'],
  ] as [string, string, (string | number)[], unknown, string][])('appends into %s', (_name, src, path, value, expected) => {
    const y = parseYaml({ path: 'x.yaml', text: src, bom: false, eol: src.includes('\r\n') ? '\r\n' : '\n' });
    appendIn(y, path, value, { flow: [['consent']], newList: path.includes('aliases') ? 'flow' : 'block' });
    expect(renderYaml(y)).toBe(expected);
  });

  it('refuses an edit it cannot make safely, saying what to add by hand', () => {
    const y = parseYaml({ path: 'x.yaml', text: 'people: Kari\n', bom: false, eol: '\n' });
    expect(userError(() => appendIn(y, ['people'], { code: 'P1' })).problems[0]).toMatchObject({
      code: 'cannot-edit',
      message: 'cannot add to people automatically (it is not a list); add this by hand: {code: P1}',
      line: 1,
      col: 9,
    });
  });

  it('keeps a flush-left list style when the user wrote one', () => {
    const src = 'people:\n- code: P1\n  name: A\n';
    const y = parseYaml({ path: 'k.yaml', text: src, bom: false, eol: '\n' });
    appendIn(y, ['people'], { code: 'P2', name: 'B' });
    expect(renderYaml(y)).toBe('people:\n- code: P1\n  name: A\n- code: P2\n  name: B\n');
  });

  it('puts an id first in a record', () => {
    const y = parseYaml({ path: 't.yaml', text: 'turns:\n  - speaker: P1 # sa det\n    text: hei\n', bom: false, eol: '\n' });
    setFirst(y, ['turns', 0], 'id', 't4');
    expect(renderYaml(y)).toBe('turns:\n  - id: t4\n    speaker: P1 # sa det\n    text: hei\n');
  });

  it('locates values and keys, and reports syntax errors by line and column', () => {
    const y = parseYaml({ path: 's.yaml', text: 'group: a\nattendees:\n  - P1\n  - P9\nbad: [1,\n', bom: false, eol: '\n' });
    expect(yamlProblems(y)[0]).toMatchObject({
      file: 's.yaml',
      line: 5,
      col: 6,
      code: 'yaml-syntax',
      message: "YAML: this '[' is never closed with ']'",
    });
    const ok = parseYaml({ path: 's.yaml', text: 'group: a\nattendees:\n  - P1\n  - P9\n', bom: false, eol: '\n' });
    expect(locate(ok, ['attendees', 1])).toEqual({ line: 4, col: 5 });
    expect(locate(ok, ['attendees'], 'key')).toEqual({ line: 2, col: 1 });
    expect(locate(ok, ['nowhere', 3])).toEqual({ line: 1, col: 1 });
  });
});

describe('rewrites keep the file as the user has it', () => {
  it('reads UTF-16 without a byte-order mark, and refuses NUL-filled binary', () => {
    expect(decodeText('f', Buffer.from('Per Hansen: Hei Kari\n', 'utf16le')).text).toBe('Per Hansen: Hei Kari\n');
    expect(decodeText('f', Buffer.from('Åse: hei\n', 'utf16le').swap16()).text).toBe('Åse: hei\n');
    expect(
      userError(() => decodeText('f.bin', Buffer.from([0x50, 0x4b, 0x00, 0x00, 0x13, 0x00, 0x61, 0x62, 0x00, 0x00]))).problems[0],
    ).toMatchObject({
      code: 'binary',
    });
  });

  it('writes back UTF-16, decomposed letters, mixed line endings and permissions as they were', () => {
    const dir = tmp();
    const p = join(dir, 'p.yaml');
    const nfd = 'participants:\r\n  - code: P1 # A\u030Ase\n    group: a\r\n';
    writeFileSync(p, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(nfd, 'utf16le')]), { mode: 0o600 });
    const y = parseYaml(readTextFile(p));
    appendIn(y, ['participants'], { code: 'P2' });
    writeFileAtomic(p, encodeRaw(renderYaml(y), y));
    const bytes = readFileSync(p);
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(bytes.subarray(2).toString('utf16le')).toBe(`${nfd}  - code: P2\r\n`);
    expect(statSync(p).mode & 0o777).toBe(0o600);
  });

  it('writes through a symbolic link to where it points', () => {
    const dir = tmp();
    const secure = join(tmp(), 'key.yaml');
    writeFileSync(secure, 'people: []\n', { mode: 0o600 });
    symlinkSync(secure, join(dir, 'key.yaml'));
    writeFileAtomic(join(dir, 'key.yaml'), 'people:\n  - code: P1\n    name: X\n');
    expect(lstatSync(join(dir, 'key.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(secure, 'utf8')).toBe('people:\n  - code: P1\n    name: X\n');
    expect(statSync(secure).mode & 0o777).toBe(0o600);
  });
});

describe('YAML aliases', () => {
  it('reports an alias pointing nowhere, and one multiplying without end, by position and without the name', () => {
    const dangling = parseYaml({ path: 'k.yaml', text: 'people:\n  - code: *Kari\n', bom: false, eol: '\n' });
    expect(userError(() => yamlData(dangling)).problems[0]).toMatchObject({
      line: 2,
      col: 11,
      message: 'YAML: an alias (*name) points at no anchor (&name)',
    });
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
    ].join('\n');
    expect(userError(() => yamlData(parseYaml({ path: 'b.yaml', text: bomb, bom: false, eol: '\n' }))).message).toBe(
      'YAML: aliases (*name) multiply beyond reason',
    );
  });
});
