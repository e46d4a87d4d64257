// The milestone report: the model's figures checked against the example's own files, the layout
// for each audience and language, the Word file's XML, and the leak check on every export.
import { readFileSync, readdirSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { reportInput } from '../src/commands/report.js';
import { reportDoc, type LeadTexts } from '../src/core/report-doc.js';
import { buildReportModel, type ReportModel } from '../src/core/report-model.js';
import { docText, inlineText, type Doc, type DocBlock } from '../src/doc/model.js';
import { loadProject, type LoadedProject } from '../src/store/project.js';
import { readLeadTexts } from '../src/store/report.js';
import { unzip } from '../src/store/zip.js';
import { EXAMPLE, exampleCopy, fingerprint, fokus, tmp } from './helpers.js';

const yaml = (path: string) => parse(readFileSync(path, 'utf8'));
const SESSIONS = join(EXAMPLE, 'sessions');
const sessionIds = readdirSync(SESSIONS).sort();

function model(p: LoadedProject, scope = {}, lang: 'nb' | 'en' = 'nb'): ReportModel {
  return buildReportModel(reportInput(p, scope, lang, '2026-01-01'));
}

const headings = (d: Doc, level?: number) =>
  d.blocks
    .filter((b): b is Extract<DocBlock, { kind: 'heading' }> => b.kind === 'heading' && (!level || b.level === level))
    .map((b) => b.text);

const noTexts = (): LeadTexts => ({
  foreword: { missing: 'reports/foreword.md' },
  background: { missing: 'reports/background.md' },
  conclusion: { missing: 'reports/conclusion.md' },
  recommendations: { missing: 'reports/recommendations.md' },
  coreq: {},
  coreqFile: 'reports/coreq.yaml',
});

describe('the report model, from the example project', () => {
  let p: LoadedProject;
  let m: ReportModel;
  beforeAll(() => {
    p = loadProject(EXAMPLE, { transcripts: true, coding: true });
    const milestone = p.manifest.value.design!.milestones!.find((x) => x.id === 'm2')!;
    m = model(p, { milestone });
  });

  it('counts sessions, groups, the period and participants from the files', () => {
    const sessions = sessionIds.map((id) => yaml(join(SESSIONS, id, 'session.yaml')));
    expect(m.sessions.map((s) => s.id).sort()).toEqual(sessionIds);
    expect(m.groups.map((g) => g.id)).toEqual(['elvedal', 'fjordvik']);
    const dates = sessions.map((s) => s.held as string).sort();
    expect(m.period).toEqual({ from: dates[0], to: dates.at(-1) });
    const people = yaml(join(EXAMPLE, 'participants.yaml')).participants as { group: string; category: string }[];
    expect(m.participants.total).toBe(people.length);
    for (const g of m.groups) {
      expect(g.participants).toBe(people.filter((x) => x.group === g.id).length);
      for (const c of g.byCategory) expect(c.n).toBe(people.filter((x) => x.group === g.id && x.category === c.category).length);
    }
    // Spacing: days between a group's consecutive sessions.
    const gaps = ['elvedal', 'fjordvik'].flatMap((g) => {
      const d = sessions
        .filter((s) => s.group === g)
        .map((s) => Date.parse(s.held))
        .sort((a, b) => a - b);
      return d.slice(1).map((x, i) => Math.round((x - d[i]!) / 86_400_000));
    });
    expect(m.spacing).toEqual({
      min: Math.min(...gaps),
      max: Math.max(...gaps),
      mean: Math.round(gaps.reduce((a, b) => a + b) / gaps.length),
    });
  });

  it('counts the validation from the feedback records: the latest response to each point, and the points added', () => {
    const want = { confirmed: 0, corrected: 0, nuanced: 0, rejected: 0, added: 0 };
    let presented = 0;
    for (const id of sessionIds) {
      const path = join(SESSIONS, id, 'feedback.yaml');
      if (!existsSync(path)) continue;
      presented++;
      const latest = new Map<string, keyof typeof want>();
      for (const v of yaml(path).validations) {
        for (const r of v.responses) latest.set(r.point, r.response);
        want.added += v.added?.length ?? 0;
      }
      for (const r of latest.values()) want[r]++;
    }
    expect(presented).toBeGreaterThan(0);
    expect(m.validation.presented).toBe(presented);
    expect(m.validation.counts).toEqual(want);
    expect(m.validation.log.filter((r) => r.response !== 'added')).toHaveLength(
      want.confirmed + want.corrected + want.nuanced + want.rejected,
    );
  });

  it('puts each point under the research question its guide question serves, shared and minority views apart', () => {
    expect(m.themes.slice(0, 4).map((t) => t.id)).toEqual(['rq1', 'rq2', 'rq3', 'rq4']);
    for (const t of m.themes) {
      for (const pt of t.shared) expect(['shared', 'added']).toContain(pt.standing);
      for (const pt of t.minority) expect(['minority', 'dissent']).toContain(pt.standing);
    }
    // Every summary point not proposed and not rejected is reported exactly once.
    const all = m.themes.flatMap((t) => [...t.shared, ...t.minority]);
    const inSummaries = p.sessions.flatMap((s) => s.summary!.summary.themes.flatMap((t) => t.points.filter((x) => !x.proposed)));
    expect(all).toHaveLength(inSummaries.length - m.rejected.length);
    expect(new Set(all.map((x) => `${x.session}/${x.id}`)).size).toBe(all.length);
    // elvedal-1's q2 serves rq1: its points are under rq1.
    const q2 = p.sessions.find((s) => s.session.value.id === 'elvedal-1')!.summary!.summary.themes.find((t) => t.id === 'q2')!;
    const rq1 = m.themes.find((t) => t.id === 'rq1')!;
    for (const pt of q2.points)
      expect([...rq1.shared, ...rq1.minority].some((x) => x.session === 'elvedal-1' && x.id === pt.id)).toBe(true);
  });

  it('attributes every quote by category and group, never by code or name', () => {
    const quotes = m.themes.flatMap((t) => [...t.shared, ...t.minority]).flatMap((x) => x.quotes);
    expect(quotes.length).toBe(m.quotes);
    expect(quotes.length).toBeGreaterThan(20);
    for (const q of quotes) expect(q.by).toMatch(/^(brukerrepresentant|ansatt), (Elvedal|Fjordvik)$/);
  });

  it('marks points validated at a later session, and those not yet presented', () => {
    const all = m.themes.flatMap((t) => [...t.shared, ...t.minority]);
    const s4 = all.filter((x) => x.number === 4);
    expect(s4.length).toBeGreaterThan(0);
    for (const x of s4) expect(x.response).toBeUndefined();
    expect(m.notValidated).toBe(all.filter((x) => !x.response && !x.addedAt).length);
    for (const x of all.filter((y) => y.response)) expect(x.response!.at).toBe(x.number + 1);
  });

  it('gives talk shares that add up to a hundred per session, from the transcripts', () => {
    for (const t of m.talkShare) {
      expect(t.sessions).toHaveLength(4);
      for (const s of t.sessions) expect(s.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
    }
  });

  it('counts codings per code with the codes under it, matching the tag files', () => {
    let kompetanse = 0;
    let all = 0;
    for (const id of sessionIds)
      for (const f of readdirSync(join(SESSIONS, id, 'tags'))) {
        const tags = yaml(join(SESSIONS, id, 'tags', f)).tags as { code: string }[];
        all += tags.length;
        kompetanse += tags.filter((t) => t.code === 'kompetanse' || t.code.startsWith('kompetanse/')).length;
      }
    expect(m.coding.tags).toBe(all);
    expect(m.codeRows.find((c) => c.code === 'kompetanse')!.total).toBe(kompetanse);
    const top = m.codeRows.filter((c) => c.level === 1);
    expect(top.reduce((a, c) => a + c.total, 0)).toBe(all);
  });

  it('scopes by milestone date, group and sessions', () => {
    const m1 = p.manifest.value.design!.milestones!.find((x) => x.id === 'm1')!;
    const early = model(p, { milestone: m1 });
    expect(early.sessions.map((s) => s.id).sort()).toEqual(['elvedal-1', 'elvedal-2', 'fjordvik-1', 'fjordvik-2']);
    expect(early.title).toBe(m1.title);
    const elvedal = model(p, { groups: ['elvedal'] });
    expect(new Set(elvedal.sessions.map((s) => s.group))).toEqual(new Set(['elvedal']));
    expect(elvedal.groups).toHaveLength(1);
    const two = model(p, { sessions: ['fjordvik-3', 'elvedal-1'] });
    expect(two.sessions.map((s) => s.id)).toEqual(['elvedal-1', 'fjordvik-3']);
    expect(two.themes.flatMap((t) => [...t.shared, ...t.minority]).every((x) => ['elvedal-1', 'fjordvik-3'].includes(x.session))).toBe(
      true,
    );
  });
});

describe('the report as a document', () => {
  let p: LoadedProject;
  beforeAll(() => {
    p = loadProject(EXAMPLE, { transcripts: true, coding: true });
  });
  const build = (audience: 'full' | 'participants', lang: 'nb' | 'en', texts = readLeadTexts(EXAMPLE, lang, 'nb', 'm2')) => {
    const milestone = p.manifest.value.design!.milestones!.find((x) => x.id === 'm2')!;
    return reportDoc({ model: model(p, { milestone }, lang), audience, texts, software: 'fokus test', leakChecked: true });
  };

  it('has every section of a milestone note, in order, in both languages', () => {
    const nb = build('full', 'nb');
    expect(nb.missing).toEqual([]);
    expect(headings(nb.doc, 1)).toEqual([
      'Forord',
      'Innledning',
      'Metode',
      'Resultater',
      'Oppsummering',
      'Anbefalinger',
      'Vedlegg A: Intervjuguider',
      'Vedlegg B: Kodebok med frekvenser',
      'Vedlegg C: Valideringslogg',
      'Vedlegg D: COREQ-sjekkliste',
    ]);
    expect(headings(build('full', 'en').doc, 1)).toEqual([
      'Foreword',
      'Introduction',
      'Method',
      'Results',
      'Summary',
      'Recommendations',
      'Appendix A: Interview guides',
      'Appendix B: Codebook with frequencies',
      'Appendix C: Validation log',
      'Appendix D: COREQ checklist',
    ]);
    expect(nb.doc.blocks.filter((b) => b.kind === 'toc')).toHaveLength(1);
    expect(nb.doc.blocks.filter((b) => b.kind === 'figure').map((b) => (b as { chart: { kind: string } }).chart.kind)).toEqual([
      'timeline',
      'bars',
      'bars',
      'bars',
      'bars',
    ]);
  });

  it("takes the lead's texts from reports/, in the report's language", () => {
    const nb = docText(build('full', 'nb').doc);
    const en = docText(build('full', 'en').doc);
    const first = (f: string) =>
      readFileSync(join(EXAMPLE, 'reports', 'm2', f), 'utf8')
        .split('\n')[0]!
        .slice(0, 40);
    expect(nb).toContain(first('foreword.md'));
    expect(en).toContain(first('foreword.en.md'));
    expect(nb).not.toContain(first('foreword.en.md'));
  });

  it('says where a missing text goes, and lists it', () => {
    const r = build('full', 'nb', noTexts());
    expect(r.missing).toEqual(['reports/foreword.md', 'reports/background.md', 'reports/conclusion.md', 'reports/recommendations.md']);
    expect(docText(r.doc)).toContain('[Forord mangler: skriv teksten i reports/foreword.md.]');
  });

  it('fills COREQ: 32 items, the lead-only ones flagged without answers and filled from coreq.yaml', () => {
    const table = (d: Doc) =>
      d.blocks
        .slice(d.blocks.findIndex((b) => b.kind === 'heading' && b.text.includes('COREQ')))
        .filter((b): b is Extract<DocBlock, { kind: 'table' }> => b.kind === 'table')
        .flatMap((t) => t.rows);
    const flagged = (rows: ReturnType<typeof table>) => rows.filter((r) => inlineText(r[2]!).startsWith('⚑')).map((r) => inlineText(r[0]!));
    const without = table(build('full', 'nb', noTexts()).doc);
    expect(without.map((r) => inlineText(r[0]!))).toEqual(Array.from({ length: 32 }, (_, i) => String(i + 1)));
    // The example has no live field notes, so item 20 has nothing to say either.
    const noNotes = model(p).coding.fieldNotes === 0 ? ['20'] : [];
    expect(flagged(without)).toEqual(['2', '4', '5', '6', '7', '8', '10', '11', ...noNotes, '22', '30']);
    expect(flagged(table(build('full', 'nb').doc))).toEqual(noNotes);
    // Item 28, participant checking, carries the validation counts.
    const counts = model(p).validation.counts;
    expect(inlineText(without.find((r) => inlineText(r[0]!) === '28')![2]!)).toContain(String(counts.nuanced));
  });

  it('gives participants the short plain version: results and recommendations, no method detail, codebook or COREQ', () => {
    const { doc } = build('participants', 'nb');
    expect(headings(doc, 1)).toEqual(['Om prosjektet', 'Resultater', 'Oppsummering', 'Anbefalinger', 'Takk']);
    expect(doc.blocks.some((b) => b.kind === 'table' || b.kind === 'figure' || b.kind === 'toc')).toBe(false);
    const full = build('full', 'nb').doc;
    const quotes = (d: Doc) => d.blocks.filter((b) => b.kind === 'quote').length;
    expect(quotes(doc)).toBeLessThan(quotes(full));
    expect(docText(doc).length).toBeLessThan(docText(full).length / 2);
  });
});

describe('fokus report', () => {
  let dir: string;
  beforeAll(() => {
    dir = exampleCopy();
  });

  it('writes a Word file with heading styles, a table of contents, quotes, repeating table headers, charts and properties', () => {
    const r = fokus(['report', '--milestone', 'm2', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.files).toEqual([join(dir, 'reports', 'm2', 'm2.nb.docx')]);
    expect(j.leakCheck).toBe('passed');
    expect(j.missingTexts).toEqual([]);
    const zip = unzip(readFileSync(j.files[0]));
    const xml = zip.get('word/document.xml')!.toString('utf8');
    for (const h of ['Title', 'Heading1', 'Heading2', 'Heading3', 'Heading4', 'Quote', 'Caption'])
      expect(xml).toContain(`<w:pStyle w:val="${h}"/>`);
    expect(xml).toMatch(/<w:instrText[^>]*>TOC \\h \\o &quot;1-2&quot;<\/w:instrText>/);
    expect(xml).toContain('<w:tblHeader/>');
    expect(xml).toMatch(
      /<w:pStyle w:val="Quote"\/><\/w:pPr><w:r><w:t xml:space="preserve">«<\/w:t><\/w:r><w:r><w:t xml:space="preserve">Det handler om å bli sett/,
    );
    expect(xml).toContain('(brukerrepresentant, Elvedal)');
    expect(xml).toContain('Vedlegg D: COREQ-sjekkliste');
    // Five charts, each a PNG with its SVG beside it.
    expect(xml.match(/<a:blip /g)).toHaveLength(5);
    expect(xml.match(/asvg:svgBlip/g)).toHaveLength(5);
    const media = [...zip.keys()].filter((k) => k.startsWith('word/media/'));
    expect(media.filter((k) => k.endsWith('.png'))).toHaveLength(5);
    expect(media.filter((k) => k.endsWith('.svg'))).toHaveLength(5);
    expect(
      zip
        .get(media.find((k) => k.endsWith('.png'))!)!
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    const core = zip.get('docProps/core.xml')!.toString('utf8');
    expect(core).toContain('<dc:title>Sluttrapport med anbefalinger</dc:title>');
    expect(core).toContain('<dc:creator>Hanne Lind, Jonas Eide og Siri Vold</dc:creator>');
    expect(zip.get('word/styles.xml')!.toString('utf8')).toContain('w:val="nb-NO"');
    // The table of contents is written with its entries, so it reads right before Word updates it.
    expect(xml).toMatch(/Kjernekompetanse.{0,400}PAGEREF/);
  });

  it('writes Markdown and HTML from the same model, to a folder outside the project', () => {
    const out = tmp('fokus-report-');
    const r = fokus(
      ['report', '--milestone', 'm2', '--format', 'md,html', '--lang', 'en', '--audience', 'participants', '-o', out, '--json'],
      {
        cwd: dir,
      },
    );
    expect(r.code).toBe(0);
    const md = readFileSync(join(out, 'm2-participants.en.md'), 'utf8');
    const html = readFileSync(join(out, 'm2-participants.en.html'), 'utf8');
    expect(md).toContain('## Results');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Results</h2>');
    // The same points in both.
    const titles = [...md.matchAll(/^##### (.+)$/gm)].map((x) => x[1]!);
    expect(titles.length).toBeGreaterThan(20);
    for (const t of titles) expect(html).toContain(t.replace(/&/g, '&amp;'));
  });

  it('embeds the charts as SVG in the HTML, with nothing loaded from elsewhere', () => {
    const out = tmp('fokus-report-');
    expect(fokus(['report', '--format', 'html', '-o', join(out, 'r.html')], { cwd: dir }).code).toBe(0);
    const html = readFileSync(join(out, 'r.html'), 'utf8');
    expect(html.match(/<svg /g)!.length).toBe(5);
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('refuses a bad scope or format with one line, exit 2, and writes nothing', () => {
    const before = fingerprint(dir);
    for (const [args, msg] of [
      [['--milestone', 'm3'], /^fokus\.yaml: no milestone 'm3' \(did you mean 'm[12]'\?\)/],
      [['--format', 'pdf'], /--format pdf: expected docx, md, html/],
      [['--group', 'hamar'], /no group 'hamar'/],
      [['--sessions', 'elvedal-9'], /elvedal-9/],
    ] as const) {
      const r = fokus(['report', ...args], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(fingerprint(dir)).toEqual(before);
  });
});

describe('the leak check on every export', () => {
  const planted = (edit: (dir: string) => void) => {
    const dir = exampleCopy();
    rmSync(join(dir, 'reports'), { recursive: true, force: true });
    edit(dir);
    return dir;
  };
  const refused = (dir: string, args: string[]) => {
    const before = fingerprint(dir);
    const r = fokus(args, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('nothing was');
    // The message says whose name, never the name.
    expect(r.stderr).not.toMatch(/Randi|Bakken|Tone Vik/);
    expect(fingerprint(dir)).toEqual(before);
    return r.stderr;
  };
  const summary = (dir: string, id: string) => join(dir, 'sessions', id, 'summary.md');
  /** Adds a paragraph to the first point of a summary. */
  const plantInPoint = (f: string, words: string) => {
    const text = readFileSync(f, 'utf8');
    const at = text.indexOf('\n\n', text.indexOf('\n### ')) + 2;
    writeFileSync(f, `${text.slice(0, at)}${words}\n\n${text.slice(at)}`);
  };

  it('refuses a report, in every format, when a summary names a participant', () => {
    const dir = planted((d) => plantInPoint(summary(d, 'fjordvik-2'), 'Randi Bakken sa det samme.'));
    for (const format of ['docx', 'md', 'html']) {
      const err = refused(dir, ['report', '--format', format]);
      expect(err).toContain("P1's name (from key.yaml)");
      expect(err).toMatch(/under «Resultater › .+»/);
    }
  });

  it('finds an identifier that Word splits over two runs', () => {
    // In the XML the words are in two runs ("Fjordvik ", "arbeidssenter"); the document's text has them whole.
    const dir = planted((d) => plantInPoint(summary(d, 'elvedal-3'), 'Vi møttes på Fjordvik **arbeidssenter**.'));
    expect(refused(dir, ['report', '--format', 'docx'])).toContain('listed as identifying');
  });

  it('refuses the session pack when the summary to validate holds an identifier listed in the key', () => {
    // The example's key lists "Fjordvik arbeidssenter" as identifying.
    const dir = planted((d) => plantInPoint(summary(d, 'elvedal-3'), 'Vi møttes på Fjordvik arbeidssenter.'));
    expect(refused(dir, ['prepare', 'elvedal-4', '--format', 'md'])).toContain('listed as identifying');
  });

  it("refuses a summary drafted from an observer's memo that names a participant", () => {
    const dir = planted((d) => {
      const f = join(d, 'sessions', 'elvedal-4', 'tags', 'O1.yaml');
      const tags = yaml(f);
      for (const t of tags.tags.filter((x: { memo?: string }) => x.memo)) t.memo = `Tone Vik sa dette først. ${t.memo}`;
      writeFileSync(f, stringify(tags));
      rmSync(summary(d, 'elvedal-4'));
      rmSync(join(d, 'sessions', 'elvedal-4', 'history'), { recursive: true, force: true });
    });
    expect(refused(dir, ['summarize', 'elvedal-4'])).toContain("P5's name");
  });

  it('refuses JSON and CSV bound for a file when a transcript names a participant', () => {
    const dir = planted((d) => {
      const f = join(d, 'sessions', 'fjordvik-1', 'transcript.yaml');
      writeFileSync(f, readFileSync(f, 'utf8').replaceAll('relasjon', 'relasjon, sa Randi'));
    });
    expect(refused(dir, ['search', 'relasjon', '--json'])).toMatch(
      /the output holds P1's name \(from key\.yaml\) at line \d+, column \d+; nothing was printed/,
    );
    // Without the name the same output goes through.
    expect(fokus(['search', 'hverdagen', '--json'], { cwd: dir }).code).toBe(0);
  });

  it('lets the researchers be named, and says when there is no key to check against', () => {
    const dir = exampleCopy();
    rmSync(join(dir, 'key.yaml'));
    const r = fokus(['report', '--format', 'md', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).leakCheck).toBe('no-key');
    expect(r.stderr).toContain('the leak check could not run');
    const md = readFileSync(JSON.parse(r.stdout).files[0], 'utf8');
    expect(md).toContain('Hanne Lind (M1)');
    // Without a key, the report does not claim it was checked.
    expect(md).not.toContain('kontrollert mot navnelisten');
  });
});
