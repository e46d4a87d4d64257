// REFI-QDA exchange: fokus's exports checked against the schema and their positions against the
// plain text they point into; the real NVivo and coding-tool exports in ../shared/fixtures
// imported with codebook and codings intact; and export -> import giving the same project back.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { parse } from 'yaml';
import { codeSession, type CodedSession } from '../src/core/coding.js';
import { turnsOf } from '../src/core/model.js';
import { codePoints, uuid5 } from '../src/core/refi.js';
import { sourceText } from '../src/core/refi-export.js';
import { importCodes } from '../src/core/refi-import.js';
import { oneLine } from '../src/core/text.js';
import { readProjectXml } from '../src/importers/qde.js';
import { readSourceText } from '../src/importers/source-text.js';
import { elements, parseXml } from '../src/importers/xml.js';
import { loadProject } from '../src/store/project.js';
import { unzip, zip } from '../src/store/zip.js';
import { EXAMPLE, exampleCopy, fingerprint, fokusIn, tmp } from './helpers.js';

const SHARED = join(EXAMPLE, '..', '..', 'shared', 'fixtures', 'refi-qda');
const XSD = join(SHARED, 'Project.xsd');
const NVIVO = join(SHARED, 'nvivo_project.qdpx');
const QC = join(SHARED, 'qc_demo_project.qdpx');
const haveShared = existsSync(XSD) && existsSync(NVIVO) && existsSync(QC);
if (!haveShared) console.warn(`REFI-QDA fixture tests skipped: ${SHARED} is not here (it sits beside the project in CI)`);
const withShared = haveShared ? it : it.skip;

async function schemaErrors(xml: string): Promise<string[]> {
  const r = await validateXML({
    xml: [{ fileName: 'project.qde', contents: xml }],
    schema: [{ fileName: 'Project.xsd', contents: readFileSync(XSD, 'utf8') }],
  });
  return r.valid ? [] : r.errors.map((e) => e.rawMessage);
}

