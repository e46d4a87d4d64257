// fokus status: per group, the series of sessions and how far each has come.
// It is run many times a day, so its answer, as data and as printed, is kept until a file in the
// project changes: then only the project's file list is read, and nothing is parsed or laid out.
import type { Run } from '../cli.js';
import type { Coding, StatusReport } from '../core/status.js';
import { openMemo } from '../store/cache.js';
import { findProjectRoot } from '../store/root.js';
import { Output, plural } from '../ui/output.js';

interface StatusAnswer {
  report: StatusReport;
  errors: number;
  warnings: number;
  /** The report as printed, without and with colour. */
  printed: { plain: string; colour: string };
}

export async function run(r: Run, opts: { json?: boolean }): Promise<number> {
  const root = findProjectRoot(r.project, r.ctx.cwd);
  const memo = openMemo<StatusAnswer>(root, 'status', r.today);
  const answer = memo.value ?? (await workOut(r, root));
  if (!memo.value) memo.keep(answer);
  const { report, errors, warnings } = answer;
  if (opts.json) {
    r.out.json({ ...report, problems: { errors, warnings } });
    return 0;
  }
  r.out.stdout.write(answer.printed[r.out.colour ? 'colour' : 'plain']);
  if (errors + warnings)
    r.out.note(r.out.errStyle.yellow(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}: run fokus validate`));
  return 0;
}

async function workOut(r: Run, root: string): Promise<StatusAnswer> {
  const [{ crossCheck }, { loadProject, requireReadable }, { buildStatus }, { pointIds }, { printStatus }] = await Promise.all([
    import('./_shared.js'),
    import('../store/project.js'),
    import('../core/status.js'),
    import('../core/summary.js'),
    import('../ui/status-view.js'),
  ]);
  const p = loadProject(root);
  requireReadable(p);
  const report = buildStatus({
    manifest: p.manifest.value,
    participants: p.participants.value,
    guides: p.guides.map((g) => g.value),
    sessions: p.sessions.map((s) => {
      const coding: Coding = { tags: s.tags.map((f) => ({ observer: f.observer, count: f.value.tags.length })) };
      if (s.summary) coding.summary = { version: s.summary.front.version, points: pointIds(s.summary.doc) };
      if (s.feedback) coding.feedback = s.feedback.value;
      return s.transcript ? { session: s.session.value, transcript: s.transcript, coding } : { session: s.session.value, coding };
    }),
    today: r.today,
  });
  const problems = crossCheck(p);
  const errors = problems.filter((x) => x.severity === 'error').length;
  const printed = (colour: boolean) => {
    let text = '';
    printStatus(
      new Output({ write: (x: string) => (text += x) }, r.out.stderr, r.out.cwd, { out: colour, err: false }),
      report,
      p.manifest.value,
    );
    return text;
  };
  return { report, errors, warnings: problems.length - errors, printed: { plain: printed(false), colour: printed(true) } };
}
