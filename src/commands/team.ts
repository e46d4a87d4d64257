// fokus team add|list
import type { Run } from '../cli.js';
import { newTeamMember } from '../core/additions.js';
import type { Role } from '../core/model.js';
import { appendToManifest } from '../store/project.js';
import { factsOf, openProject, printList } from './_shared.js';

export async function add(
  r: Run,
  code: string,
  opts: { role?: Role[]; name?: string; affiliation?: string; json?: boolean },
): Promise<number> {
  const p = openProject(r, { transcripts: false, coding: false });
  const member = newTeamMember(factsOf(p), code, opts.role ?? [], opts.name, opts.affiliation);
  appendToManifest(p, 'team', member, ['roles']);
  if (opts.json) r.out.json(member);
  else r.out.line(`Added ${member.code} (${member.roles.join(', ')}) to the team in fokus.yaml`);
  return 0;
}

export async function list(r: Run, opts: { json?: boolean }): Promise<number> {
  const p = openProject(r, { transcripts: false, coding: false });
  return printList(r, opts.json, p.manifest.value.team ?? [], 'No team members yet: fokus team add M1 --role moderator', (team) =>
    r.out.table(
      ['code', 'roles', 'name', 'affiliation'],
      team.map((t) => [t.code, t.roles.join(', '), t.name ?? '', t.affiliation ?? '']),
    ),
  );
}
