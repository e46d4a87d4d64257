// fokus group add|list
import type { Run } from '../cli.js';
import { newGroup } from '../core/additions.js';
import type { GroupKind } from '../core/model.js';
import { appendToManifest } from '../store/project.js';
import { factsOf, openProject, printList } from './_shared.js';

export async function add(
  r: Run,
  id: string,
  opts: { name?: string; site?: string; kind: GroupKind; description?: string; json?: boolean },
): Promise<number> {
  const p = openProject(r, { transcripts: false, coding: false });
  const g = newGroup(factsOf(p), id, opts.kind, opts.name, opts.site, opts.description);
  appendToManifest(p, 'groups', g);
  if (opts.json) r.out.json(g);
  else r.out.line(`Added group ${g.id} (${g.kind}${g.site ? `, ${g.site}` : ''}) to fokus.yaml`);
  return 0;
}

export async function list(r: Run, opts: { json?: boolean }): Promise<number> {
  const p = openProject(r, { transcripts: false, coding: false });
  const rows = (p.manifest.value.groups ?? []).map((g) => ({
    ...g,
    participants: p.participants.value.filter((x) => x.group === g.id).length,
    sessions: p.sessions.filter((s) => s.session.value.group === g.id).length,
  }));
  return printList(r, opts.json, rows, 'No groups yet: fokus group add <id> --site <site> --kind mixed', (gs) =>
    r.out.table(
      ['id', 'name', 'site', 'kind', 'participants', 'sessions'],
      gs.map((g) => [g.id, g.name, g.site ?? '', g.kind, g.participants, g.sessions]),
      ['l', 'l', 'l', 'l', 'r', 'r'],
    ),
  );
}
