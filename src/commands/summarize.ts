// fokus summarize: drafts (or re-drafts) a session's common-sense summary from the tags,
// keeping every point the researcher has edited.
import type { Run } from '../cli.js';
import { UserError } from '../errors.js';
import { categoryCount } from '../core/categories.js';
import { validatedIds } from '../core/feedback.js';
import { draftSummary, type ThemeBy } from '../core/summary-draft.js';
import { mergeSummary, type MergeChange } from '../core/summary-merge.js';
import { renderSummary } from '../core/summary.js';
import { groupName, sessionDate, type Lang } from '../core/model.js';
import { sessionById, type LoadedProject, type LoadedSession } from '../store/project.js';
import { checkExport } from './_export.js';
import {
  newFront,
  readDraftRecord,
  readFeedback,
  readSummary,
  sameBasis,
  summaryBasis,
  summaryPath,
  writeSummary,
  type LoadedSummary,
} from '../store/summary.js';
import { CHANGED } from '../store/text-file.js';
import { codedSessions, openProject, parseLevel, plural, speakersOf } from './_shared.js';

const HEAD = {
  nb: {
    title: (group: string, n: number) => `Oppsummering: ${group}, samling ${n}`,
    help: 'Utkast fra fokus. Skriv om med egne ord, slå sammen og stryk punkter. Punkter du har endret, lar fokus stå urørt når utkastet lages på nytt.',
    people: (n: number) => `${n} deltakere`,
  },
  en: {
    title: (group: string, n: number) => `Summary: ${group}, session ${n}`,
    help: 'Drafted by fokus. Rewrite in your own words, merge and delete points. Points you have edited are left as they are when the draft is made again.',
    people: (n: number) => `${n} participants`,
  },
} as const;

function freshHead(p: LoadedProject, s: LoadedSession, lang: Lang): string[] {
  const m = p.manifest.value;
  const v = s.session.value;
  const group = groupName(m, v.group);
  const h = HEAD[lang];
  const byCat: Record<string, number> = {};
  for (const c of v.attendees ?? []) {
    const cat = p.participants.value.find((x) => x.code === c)?.category;
    if (cat) byCat[cat] = (byCat[cat] ?? 0) + 1;
  }
  const total = Object.values(byCat).reduce((a, b) => a + b, 0);
  const cats = Object.entries(byCat)
    .map(([c, n]) => categoryCount(m, c, n, lang))
    .join(', ');
  const people = total ? `${h.people(total)}${cats ? ` (${cats})` : ''}` : '';
  const date = sessionDate(v) ?? '';
  const line = [date, people].filter(Boolean).join(' · ');
  return ['', `# ${h.title(group, v.number)}`, '', ...(line ? [`_${line}_`, ''] : []), `<!-- ${h.help} -->`, ''];
}

