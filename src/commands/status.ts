// fokus status: per group, the series of sessions and how far each has come.
import type { Run } from '../cli.js';
import { categoryLabel } from '../core/categories.js';
import { buildStatus, type StatusReport } from '../core/status.js';
import { crossCheck, openProject, plural } from './_shared.js';

export async function run(r: Run, opts: { json?: boolean }): Promise<number> {
  const p = openProject(r);
  const report = buildStatus({
    manifest: p.manifest.value,
    participants: p.participants.value,
    guides: p.guides.map((g) => g.value),
    sessions: p.sessions.map((s) => (s.transcript ? { session: s.session.value, transcript: s.transcript } : { session: s.session.value })),
    today: r.today,
  });
  const problems = crossCheck(p);
  const errors = problems.filter((x) => x.severity === 'error').length;
  if (opts.json) {
    r.out.json({ ...report, problems: { errors, warnings: problems.length - errors } });
    return 0;
  }
  print(r, report, p.manifest.value);
  if (problems.length)
    r.out.note(r.out.errStyle.yellow(`${plural(errors, 'error')}, ${plural(problems.length - errors, 'warning')}: run fokus validate`));
  return 0;
}

function print(r: Run, s: StatusReport, m: Parameters<typeof categoryLabel>[0]): void {
  const st = r.out.style;
  const cats = (by: Record<string, number>) =>
    Object.entries(by)
      .map(([c, n]) => `${n} ${categoryLabel(m, c)}`)
      .join(', ');
  r.out.line(st.bold(s.title));
  const facts = [
    `language ${s.language}`,
    s.period ? `${s.period.from} to ${s.period.to}` : 'no sessions dated yet',
    plural(s.participants.total, 'participant'),
    `${s.sessions.held}/${s.sessions.total} sessions held`,
    `${s.sessions.transcribed} transcribed`,
    `${s.turns.toLocaleString('en')} turns, ${s.words.toLocaleString('en')} words`,
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
    r.out.table(
      ['  #', 'session', 'date', 'stage', 'guide', 'attended', 'transcript'],
      g.sessions.map((x) => [
        `  ${x.number}`,
        x.id,
        x.date ?? '',
        x.stage,
        x.guide ?? '',
        x.attendees,
        x.transcript ? `${x.transcript.turns} turns, ${x.transcript.words.toLocaleString('en')} words (${x.transcript.format})` : '',
      ]),
      ['r', 'l', 'l', 'l', 'l', 'r', 'l'],
    );
    if (g.next) r.out.line(`  next: ${g.next.id}${g.next.date ? ` on ${g.next.date}` : ''}`);
  }
}
