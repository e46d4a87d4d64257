// fokus session add|list
import type { Run } from '../cli.js';
import { newSession } from '../core/additions.js';
import { sessionStage } from '../core/status.js';
import { sessionDate, turnsOf } from '../core/model.js';
import { UserError } from '../errors.js';
import { createSessionFile } from '../store/project.js';
import { factsOf, openProject, printList } from './_shared.js';

export async function add(r: Run, id: string, opts: Parameters<typeof newSession>[2] & { json?: boolean }): Promise<number> {
  const p = openProject(r, { transcripts: false, coding: false });
  const { json, ...rest } = opts;
  const s = newSession(factsOf(p), id, rest);
  const path = createSessionFile(p.root, id, s);
  if (json) r.out.json({ id, ...s });
  else r.out.line(`Added session ${id} (group ${s.group}, number ${s.number}${s.planned ? `, ${s.planned}` : ''}) in ${r.out.path(path)}`);
  return 0;
}

export async function list(r: Run, opts: { group?: string; json?: boolean }): Promise<number> {
  const p = openProject(r, { coding: false });
  if (opts.group && !(p.manifest.value.groups ?? []).some((g) => g.id === opts.group)) {
    throw new UserError(`no group '${opts.group}'`, undefined, 'unknown-group');
  }
  const rows = p.sessions
    .filter((s) => !opts.group || s.session.value.group === opts.group)
    .map(({ session: { value: s }, transcript }) => ({
      ...s,
      stage: sessionStage(s, transcript !== undefined),
      transcript: transcript ? { format: transcript.format, turns: turnsOf(transcript.transcript).length } : null,
    }));
  return printList(r, opts.json, rows, 'No sessions yet: fokus session add <id> --group <group> --date YYYY-MM-DD', (ss) =>
    r.out.table(
      ['session', 'group', '#', 'date', 'stage', 'guide', 'attendees', 'turns'],
      ss.map((s) => [
        s.id,
        s.group,
        s.number,
        sessionDate(s) ?? '',
        s.stage,
        s.guide ?? '',
        s.attendees?.length ?? 0,
        s.transcript?.turns ?? '',
      ]),
      ['l', 'l', 'r', 'l', 'l', 'l', 'r', 'r'],
    ),
  );
}
