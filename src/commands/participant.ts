// fokus participant add|list
import type { Run } from '../cli.js';
import { newParticipant } from '../core/additions.js';
import { categoryLabel } from '../core/categories.js';
import { compareCodes } from '../core/ids.js';
import type { ConsentStatus } from '../core/model.js';
import { UserError } from '../errors.js';
import { appendParticipant } from '../store/project.js';
import { factsOf, openProject, printList } from './_shared.js';

export async function add(
  r: Run,
  code: string,
  opts: { group: string; category: string; consent?: ConsentStatus; consentDate?: string; attr?: string[]; json?: boolean },
): Promise<number> {
  const p = openProject(r, { transcripts: false, coding: false });
  const x = newParticipant(factsOf(p), code, {
    group: opts.group,
    category: opts.category,
    ...(opts.consent ? { consent: opts.consent } : {}),
    ...(opts.consentDate ? { consentDate: opts.consentDate } : {}),
    ...(opts.attr ? { attrs: opts.attr } : {}),
  });
  appendParticipant(p, x);
  if (opts.json) r.out.json(x);
  else r.out.line(`Added ${x.code} (${categoryLabel(p.manifest.value, x.category, 'en')}, group ${x.group}) to participants.yaml`);
  return 0;
}

export async function list(r: Run, opts: { group?: string; json?: boolean }): Promise<number> {
  const p = openProject(r, { transcripts: false, coding: false });
  if (opts.group && !(p.manifest.value.groups ?? []).some((g) => g.id === opts.group)) {
    throw new UserError(`no group '${opts.group}'`, undefined, 'unknown-group');
  }
  const rows = p.participants.value
    .filter((x) => !opts.group || x.group === opts.group)
    .sort((a, b) => compareCodes(a.code, b.code))
    .map((x) => ({
      ...x,
      attended: p.sessions.filter((s) => s.session.value.attendees?.includes(x.code)).map((s) => s.session.value.id),
    }));
  const m = p.manifest.value;
  return printList(r, opts.json, rows, 'No participants yet: fokus participant add P1 --group <id> --category staff', (xs) =>
    r.out.table(
      ['code', 'group', 'category', 'consent', 'attended', 'withdrawn'],
      xs.map((x) => [
        x.code,
        x.group,
        categoryLabel(m, x.category),
        x.consent ? `${x.consent.status}${x.consent.date ? ` ${x.consent.date}` : ''}` : 'not recorded',
        x.attended.length,
        x.withdrawn ? x.withdrawn.date : '',
      ]),
      ['l', 'l', 'l', 'l', 'r', 'l'],
    ),
  );
}
