// fokus report: the milestone report (or the short version for participants) as Word, Markdown
// and HTML, from one report model. Every file is built and leak-checked before any is written.
import { basename, dirname, extname, join, resolve } from 'node:path';
import { VERSION, type Run } from '../cli.js';
import { UserError } from '../errors.js';
import { buildReportModel, type Audience, type ReportInput, type ReportScope, type ReportSession } from '../core/report-model.js';
import { reportDoc } from '../core/report-doc.js';
import type { Lang } from '../core/model.js';
import { writeMarkdown } from '../writers/markdown.js';
import { FILES, sessionById, type LoadedProject } from '../store/project.js';
import { pathKind } from '../store/setup.js';
import { readLeadTexts, REPORTS_DIR } from '../store/report.js';
import { openDrawings } from '../store/cache.js';
import { svgToPng } from '../charts/png.js';
import { writeChecked, type PlannedFile } from './_export.js';
import { checkGroup, codedSessions, openProject } from './_shared.js';
import { didYouMean } from '../core/schema.js';

export type ReportFormat = 'docx' | 'md' | 'html';
export const REPORT_FORMATS: readonly ReportFormat[] = ['docx', 'md', 'html'];

export interface ReportOpts {
  format?: string[];
  output?: string;
  lang?: Lang;
  milestone?: string;
  group?: string[];
  sessions?: string[];
  audience?: Audience;
  /** Word: lay the pages out to write the page numbers of the contents. */
  pageNumbers?: boolean;
  json?: boolean;
}

/** `--format docx,html` or `--format docx --format html`; without it, the extension of -o, else Word. */
function formatsOf(opts: ReportOpts): ReportFormat[] {
  const given = (opts.format ?? [])
    .flatMap((f) => f.split(','))
    .map((f) => f.trim().toLowerCase())
    .filter(Boolean);
  for (const f of given)
    if (!REPORT_FORMATS.includes(f as ReportFormat))
      throw new UserError(
        `--format ${f}: expected ${REPORT_FORMATS.join(', ')}${didYouMean(f, [...REPORT_FORMATS])}`,
        undefined,
        'bad-format',
      );
  if (given.length) return [...new Set(given as ReportFormat[])];
  const ext = opts.output ? extname(opts.output).slice(1).toLowerCase() : '';
  return REPORT_FORMATS.includes(ext as ReportFormat) ? [ext as ReportFormat] : ['docx'];
}

/** What the report is built from, read from the loaded project. */
export function reportInput(p: LoadedProject, scope: ReportScope, lang: Lang, today: string): ReportInput {
  const coded = codedSessions(p);
  const sessions: ReportSession[] = p.sessions.map((s, i) => {
    const out: ReportSession = { session: s.session.value, fieldNotes: s.notes.reduce((a, n) => a + n.value.notes.length, 0) };
    if (s.transcript) out.coded = coded[i]!;
    if (s.summary) out.summary = s.summary.summary;
    if (s.feedback) out.feedback = s.feedback.value;
    return out;
  });
  return {
    manifest: p.manifest.value,
    participants: p.participants.value,
    guides: p.guides.map((g) => g.value),
    sessions,
    scope,
    lang,
    today,
    software: `fokus ${VERSION}`,
    ...(p.codebook ? { codebook: p.codebook.value } : {}),
  };
}

