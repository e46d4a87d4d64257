// fokus stats: per code, how many tags, turns, speakers and sessions; broken down on request;
// and which codes share turns.
import type { Run } from '../cli.js';
import { UserError } from '../errors.js';
import { codeStats, STATS_BY, type StatsBy } from '../core/analysis.js';
import { compareCodes } from '../core/ids.js';
import { codedSessions, filteredSessions, openProject, parseLevel, printCsv, speakersOf, type Filters } from './_shared.js';

export async function run(
  r: Run,
  opts: Filters & { level?: string; by?: string; cooccurrence?: boolean; json?: boolean; csv?: boolean },
): Promise<number> {
  if (opts.by !== undefined && !STATS_BY.includes(opts.by as StatsBy))
    throw new UserError(`--by expects one of ${STATS_BY.join(', ')}, got '${opts.by}'`, undefined, 'bad-flag');
  const p = openProject(r);
  const coded = codedSessions(p, filteredSessions(p, opts));
  const o: Parameters<typeof codeStats>[2] = {};
  const level = parseLevel(opts.level);
  if (level) o.level = level;
  if (opts.observer?.length) o.observers = opts.observer;
  if (opts.by) o.by = opts.by as StatsBy;
  const report = codeStats(coded, speakersOf(p), o);
  if (opts.json) {
    r.out.json(report);
    return 0;
  }
  const keys = [...new Set(report.codes.flatMap((c) => Object.keys(c.by ?? {})))].sort((a, b) => compareCodes(a, b));
  if (opts.csv) {
    if (opts.cooccurrence)
      printCsv(
        r,
        ['code_a', 'code_b', 'turns'],
        report.cooccurrence.map((c) => [c.a, c.b, c.turns]),
      );
    else
      printCsv(
        r,
        ['code', 'tags', 'turns', 'speakers', 'sessions', ...keys.map((k) => `tags_${k}`)],
        report.codes.map((c) => [c.code, c.tags, c.turns, c.speakers, c.sessions, ...keys.map((k) => c.by?.[k]?.tags ?? 0)]),
      );
    return 0;
  }
  if (!report.codes.length) {
    r.out.line('No tags yet: fokus tag <session>');
    return 0;
  }
  if (opts.cooccurrence) {
    r.out.table(
      ['code', 'with code', 'shared turns'],
      report.cooccurrence.map((c) => [c.a, c.b, c.turns]),
      ['l', 'l', 'r'],
    );
  } else {
    r.out.table(
      ['code', 'tags', 'turns', 'speakers', 'sessions', ...keys],
      report.codes.map((c) => [c.code, c.tags, c.turns, c.speakers, c.sessions, ...keys.map((k) => c.by?.[k]?.tags ?? 0)]),
      ['l', 'r', 'r', 'r', 'r', ...keys.map(() => 'r' as const)],
    );
    if (opts.by) r.out.line(r.out.style.dim(`Columns after sessions: tags by ${opts.by}.`));
  }
  if (report.orphaned) r.out.note(`${report.orphaned} tag(s) could not be placed and are left out; see fokus validate`);
  return 0;
}