export async function run(
  r: Run,
  id: string,
  opts: { by?: string; level?: string; minVoices?: string; dryRun?: boolean; json?: boolean },
): Promise<number> {
  const by = (opts.by ?? 'question') as ThemeBy;
  const level = parseLevel(opts.level);
  const minVoices = Number(opts.minVoices ?? '2');
  if (!Number.isInteger(minVoices) || minVoices < 1)
    throw new UserError(`--min-voices expects a whole number of 1 or more, got '${opts.minVoices}'`, undefined, 'bad-flag');
  const p = openProject(r);
  const s = sessionById(p, id);
  if (!s.transcript)
    throw new UserError(`session ${id} has no transcript yet; import it first (fokus import ${id} <file>)`, undefined, 'no-transcript');
  const coded = codedSessions(p, [s])[0]!;
  if (!coded.tags.some((t) => t.place))
    throw new UserError(`session ${id} has no tags yet: the summary is drafted from them (fokus tag ${id})`, undefined, 'no-tags');
  const lang = s.summary?.front.language ?? p.manifest.value.language;
  const guideId = s.session.value.guide;
  const guide = p.guides.find((g) => g.value.id === guideId)?.value;
  const input: Parameters<typeof draftSummary>[0] = {
    coded,
    manifest: p.manifest.value,
    speakerOf: speakersOf(p),
    notes: s.notes.map((f) => ({ observer: f.observer, notes: f.value.notes })),
    by,
    lang,
    minVoices,
    headings: s.transcript.transcript.blocks.flatMap((b) => (b.kind === 'heading' ? [b] : [])),
  };
  if (p.codebook) input.codebook = p.codebook.value;
  if (guide) input.guide = guide;
  if (level) input.level = level;
  const draft = draftSummary(input);
  const path = summaryPath(s.dir);
  // The merge is decided on summary.md, the draft record and the validation record as they are on
  // disk, read together just before the write; should any of them change before the write (the
  // researcher saves summary.md, another fokus writes), the write is refused and the merge made again.
  let summary: LoadedSummary | undefined;
  let merged: ReturnType<typeof mergeSummary>;
  let changed: boolean;
  for (let attempt = 1; ; attempt++) {
    const basis = summaryBasis(s.dir);
    summary = readSummary(s.dir);
    const record = readDraftRecord(s.dir);
    const feedback = readFeedback(s.dir).value;
    if (!sameBasis(basis, summaryBasis(s.dir)) && attempt < 5) continue;
    merged = mergeSummary({
      ...(summary ? { existing: summary.doc } : {}),
      record,
      draft,
      validated: validatedIds(feedback),
      manifest: p.manifest.value,
      lang,
      fresh: { front: newFront({ session: id, version: 1, language: lang }), head: freshHead(p, s, lang) },
    });
    changed = !summary || merged.changes.some((c) => c.action !== 'kept');
    if (opts.dryRun || !changed) break;
    // The summary is what the group reads next time: a name that came in with a quote or a memo stops it here.
    await checkExport(r, p.root, p.manifest.value, [{ path, data: renderSummary(merged.doc) }]);
    try {
      writeSummary({ dir: s.dir, doc: merged.doc, ...(summary ? { from: summary.file } : {}), record: merged.record, basis });
      break;
    } catch (e) {
      if (!(e instanceof UserError && e.problems[0]?.code === CHANGED) || attempt >= 3) throw e;
    }
  }

  const count = (a: MergeChange['action']) => merged.changes.filter((c) => c.action === a);
  if (opts.json) {
    r.out.json({
      session: id,
      file: path,
      written: !opts.dryRun && changed,
      new: !summary,
      by,
      changes: merged.changes,
      themes: draft.themes.map((t) => ({
        id: t.id,
        title: t.title,
        points: t.points.map(({ key, code, title, standing, voices, attendees, byCategory, quotes, tags }) => ({
          key,
          id: Object.entries(merged.record.points).find(([, v]) => v.key === key)?.[0],
          code,
          title,
          standing,
          voices,
          attendees,
          byCategory,
          quotes,
          tags,
        })),
      })),
      open: draft.open,
    });
    return 0;
  }
  const verb = !changed ? 'Unchanged:' : opts.dryRun ? 'Would write' : summary ? 'Updated' : 'Drafted';
  const points = draft.themes.reduce((n, t) => n + t.points.length, 0);
  r.out.line(`${verb} ${r.out.path(path)}`);
  if (!summary) {
    r.out.line(`  ${plural(draft.themes.length, 'theme')}, ${plural(points, 'point')}, ${plural(draft.open.length, 'open question')}`);
    r.out.line(r.out.style.dim('  Now rewrite it in your own words; points you edit are never overwritten.'));
    return 0;
  }
  const kept = count('kept');
  const lines: [string, MergeChange[]][] = [
    ['kept as you wrote them', kept.filter((c) => c.why === 'edited')],
    ['kept as validated', kept.filter((c) => c.why === 'validated')],
    ['refreshed from the tags', count('refreshed')],
    ['added (proposals, marked in the text)', count('added')],
    ['removed (no longer in the tags, never edited)', count('removed')],
    ['numbered (new points you wrote)', count('numbered')],
  ];
  for (const [what, cs] of lines)
    if (cs.length) r.out.line(`  ${String(cs.length).padStart(3)} ${what}: ${cs.map((c) => c.id).join(', ')}`);
  return 0;
}