export async function run(r: Run, opts: ReportOpts): Promise<number> {
  const formats = formatsOf(opts);
  const p = openProject(r, { transcripts: true, coding: true });
  const m = p.manifest.value;
  const lang = opts.lang ?? m.language;
  const audience = opts.audience ?? 'full';

  const milestones = m.design?.milestones ?? [];
  const milestone = opts.milestone ? milestones.find((x) => x.id === opts.milestone) : undefined;
  if (opts.milestone && !milestone) {
    const ids = milestones.map((x) => x.id);
    throw new UserError(
      `no milestone '${opts.milestone}'${didYouMean(opts.milestone, ids)}${ids.length ? ` (milestones: ${ids.join(', ')})` : ' (add one with fokus milestone)'}`,
      { file: p.manifest.file },
      'no-milestone',
    );
  }
  for (const g of opts.group ?? []) checkGroup(p, g);
  const sessionIds = (opts.sessions ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of sessionIds) sessionById(p, id);

  const input = reportInput(
    p,
    {
      ...(milestone ? { milestone } : {}),
      ...(opts.group?.length ? { groups: opts.group } : {}),
      ...(sessionIds.length ? { sessions: sessionIds } : {}),
    },
    lang,
    r.today,
  );
  const model = buildReportModel(input);
  if (!model.sessions.length) throw new UserError('no sessions in this scope: nothing to report', undefined, 'empty-scope');
  const texts = readLeadTexts(p.root, lang, m.language, milestone?.id);
  const { doc, missing } = reportDoc({
    model,
    audience,
    texts,
    software: input.software,
    leakChecked: pathKind(join(p.root, FILES.key)) === 'file',
  });

  // Where the files go: -o a file (one format) or a folder; by default reports/<milestone>/.
  const stem = [milestone?.id ?? 'report', ...(opts.group ?? []), ...(audience === 'participants' ? ['participants'] : [])].join('-');
  const out = opts.output ? resolve(r.ctx.cwd, opts.output) : join(p.root, REPORTS_DIR, milestone?.id ?? 'all');
  const isDir = !opts.output || opts.output.endsWith('/') || pathKind(out) === 'folder';
  if (
    !isDir &&
    formats.length > 1 &&
    REPORT_FORMATS.includes(extname(out).slice(1) as ReportFormat) &&
    extname(out).slice(1) !== formats[0]
  )
    throw new UserError(
      `-o ${opts.output} names one ${extname(out)} file, but --format asks for ${formats.join(', ')}: give a folder`,
      undefined,
      'bad-output',
    );
  const pathFor = (f: ReportFormat) =>
    isDir ? join(out, `${stem}.${lang}.${f}`) : join(dirname(out), `${basename(out, extname(out))}.${f}`);

  // Build every file, check them all, then write.
  const planned: PlannedFile[] = [];
  for (const f of formats) {
    if (f === 'md') planned.push({ path: pathFor(f), data: writeMarkdown(doc) });
    else if (f === 'html') planned.push({ path: pathFor(f), data: (await import('../writers/html.js')).writeHtml(doc) });
    else
      planned.push({
        path: pathFor(f),
        data: await (await import('../writers/docx.js')).writeDocx(doc, { pageNumbers: opts.pageNumbers === true, draw: drawings(p.root) }),
      });
  }
  const leakCheck = await writeChecked(r, p.root, m, planned, { doc });

  const figures = doc.blocks.filter((b) => b.kind === 'figure').length;
  const points = model.themes.reduce((a, t) => a + t.shared.length + t.minority.length, 0);
  if (opts.json) {
    r.out.json({
      files: planned.map((f) => f.path),
      lang,
      audience,
      milestone: milestone?.id ?? null,
      sessions: model.sessions.map((s) => s.id),
      themes: model.themes.map((t) => ({ id: t.id, title: t.title, shared: t.shared.length, minority: t.minority.length })),
      points,
      quotes: model.quotes,
      figures,
      validation: model.validation.counts,
      notValidated: model.notValidated,
      missingTexts: missing,
      leakCheck,
    });
    return 0;
  }
  const scopeText = milestone ? `${milestone.id} (${milestone.title})` : 'the whole project';
  r.out.line(
    `${audience === 'participants' ? 'Participant version' : 'Report'} for ${scopeText}: ${model.sessions.length} sessions, ${model.themes.length} themes, ${points} points, ${model.quotes} quotes, ${figures} figures.`,
  );
  for (const f of planned) r.out.line(`  ${r.out.path(f.path)}`);
  if (leakCheck === 'passed') r.out.note(r.out.errStyle.dim('Leak check: no name or listed identifier from key.yaml in the report.'));
  for (const f of missing) r.out.note(r.out.errStyle.yellow(`note: ${f} is not written yet; the report has a placeholder where it goes`));
  return 0;
}

/** Charts for Word drawn once and kept in the project's cache by what they show: a report made again draws only what changed. */
function drawings(root: string): (svg: string, widthPx: number) => Promise<Uint8Array> {
  const kept = openDrawings(root);
  return (svg, widthPx) => kept(`${widthPx}\0${svg}`, () => svgToPng(svg, widthPx));
}
