// fokus status: per group, the series of sessions and how far each has come.
// It is run many times a day, so its answer is kept until a file in the project changes: then
// only the project's file list is read, and nothing is parsed.
import type { Run } from '../cli.js';
import { categoryCount } from '../core/categories.js';
import { STAGES, type Manifest } from '../core/model.js';
import type { Coding, StatusReport } from '../core/status.js';
import { openMemo } from '../store/cache.js';
import { findProjectRoot } from '../store/root.js';
import { plural, thousands } from '../ui/output.js';

interface StatusAnswer {
  report: StatusReport;
  manifest: Manifest;
  errors: number;
  warnings: number;
}

export async function run(r: Run, opts: { json?: boolean }): Promise<number> {
  const root = findProjectRoot(r.project, r.ctx.cwd);
  const memo = openMemo<StatusAnswer>(root, 'status', r.today);
  const answer = memo.value ?? (await workOut(r));
  if (!memo.value) memo.keep(answer);
  const { report, errors, warnings } = answer;
  if (opts.json) {
    r.out.json({ ...report, problems: { errors, warnings } });
    return 0;
  }
  print(r, report, answer.manifest);
  if (errors + warnings)
    r.out.note(r.out.errStyle.yellow(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}: run fokus validate`));
  return 0;
}

async function workOut(r: Run): Promise<StatusAnswer> {
  const [{ crossCheck, openProject }, { buildStatus }, { pointIds }] = await Promise.all([
    import('./_shared.js'),
    import('../core/status.js'),
    import('../core/summary.js'),
  ]);
  const p = openProject(r);
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
  return { report, manifest: p.manifest.value, errors, warnings: problems.length - errors };
}

function print(r: Run, s: StatusReport, m: Manifest): void {
  const st = r.out.style;
  const cats = (by: Record<string, number>) =>
    Object.entries(by)
      .map(([c, n]) => categoryCount(m, c, n))
      .join(', ');
  r.out.line(st.bold(s.title));
  const facts = [
    `language ${s.language}`,
    s.period ? `${s.period.from} to ${s.period.to}` : 'no sessions dated yet',
    plural(s.participants.total, 'participant'),
    `${s.sessions.held}/${s.sessions.total} sessions held`,
    `${s.sessions.transcribed} transcribed`,
    `${thousands(s.turns)} turns, ${thousands(s.words)} words`,
  ];
  r.out.line(st.dim(facts.join(' · ')));
  if (s.fictional) r.out.line(st.dim('Example project: every name in it is invented.'));
  const c = s.participants.consent;
  r.out.line(
    `Consent: ${c.given} given${c.pending ? `, ${st.yellow(`${c.pending} pending`)}` : ''}${c.declined ? `, ${st.red(`${c.declined} declined`)}` : ''}${c.missing ? `, ${st.yellow(`${c.missing} not recorded`)}` : ''}${s.participants.withdrawn ? ` · ${s.participants.withdrawn} withdrawn` : ''}`,
  );
  for (const g of s.groups) {
    r.out.line('');
    r.out.line(
      `${st.bold(g.name)} ${st.dim(`(${g.id}, ${g.kind}${g.site ? `, ${g.site}` : ''})`)}: ${plural(g.participants, 'participant')}${g.participants ? ` (${cats(g.byCategory)})` : ''}`,
    );
    if (!g.sessions.length) {
      r.out.line(st.dim('  no sessions yet'));
      continue;
    }
    const phaseName = (id?: string) => s.phases.find((x) => x.id === id)?.name ?? '';
    r.out.table(
      ['  #', 'session', 'date', 'phase', 'stage', '', 'attended', 'transcript', 'summary'],
      g.sessions.map((x) => [
        `  ${x.number}`,
        x.id,
        x.date ?? '',
        phaseName(x.phase),
        progress(x.stage, st),
        x.stage,
        x.attendees,
        x.transcript ? `${x.transcript.turns} turns, ${thousands(x.transcript.words)} words` : '',
        x.summary
          ? `v${x.summary.version}, ${plural(x.summary.points, 'point')}${
              x.validatedAt.length
                ? x.summary.notValidated.length
                  ? st.yellow(`, ${x.summary.notValidated.length} not validated`)
                  : ', all validated'
                : ''
            }`
          : '',
      ]),
      ['r', 'l', 'l', 'l', 'l', 'l', 'r', 'l', 'l'],
    );
    if (g.next) r.out.line(`  next: ${g.next.id}${g.next.date ? ` on ${g.next.date}` : ''}`);
  }
  if (s.phases.length) {
    r.out.line('');
    r.out.line(st.bold('Phases'));
    for (const ph of s.phases)
      r.out.line(
        `  ${ph.current ? st.bold('▶') : ' '} ${ph.name}${ph.from || ph.to ? st.dim(` ${ph.from ?? '…'} – ${ph.to ?? '…'}`) : ''}${ph.sessions ? ` · ${plural(ph.sessions, 'session')}` : ''}`,
      );
  }
  if (s.milestones.length) {
    r.out.line('');
    r.out.line(st.bold('Milestones'));
    for (const ms of s.milestones)
      r.out.line(
        `  ${ms.due ? '○' : '●'} ${ms.date} ${ms.title} ${st.dim(`(${ms.id}; ${plural(ms.sessionsBefore, 'session')} held by then)`)}`,
      );
  }
  if (s.next.length) {
    r.out.line('');
    r.out.line(st.bold('Next'));
    for (const who of ['moderator', 'observer', 'lead'] as const) {
      const steps = s.next.filter((x) => x.who === who);
      const shown = steps.slice(0, 6);
      for (const x of shown)
        r.out.line(`  ${who.padEnd(9)} ${x.code ? `${x.code}: ` : ''}${x.what}${x.command ? st.dim(`  ${x.command}`) : ''}`);
      if (steps.length > shown.length) r.out.line(st.dim(`  ${' '.repeat(9)} and ${steps.length - shown.length} more (--json lists all)`));
    }
  }
}

/** `●●●●○○`: planned, held, transcribed, tagged, summarised, validated. */
function progress(stage: string, st: { dim: (s: string) => string }): string {
  const n = STAGES.indexOf(stage as (typeof STAGES)[number]) + 1;
  if (n <= 0) return st.dim('–'.repeat(STAGES.length));
  return '●'.repeat(n) + st.dim('○'.repeat(STAGES.length - n));
}
