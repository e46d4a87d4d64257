// How fokus status looks on a terminal: per group a table of its sessions, then phases,
// milestones and what is next for whom.
import { categoryCount } from '../core/categories.js';
import { STAGES, type Manifest } from '../core/model.js';
import type { StatusReport } from '../core/status.js';
import { plural, thousands, type Output } from './output.js';

export function printStatus(out: Output, s: StatusReport, m: Manifest): void {
  const st = out.style;
  const cats = (by: Record<string, number>) =>
    Object.entries(by)
      .map(([c, n]) => categoryCount(m, c, n))
      .join(', ');
  out.line(st.bold(s.title));
  const facts = [
    `language ${s.language}`,
    s.period ? `${s.period.from} to ${s.period.to}` : 'no sessions dated yet',
    plural(s.participants.total, 'participant'),
    `${s.sessions.held}/${s.sessions.total} sessions held`,
    `${s.sessions.transcribed} transcribed`,
    `${thousands(s.turns)} turns, ${thousands(s.words)} words`,
  ];
  out.line(st.dim(facts.join(' · ')));
  if (s.fictional) out.line(st.dim('Example project: every name in it is invented.'));
  const c = s.participants.consent;
  out.line(
    `Consent: ${c.given} given${c.pending ? `, ${st.yellow(`${c.pending} pending`)}` : ''}${c.declined ? `, ${st.red(`${c.declined} declined`)}` : ''}${c.missing ? `, ${st.yellow(`${c.missing} not recorded`)}` : ''}${s.participants.withdrawn ? ` · ${s.participants.withdrawn} withdrawn` : ''}`,
  );
  for (const g of s.groups) {
    out.line('');
    out.line(
      `${st.bold(g.name)} ${st.dim(`(${g.id}, ${g.kind}${g.site ? `, ${g.site}` : ''})`)}: ${plural(g.participants, 'participant')}${g.participants ? ` (${cats(g.byCategory)})` : ''}`,
    );
    if (!g.sessions.length) {
      out.line(st.dim('  no sessions yet'));
      continue;
    }
    const phaseName = (id?: string) => s.phases.find((x) => x.id === id)?.name ?? '';
    out.table(
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
    if (g.next) out.line(`  next: ${g.next.id}${g.next.date ? ` on ${g.next.date}` : ''}`);
  }
  if (s.phases.length) {
    out.line('');
    out.line(st.bold('Phases'));
    for (const ph of s.phases)
      out.line(
        `  ${ph.current ? st.bold('▶') : ' '} ${ph.name}${ph.from || ph.to ? st.dim(` ${ph.from ?? '…'} – ${ph.to ?? '…'}`) : ''}${ph.sessions ? ` · ${plural(ph.sessions, 'session')}` : ''}`,
      );
  }
  if (s.milestones.length) {
    out.line('');
    out.line(st.bold('Milestones'));
    for (const ms of s.milestones)
      out.line(
        `  ${ms.due ? '○' : '●'} ${ms.date} ${ms.title} ${st.dim(`(${ms.id}; ${plural(ms.sessionsBefore, 'session')} held by then)`)}`,
      );
  }
  if (s.next.length) {
    out.line('');
    out.line(st.bold('Next'));
    for (const who of ['moderator', 'observer', 'lead'] as const) {
      const steps = s.next.filter((x) => x.who === who);
      const shown = steps.slice(0, 6);
      for (const x of shown)
        out.line(`  ${who.padEnd(9)} ${x.code ? `${x.code}: ` : ''}${x.what}${x.command ? st.dim(`  ${x.command}`) : ''}`);
      if (steps.length > shown.length) out.line(st.dim(`  ${' '.repeat(9)} and ${steps.length - shown.length} more (--json lists all)`));
    }
  }
}

/** `●●●●○○`: planned, held, transcribed, tagged, summarised, validated. */
function progress(stage: string, st: { dim: (s: string) => string }): string {
  const n = STAGES.indexOf(stage as (typeof STAGES)[number]) + 1;
  if (n <= 0) return st.dim('–'.repeat(STAGES.length));
  return '●'.repeat(n) + st.dim('○'.repeat(STAGES.length - n));
}