async function exported(dir = EXAMPLE): Promise<{ file: string; parts: Map<string, Buffer> }> {
  const file = join(tmp(), 'project.qdpx');
  const r = await fokusIn(['export', 'qdpx', '-o', file], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return { file, parts: unzip(readFileSync(file)) };
}

async function imported(file: string, args: string[] = []): Promise<{ dir: string; json: Record<string, unknown> }> {
  const dir = join(tmp(), 'imported');
  const r = await fokusIn(['import-qdpx', file, dir, '--json', ...args], { cwd: tmp() });
  expect(r.code, r.stderr).toBe(0);
  return { dir, json: JSON.parse(r.stdout) as Record<string, unknown> };
}

function coded(dir: string): CodedSession[] {
  const p = loadProject(dir);
  expect(p.problems.filter((x) => x.severity === 'error')).toEqual([]);
  return p.sessions.map((s) =>
    codeSession(
      s.session.value,
      s.transcript?.transcript,
      s.tags.map((f) => ({ observer: f.observer, value: f.value })),
    ),
  );
}

/** Each placed tag as what it means: who coded which words where, with which marks and memo. */
function tagFacts(sessions: CodedSession[]): string[] {
  return sessions
    .flatMap((s) =>
      s.tags.map((t) =>
        JSON.stringify([
          s.session.id,
          t.observer,
          t.tag.code,
          t.place && [s.turns[t.place.first]!.id, t.place.from, s.turns[t.place.last]!.id, t.place.to],
          t.tag.marks ?? [],
          t.tag.memo ?? '',
        ]),
      ),
    )
    .sort();
}

describe('fokus export qdpx', () => {
  withShared('writes a project.qde that validates against the REFI-QDA schema, with every source it names', async () => {
    const { parts } = await exported();
    const qde = parts.get('project.qde')!.toString('utf8');
    expect(await schemaErrors(qde)).toEqual([]);
    const refs = [...qde.matchAll(/internal:\/\/([^"]+)/g)].map((m) => m[1]!);
    expect(refs.length).toBe(8);
    for (const r of refs) expect(parts.has(`sources/${r}`), r).toBe(true);
  });

  withShared('passes the shared check-qdpx tool when xmllint is installed', async (ctx) => {
    if (spawnSync('xmllint', ['--version']).status !== 0)
      ctx.skip('xmllint is not installed, so ../shared/tools/check-qdpx cannot run here');
    const { file } = await exported();
    const r = spawnSync(join(SHARED, '..', '..', 'tools', 'check-qdpx'), [file], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toContain('check-qdpx: valid');
    expect(r.status).toBe(0);
  });

  it("puts every tag at code-point positions whose text is the tag's words", async () => {
    const { parts } = await exported();
    const project = readProjectXml('project.qde', parts.get('project.qde')!.toString('utf8'));
    const placed = new Map(coded(EXAMPLE).map((s) => [s.session.id, s]));
    let checked = 0;
    for (const src of project.sources) {
      const text = parts.get(`sources/${src.plainTextPath!.replace('internal://', '')}`)!.toString('utf8');
      expect(text).not.toContain('\r');
      const chars = Array.from(text);
      const s = placed.get(src.name!)!;
      const words = new Map(s.tags.filter((t) => t.place).map((t) => [t, t]));
      expect(src.selections.length).toBe(words.size);
      for (const sel of src.selections) {
        const slice = chars.slice(sel.start, sel.end).join('');
        const tag = s.tags.find(
          (t) =>
            t.place &&
            sel.name!.startsWith(s.turns[t.place.first]!.id) &&
            oneLine(wordsOf(s, t)) === oneLine(slice.replace(/\n\n(\S+)( \[[^\]]+\])?: /g, '\n')),
        );
        expect(tag, `${src.name} ${sel.name}: "${slice.slice(0, 60)}"`).toBeDefined();
        checked++;
      }
    }
    expect(checked).toBe(1399);
  });

  it('counts positions in code points and keeps line feeds, so text after an emoji still lines up', () => {
    const t = { blocks: [{ kind: 'turn' as const, id: 't1', speaker: 'P1', text: 'Det var 😀 fint,\nog så gikk vi på tur' }] };
    const st = sourceText(t);
    const at = st.starts[0]! + t.blocks[0]!.text.indexOf('tur');
    const cp = Array.from(st.text.slice(0, at)).length;
    expect(cp).toBe(at - 1); // the emoji is two UTF-16 units but one position
    const read = readSourceText(st.text, { labels: 'codes' });
    expect(read.span(cp, cp + 3)).toEqual({ first: 0, from: t.blocks[0]!.text.indexOf('tur'), last: 0, to: t.blocks[0]!.text.length });
    expect(codePoints(st.text)).toBe(Array.from(st.text).length);
  });

  it("gives the same GUIDs on every export, and keeps a code's GUID from another tool", async () => {
    const a = await exported();
    const b = await exported();
    expect(Buffer.compare(readFileSync(a.file), readFileSync(b.file))).toBe(0);
    const dir = exampleCopy();
    const cb = join(dir, 'codebook.yaml');
    const text = readFileSync(cb, 'utf8').replace(
      '  - code: arenaer/hjemmet\n',
      '  - code: arenaer/hjemmet\n    guid: 0F4A7B2C-1111-4222-8333-944455556666\n',
    );
    writeFileSync(cb, text);
    const out = join(tmp(), 'c.qdc');
    expect((await fokusIn(['export', 'qdc', '-o', out], { cwd: dir })).code).toBe(0);
    const qdc = readFileSync(out, 'utf8');
    expect(qdc).toContain('guid="0F4A7B2C-1111-4222-8333-944455556666" name="Hjemmet"');
    expect(qdc).toContain(`guid="${uuid5('code:arenaer/bofellesskapet')}" name="Bofellesskapet"`);
  });

  withShared("writes a codebook (.qdc) whose codes validate against the schema's code type", async () => {
    const out = join(tmp(), 'c.qdc');
    const r = await fokusIn(['export', 'qdc', '-o', out, '--json'], { cwd: EXAMPLE });
    expect(JSON.parse(r.stdout)).toMatchObject({ codes: 55, leakCheck: 'passed' });
    const qdc = readFileSync(out, 'utf8');
    const root = parseXml('c.qdc', qdc);
    expect(root.name).toBe('CodeBook');
    expect(root.uri).toBe('urn:QDA-XML:codebook:1.0');
    // The codebook schema shares the project schema's CodeType: check the codes inside a project.
    const codes = qdc.slice(qdc.indexOf('<Codes>'), qdc.indexOf('</Codes>') + 8);
    expect(await schemaErrors(`<Project xmlns="urn:QDA-XML:project:1.0" name="x"><CodeBook>${codes}</CodeBook></Project>`)).toEqual([]);
    const count = (nodes: ReturnType<typeof elements>): number => nodes.reduce((a, n) => a + 1 + count(elements(n, 'Code')), 0);
    expect(count(elements(elements(root, 'Codes')[0]!, 'Code'))).toBe(55);
  });

  it('refuses, writing nothing, when a name from the key is in a transcript', async () => {
    const dir = exampleCopy();
    const key = parse(readFileSync(join(dir, 'key.yaml'), 'utf8')) as { people: { code: string; name: string }[] };
    const name = key.people.find((p) => p.code === 'P3')!.name;
    const tr = join(dir, 'sessions', 'elvedal-2', 'transcript.md');
    writeFileSync(tr, readFileSync(tr, 'utf8').replace(/(#t5: )/, `$1${name} sa det. `));
    const out = join(tmp(), 'x.qdpx');
    const r = await fokusIn(['export', 'qdpx', '-o', out], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toContain(name);
    expect(r.stderr).toMatch(/x\.qdpx › sources\/.*\.txt:\d+:\d+/);
    expect(existsSync(out)).toBe(false);
  });
});

function wordsOf(s: CodedSession, t: CodedSession['tags'][number]): string {
  const out: string[] = [];
  for (let i = t.place!.first; i <= t.place!.last; i++) {
    const text = s.turns[i]!.text;
    out.push(text.slice(i === t.place!.first ? t.place!.from : 0, i === t.place!.last ? t.place!.to : text.length));
  }
  return out.join('\n');
}

describe('export -> import round trip', () => {
  it('gives back the same codes, transcripts, tags, summaries and participants', async () => {
    const { file } = await exported();
    const { dir, json } = await imported(file);
    expect(json).toMatchObject({ codes: 55, tags: 1399, sources: 8, namesInKey: 0 });
    const before = loadProject(EXAMPLE);
    const after = loadProject(dir);
    const codeFacts = (p: typeof before) =>
      p.codebook!.value.codes.map((c) => [c.code, c.label, c.description, c.use_when, c.avoid_when, c.colour]).sort();
    expect(codeFacts(after)).toEqual(codeFacts(before));
    const byId = new Map(after.sessions.map((s) => [s.session.value.id, s]));
    for (const s of before.sessions) {
      const back = byId.get(s.session.value.id)!;
      expect(back, s.session.value.id).toBeDefined();
      expect(back.session.value.group).toBe(s.session.value.group);
      expect(back.session.value.number).toBe(s.session.value.number);
      expect(back.session.value.held).toBe(s.session.value.held);
      const blocks = (x: typeof s) =>
        x.transcript!.transcript.blocks.map((b) => (b.kind === 'heading' ? ['#', b.title] : [b.id, b.speaker, b.start ?? null, b.text]));
      expect(blocks(back)).toEqual(blocks(s));
      expect(back.summary?.file.text).toBe(s.summary?.file.text);
    }
    expect(tagFacts(coded(dir))).toEqual(tagFacts(coded(EXAMPLE)));
    const people = (p: typeof before) =>
      p.participants.value.map((x) => [x.code, x.group, x.category, x.attributes ?? {}, x.consent ?? null]).sort();
    expect(people(after)).toEqual(people(before));
    expect((await fokusIn(['validate'], { cwd: dir })).code).toBe(0);
  });
});

describe("fokus import-qdpx on other tools' exports", () => {
  withShared("takes NVivo's deep codebook whole, keeps its GUIDs, and makes sessions of its empty sources", async () => {
    const { dir, json } = await imported(NVIVO);
    const xml = unzip(readFileSync(NVIVO)).get('project.qde')!.toString('utf8');
    const source = readProjectXml('project.qde', xml);
    const cb = parse(readFileSync(join(dir, 'codebook.yaml'), 'utf8')) as { codes: { code: string; label?: string; guid?: string }[] };
    expect(cb.codes).toHaveLength(262);
    const depth = (cs: typeof source.codes): number => Math.max(0, ...cs.map((c) => 1 + depth(c.children)));
    expect(Math.max(...cb.codes.map((c) => c.code.split('/').length))).toBe(depth(source.codes));
    const guids = new Set<string>();
    const walk = (cs: typeof source.codes) => cs.forEach((c) => (guids.add(c.guid), walk(c.children)));
    walk(source.codes);
    expect(new Set(cb.codes.map((c) => c.guid))).toEqual(guids);
    expect(importCodes(source.codes).codes.map((c) => c.label ?? c.code.split('/').pop())).toEqual(
      (function names(cs: typeof source.codes): string[] {
        return cs.flatMap((c) => [c.name, ...names(c.children)]);
      })(source.codes),
    );
    expect(json).toMatchObject({ sources: 2, tags: 0, observers: ['CP', 'C'] });
    expect(readdirSync(join(dir, 'sessions')).sort()).toEqual(['qc-project-1', 'qc-project-2']);
    expect(existsSync(join(dir, 'sessions', 'qc-project-1', 'transcript.md'))).toBe(false);
    // Back out again, NVivo finds its own codes.
    const out = join(tmp(), 'again.qdc');
    expect((await fokusIn(['export', 'qdc', '-o', out], { cwd: dir })).code).toBe(0);
    const again = [...readFileSync(out, 'utf8').matchAll(/guid="([^"]+)"/g)].map((m) => m[1]!);
    expect(new Set(again)).toEqual(guids);
  });

  withShared("places all 205 codings of the coding tool's export on the words they coded, with speakers as codes", async () => {
    const { dir, json } = await imported(QC);
    expect(json).toMatchObject({ codes: 262, selections: 158, codings: 205, tags: 205 });
    const parts = unzip(readFileSync(QC));
    const source = readProjectXml('project.qde', parts.get('project.qde')!.toString('utf8'));
    const key = parse(readFileSync(join(dir, 'key.yaml'), 'utf8')) as { people: { code: string; name: string }[] };
    expect(key.people.map((p) => p.name)).toContain('Max Bigman');
    const sessions = coded(dir);
    const tags = sessions.flatMap((s) => s.tags.map((t) => ({ s, t })));
    expect(tags.filter(({ t }) => t.status !== 'exact')).toEqual([]);
    // Every coding: the imported tag's words are the source's text at the selection, speaker labels and spacing aside.
    const pathOf = importCodes(source.codes).byGuid;
    let matched = 0;
    const src = source.sources.find((s) => s.selections.length)!;
    const text = parts.get(`sources/${src.plainTextPath}`)!.toString('utf8');
    const s = sessions.find((x) => x.tags.length)!;
    const squash = (x: string) => oneLine(x.replace(/(^|\n)[^\n:]{1,40}:[ \t]+/g, '$1'));
    for (const sel of src.selections) {
      const want = squash(text.slice(sel.start, sel.end));
      for (const c of sel.codings) {
        const hit = s.tags.find((t) => t.tag.code === pathOf.get(c.code) && squash(wordsOf(s, t)) === want);
        if (hit) matched++;
      }
    }
    expect(matched).toBe(205);
    // No speaker's name is left in a transcript: validate finds none.
    const v = await fokusIn(['validate', '--json'], { cwd: dir });
    expect(JSON.parse(v.stdout)).toMatchObject({ ok: true, errors: 0 });
    for (const sess of sessions) for (const t of sess.turns) for (const p of key.people) expect(t.text).not.toContain(p.name);
  });

  withShared('reads CR LF texts whichever way the tool counted the line ends', async () => {
    const parts = unzip(readFileSync(QC));
    const lf = parts.get('sources/board_2017.txt')!.toString('utf8');
    const crlf = lf.replace(/\n/g, '\r\n');
    const xml = parts.get('project.qde')!.toString('utf8');
    const build = (qde: string) => {
      const file = join(tmp(), 'crlf.qdpx');
      writeFileSync(
        file,
        zip([
          ['project.qde', qde],
          ['sources/board_2017.txt', crlf],
          ['sources/admin-1.txt', parts.get('sources/admin-1.txt')!],
        ]),
      );
      return file;
    };
    // Counted as one (the offsets as they are) and as two (each shifted by the line ends before it).
    const lines = (pos: number) => (lf.slice(0, pos).match(/\n/g) ?? []).length;
    const asTwo = xml.replace(
      /startPosition="(\d+)" endPosition="(\d+)"/g,
      (_, a: string, b: string) => `startPosition="${+a + lines(+a)}" endPosition="${+b + lines(+b)}"`,
    );
    const plain = tagFacts(coded((await imported(QC)).dir));
    for (const [qde, counted] of [
      [xml, 'one'],
      [asTwo, 'two'],
    ] as const) {
      const { dir, json } = await imported(build(qde));
      expect((json.sessions as { crlfCountedAs?: string }[]).find((s) => s.crlfCountedAs)?.crlfCountedAs).toBe(counted);
      expect(tagFacts(coded(dir))).toEqual(plain);
    }
  });
});

describe('import-qdpx refuses bad input with one line and writes nothing', () => {
  const cases: [string, () => string, RegExp][] = [
    ['a file that is neither zip nor XML', () => write('x.qdpx', 'hello'), /not well-formed XML/],
    ['a zip without project.qde', () => write('x.qdpx', zip([['other.txt', 'x']])), /without a project\.qde/],
    [
      'malformed XML, with its line and column',
      () => write('x.qdpx', zip([['project.qde', '<Project name="x">\n  <Users>\n</Project>']])),
      /project\.qde:3:\d+: .*not well-formed/,
    ],
    [
      'a selection that ends before it starts',
      () => write('x.qdpx', zip([['project.qde', SELECTION_BACKWARDS]])),
      /project\.qde:4:\d+: <PlainTextSelection> runs from 9 to 3/,
    ],
    ['another kind of XML', () => write('x.qde', '<html><body/></html>'), /expected a REFI-QDA project \(<Project>\), found <html>/],
  ];
  for (const [what, make, message] of cases) {
    it(what, async () => {
      const file = make();
      const parent = tmp();
      const before = fingerprint(parent);
      const r = await fokusIn(['import-qdpx', file, join(parent, 'new')], { cwd: parent });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(fingerprint(parent)).toEqual(before);
    });
  }

  it('a folder that is not empty', async () => {
    const parent = tmp();
    writeFileSync(join(parent, 'notes.txt'), 'mine');
    const before = fingerprint(parent);
    const r = await fokusIn(['import-qdpx', QC_OR_EXPORT(), parent], { cwd: parent });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not empty/);
    expect(fingerprint(parent)).toEqual(before);
  });
});

const SELECTION_BACKWARDS = `<Project xmlns="urn:QDA-XML:project:1.0" name="x">
<Sources>
<TextSource guid="11111111-1111-4111-8111-111111111111" plainTextPath="internal://a.txt">
<PlainTextSelection guid="22222222-2222-4222-8222-222222222222" startPosition="9" endPosition="3"/>
</TextSource>
</Sources>
</Project>`;

function write(name: string, data: string | Uint8Array): string {
  const file = join(tmp(), name);
  writeFileSync(file, data);
  return file;
}

function QC_OR_EXPORT(): string {
  return haveShared ? QC : write('x.qde', '<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>');
}

describe('import-qdpx on a small interview project from another tool', () => {
  const text =
    'Intervjuer: Hva betyr det å bli sett?\n\nKari Nordmann: Jeg tror Kari trenger at noen ser henne. Det å bli sett betyr mye 😀 for meg.\n\nIntervjuer: Takk.\n';
  const said = 'Det å bli sett betyr mye 😀 for meg.';
  const start = Array.from(text.slice(0, text.indexOf(said))).length;
  const end = start + Array.from(said).length;
  const g = (n: number) => `0000000${n}-0000-4000-8000-000000000000`;
  const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Intervjuer om å bli sett" origin="MAXQDA 2024">
<Users><User guid="${g(1)}" name="Ane Lie"/></Users>
<CodeBook><Codes><Code guid="${g(2)}" name="Tillit" isCodable="true" color="#F00"><Description>Om tillit.</Description><Code guid="${g(3)}" name="Å bli sett" isCodable="true"/></Code></Codes></CodeBook>
<Sources><TextSource guid="${g(4)}" name="Intervju med Kari Nordmann" plainTextPath="internal://s1.txt">
<PlainTextSelection guid="${g(5)}" startPosition="${start}" endPosition="${end}" creatingUser="${g(1)}"><Coding guid="${g(6)}" creatingUser="${g(1)}"><CodeRef targetGUID="${g(3)}"/></Coding><NoteRef targetGUID="${g(7)}"/></PlainTextSelection>
<Coding guid="${g(8)}" creatingUser="${g(1)}"><CodeRef targetGUID="${g(2)}"/></Coding>
</TextSource></Sources>
<Notes><Note guid="${g(7)}" name="memo"><PlainTextContent>Viktig poeng fra Kari.</PlainTextContent></Note></Notes>
<Sets><Set guid="${g(9)}" name="Utvalg"/></Sets>
</Project>`;

  it("replaces the speaker's name in the talk and keeps every coding on its words", async () => {
    const file = write(
      'intervju.qdpx',
      zip([
        ['project.qde', qde],
        ['sources/s1.txt', text],
      ]),
    );
    const { dir, json } = await imported(file, ['--map', 'Kari Nordmann=P7']);
    expect(json).toMatchObject({ language: 'nb', codes: 2, tags: 2, memos: 1, namesInKey: 1, dropped: { Sets: 1 } });
    const key = parse(readFileSync(join(dir, 'key.yaml'), 'utf8')) as { people: { code: string; name: string }[] };
    // "Intervjuer" names a role, not a person: a code, and nothing for the key.
    expect(key.people).toEqual([{ code: 'P7', name: 'Kari Nordmann' }]);
    const [s] = coded(dir);
    expect(s!.turns.map((t) => [t.speaker, t.text])).toEqual([
      ['P1', 'Hva betyr det å bli sett?'],
      ['P7', 'Jeg tror P7 trenger at noen ser henne. Det å bli sett betyr mye 😀 for meg.'],
      ['P1', 'Takk.'],
    ]);
    const [words, whole] = [s!.tags.find((t) => t.tag.code === 'tillit/å-bli-sett')!, s!.tags.find((t) => t.tag.code === 'tillit')!];
    expect(words.status).toBe('exact');
    expect(wordsOf(s!, words)).toBe(said);
    expect(words.tag.memo).toBe('Viktig poeng fra P7.');
    const transcript = readFileSync(join(dir, 'sessions', readdirSync(join(dir, 'sessions'))[0]!, 'transcript.md'), 'utf8');
    expect(transcript).toContain('title: Intervju med P7');
    expect(transcript).not.toMatch(/Kari|Nordmann/);
    expect(JSON.stringify(json)).not.toMatch(/Kari|Nordmann/);
    expect(words.observer).toBe('AL');
    expect(whole.place).toMatchObject({ first: 0, last: 2, whole: true });
    const cb = parse(readFileSync(join(dir, 'codebook.yaml'), 'utf8')) as { codes: Record<string, string>[] };
    expect(cb.codes[0]).toMatchObject({ code: 'tillit', label: 'Tillit', description: 'Om tillit.', colour: '#ff0000' });
    expect(cb.codes[1]).toMatchObject({ code: 'tillit/å-bli-sett', label: 'Å bli sett' });
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toContain('key.yaml');
    expect((await fokusIn(['validate', '--json'], { cwd: dir })).stdout).toContain('"errors": 0');
  });
});

describe('untidy and tricky input (from a review)', () => {
  const g = (n: number) => `${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`;
  const project = (body: string, attrs = '') => `<Project xmlns="urn:QDA-XML:project:1.0" name="Prosjekt" ${attrs}>${body}</Project>`;
  const source = (path: string, sels = '') => `<Sources><TextSource guid="${g(90)}" plainTextPath="${path}">${sels}</TextSource></Sources>`;

  it('long nested code names and a user whose name starts with a digit import, without hanging', async () => {
    const long = (n: number) => `Et langt in vivo-sitat som kode nummer ${n} ${'og enda flere ord '.repeat(4)}`;
    const codes = `<CodeBook><Codes><Code guid="${g(1)}" name="${long(1)}" isCodable="true"><Code guid="${g(2)}" name="${long(2)}" isCodable="true"><Code guid="${g(3)}" name="${long(3)}" isCodable="true"/></Code></Code></Codes></CodeBook>`;
    const file = write('deep.qde', project(`<Users><User guid="${g(4)}" name="2nd coder"/></Users>${codes}`));
    const { dir, json } = await imported(file);
    expect(json).toMatchObject({ codes: 3, observers: ['O'] });
    const cb = parse(readFileSync(join(dir, 'codebook.yaml'), 'utf8')) as { codes: { code: string; label: string }[] };
    expect(cb.codes.every((c) => c.code.length <= 120)).toBe(true);
    expect(cb.codes[2]!.label).toBe(long(3));
  });

  it('reads a source whose file name has a % in it, and memos kept in files', async () => {
    const sel = `<PlainTextSelection guid="${g(5)}" startPosition="6" endPosition="12"><Coding guid="${g(6)}"><CodeRef targetGUID="${g(1)}"/></Coding><NoteRef targetGUID="${g(7)}"/></PlainTextSelection>`;
    const qde = project(
      `<CodeBook><Codes><Code guid="${g(1)}" name="Kode" isCodable="true"/></Codes></CodeBook>${source('internal://50% rapport.txt', sel)}<Notes><Note guid="${g(7)}" plainTextPath="internal://memo.txt"/></Notes>`,
    );
    const file = write(
      'p.qdpx',
      zip([
        ['project.qde', qde],
        ['sources/50% rapport.txt', 'Hallo verden og alle.'],
        ['sources/memo.txt', 'Et notat.'],
      ]),
    );
    const { dir, json } = await imported(file);
    expect(json).toMatchObject({ tags: 1, memos: 1 });
    const [s] = coded(dir);
    expect(wordsOf(s!, s!.tags[0]!)).toBe('verden');
    expect(s!.tags[0]!.tag.memo).toBe('Et notat.');
  });

  it('keeps codes written as labels, gives a speaking user their own code, and knows "Name (P1)" and roles', async () => {
    const text = [
      'M1: Velkommen.',
      'Kari Nordmann (P9): Jeg heter Kari Nordmann.',
      'P1: Og jeg er P1.',
      'Spørsmål: Hva synes du?',
      'P1: Spørsmål er bra.',
    ].join('\n\n');
    const qde = project(`<Users><User guid="${g(4)}" id="M1" name="Mona Moderator"/></Users>${source('internal://a.txt')}`);
    const { dir, json } = await imported(
      write(
        'p.qdpx',
        zip([
          ['project.qde', qde],
          ['sources/a.txt', text],
        ]),
      ),
    );
    const [s] = coded(dir);
    expect(s!.turns.map((t) => t.speaker)).toEqual(['M1', 'P2', 'P1', 'P3', 'P1']);
    expect(s!.turns[1]!.text).toBe('Jeg heter P2.');
    expect(s!.turns[4]!.text).toBe('Spørsmål er bra.');
    const key = parse(readFileSync(join(dir, 'key.yaml'), 'utf8')) as { people: { code: string; name: string }[] };
    expect(key.people).toEqual([{ code: 'P2', name: 'Kari Nordmann' }]);
    const m = parse(readFileSync(join(dir, 'fokus.yaml'), 'utf8')) as { team: { code: string; roles: string[] }[] };
    expect(m.team).toEqual([{ code: 'M1', roles: ['moderator'], name: 'Mona Moderator' }]);
    expect(JSON.stringify(json)).not.toContain('Kari');
  });

  it('round-trips talk that looks like a label, odd numbers, an attribute called group and a multi-line use_when', async () => {
    const dir = exampleCopy();
    const tr = join(dir, 'sessions', 'elvedal-2', 'transcript.md');
    writeFileSync(tr, readFileSync(tr, 'utf8').replace(/(#t5: [^\n]*)/, '$1\n\nMerk: dette er fortsatt samme tur.'));
    const pp = join(dir, 'participants.yaml');
    writeFileSync(
      pp,
      readFileSync(pp, 'utf8').replace(
        '      age_band: 20-29\n',
        '      age_band: 20-29\n      group: fjordvik\n      weight: 0.0000001\n      big: 1e21\n',
      ),
    );
    const cbp = join(dir, 'codebook.yaml');
    writeFileSync(
      cbp,
      readFileSync(cbp, 'utf8').replace(
        /(  - code: arenaer\/bofellesskapet\n(?:    .*\n)*?)    use_when: (.*)\n/,
        '$1    use_when: |-\n      $2\n      Også når noen flytter inn.\n',
      ),
    );
    const { file, parts } = await exported(dir);
    if (haveShared) expect(await schemaErrors(parts.get('project.qde')!.toString('utf8'))).toEqual([]);
    const back = (await imported(file)).dir;
    const a = loadProject(dir);
    const b = loadProject(back);
    const p2 = (p: typeof a) => p.participants.value.find((x) => x.code === 'P2')!;
    expect(p2(b).group).toBe('elvedal');
    expect(p2(b).attributes).toEqual(p2(a).attributes);
    const code = (p: typeof a) => p.codebook!.value.codes.find((c) => c.code === 'arenaer/bofellesskapet')!;
    expect(code(b).use_when).toBe(code(a).use_when);
    expect(code(a).use_when).toContain('\n');
    const turns = (p: typeof a) => turnsOf(p.sessions.find((s) => s.session.value.id === 'elvedal-2')!.transcript!.transcript);
    expect(turns(b).map((t) => [t.speaker, t.text])).toEqual(turns(a).map((t) => [t.speaker, t.text]));
  });

  it('reads a bare project.qde whose codebook comes early', async () => {
    const file = write('p.qde', project(`<CodeBook><Codes><Code guid="${g(1)}" name="Kode" isCodable="true"/></Codes></CodeBook>`));
    expect((await imported(file)).json).toMatchObject({ codes: 1, sources: 0 });
  });
});
