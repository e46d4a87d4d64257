// fokus agreement: how far observers who tagged the same sessions agree, per code and overall,
// and the list of disagreements for the team's consensus meeting.
import type { Run } from '../cli.js';
import { UserError } from '../errors.js';
import { measureAgreement } from '../core/agreement.js';
import { clip } from '../core/text.js';
import { sessionById } from '../store/project.js';
import { checkObservers, codedSessions, openProject, parseLevel, plural, printCsv } from './_shared.js';

export async function run(
  r: Run,
  ids: string[],
  opts: { all?: boolean; observers?: string; level?: string; json?: boolean; csv?: boolean },
): Promise<number> {
  if (!ids.length && !opts.all) throw new UserError('name the sessions to compare, or give --all', undefined, 'missing-flag');
  if (ids.length && opts.all) throw new UserError('give session ids or --all, not both', undefined, 'bad-flag');
  const p = openProject(r);
  const observers = opts.observers
    ?.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (observers && observers.length < 2) throw new UserError('--observers needs two or more codes, e.g. O1,O2', undefined, 'bad-flag');
  checkObservers(p, observers);
  const chosen = ids.length ? ids.map((id) => sessionById(p, id)) : p.sessions;
  const coded = codedSessions(p, chosen);
  const opt: { observers?: string[]; level?: number } = {};
  if (observers) opt.observers = observers;
  const level = parseLevel(opts.level);
  if (level) opt.level = level;
  const report = measureAgreement(coded, opt);
  if (ids.length && report.skipped.length)
    throw new UserError(
      `${report.skipped.join(', ')}: fewer than two ${observers ? 'of those ' : ''}observers tagged ${report.skipped.length === 1 ? 'it' : 'them'}`,
      undefined,
      'not-enough-observers',
    );
  if (!report.sessions.length) throw new UserError('no session was tagged by two or more observers yet', undefined, 'not-enough-observers');
  const fmt = (x: number | undefined) => (x === undefined ? '–' : x.toFixed(2).replace(/^-(0\.00)$/, '$1'));
  const pct = (x: number | undefined) => (x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);
  if (opts.json) {
    r.out.json(report);
    return 0;
  }
  if (opts.csv) {
    printCsv(
      r,
      ['code', 'units', 'tagged', 'percent', 'kappa', 'alpha'],
      [
        ...report.codes.map((c) => [c.code, c.units, c.tagged, c.percent?.toFixed(4), c.kappa?.toFixed(4), c.alpha?.toFixed(4)]),
        [
          '(overall)',
          report.overall.units,
          '',
          report.overall.percent?.toFixed(4),
          report.overall.kappa?.toFixed(4),
          report.overall.alpha?.toFixed(4),
        ],
      ],
    );
    return 0;
  }
  const o = r.out;
  o.line(
    `Observers ${report.observers.join(', ')} on ${plural(report.sessions.length, 'session')} (${report.sessions.join(', ')}): ${plural(report.units, 'turn')}`,
  );
  if (report.skipped.length) o.line(o.style.dim(`Left out (fewer than two observers): ${report.skipped.join(', ')}`));
  o.line(o.style.dim(`Method: ${report.method}.`));
  o.line('');
  o.table(
    ['code', 'turns tagged', 'agreement', 'kappa', 'alpha'],
    report.codes.map((c) => [c.code, c.tagged, pct(c.percent), fmt(c.kappa), fmt(c.alpha)]),
    ['l', 'r', 'r', 'r', 'r'],
  );
  o.line('');
  o.line(
    o.style.bold(
      `Overall (pooled over codes and turns): agreement ${pct(report.overall.percent)}, kappa ${fmt(report.overall.kappa)}, alpha ${fmt(report.overall.alpha)}`,
    ),
  );
  if (report.disagreements.length) {
    o.line('');
    o.line(o.style.bold(`Disagreements to settle (${report.disagreements.length}):`));
    for (const d of report.disagreements) {
      o.line(
        `  ${d.session} ${d.turn} ${d.speaker}  ${d.code}: ${d.appliedBy.join(', ')} tagged, ${d.notBy.join(', ')} did not  "${clip(d.words, 80)}"`,
      );
    }
  }
  return 0;
}
