// fokus compare: who raised each theme, by participant category or by group, and where
// passages were marked dissent.
import type { Run } from '../cli.js';
import { comparePerspectives } from '../core/analysis.js';
import { categoryLabel } from '../core/categories.js';
import { codedSessions, filteredSessions, openProject, parseLevel, printCsv, speakersOf, type Filters } from './_shared.js';

export async function run(
  r: Run,
  opts: Filters & { by: 'category' | 'group'; level?: string; json?: boolean; csv?: boolean },
): Promise<number> {
  const p = openProject(r);
  const coded = codedSessions(p, filteredSessions(p, opts));
  const o: Parameters<typeof comparePerspectives>[3] = { by: opts.by };
  const level = parseLevel(opts.level);
  if (level) o.level = level;
  if (opts.observer?.length) o.observers = opts.observer;
  const report = comparePerspectives(coded, speakersOf(p), p.participants.value, o);
  if (opts.json) {
    r.out.json(report);
    return 0;
  }
  const ids = report.perspectives.map((x) => x.id);
  if (opts.csv) {
    printCsv(
      r,
      ['code', ...ids.flatMap((id) => [`${id}_speakers`, `${id}_turns`]), 'only', 'dissent'],
      report.rows.map((row) => [
        row.code,
        ...ids.flatMap((id) => [row.cells[id]?.speakers ?? 0, row.cells[id]?.turns ?? 0]),
        row.only ?? '',
        row.dissent,
      ]),
    );
    return 0;
  }
  if (!report.rows.length) {
    r.out.line('No tags on participants’ talk yet: fokus tag <session>');
    return 0;
  }
  const label = (id: string) => (opts.by === 'category' ? categoryLabel(p.manifest.value, id) : id);
  r.out.table(
    ['code', ...report.perspectives.map((x) => `${label(x.id)} (${x.participants})`), 'only', 'dissent'],
    report.rows.map((row) => [
      row.code,
      ...ids.map((id) => (row.cells[id] ? `${row.cells[id].speakers} · ${row.cells[id].turns}t` : '–')),
      row.only ? label(row.only) : '',
      row.dissent || '',
    ]),
  );
  r.out.line(r.out.style.dim('Cells: participants who raised the theme · turns tagged. "only": the one side that raised it.'));
  return 0;
}
