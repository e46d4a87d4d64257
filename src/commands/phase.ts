// fokus phase set|add and fokus milestone add: the action-research phases and the milestones
// the project reports at, in fokus.yaml's design: section.
import type { Run } from '../cli.js';
import { UserError } from '../errors.js';
import { checkDate, LOCAL_ID_RE } from '../core/ids.js';
import type { Milestone, Phase } from '../core/model.js';
import { appendToManifest, setInLoaded } from '../store/project.js';
import { openProject } from './_shared.js';

function checkId(what: string, id: string): void {
  if (!LOCAL_ID_RE.test(id))
    throw new UserError(`${what} '${id}': use a letter, then letters, digits, - or _ (e.g. planning)`, undefined, 'invalid-id');
}

function checkSpan(from: string | undefined, to: string | undefined): void {
  if (from) checkDate('--from', from);
  if (to) checkDate('--to', to);
  if (from && to && to < from) throw new UserError(`--to ${to} is before --from ${from}`, undefined, 'bad-flag');
}

/** Dates an existing phase, or adds a new one. */
export async function phase(
  r: Run,
  id: string,
  opts: { name?: string; from?: string; to?: string; description?: string; json?: boolean },
): Promise<number> {
  checkId('phase id', id);
  checkSpan(opts.from, opts.to);
  const p = openProject(r, { transcripts: false, coding: false });
  const phases = p.manifest.value.design?.phases ?? [];
  const i = phases.findIndex((x) => x.id === id);
  let result: Phase;
  if (i >= 0) {
    const from = opts.from ?? phases[i]!.from;
    const to = opts.to ?? phases[i]!.to;
    checkSpan(from, to);
    const fields: [keyof Phase, string | undefined][] = [
      ['name', opts.name],
      ['from', opts.from],
      ['to', opts.to],
      ['description', opts.description],
    ];
    if (!fields.some(([, v]) => v !== undefined))
      throw new UserError('nothing to change: give --from, --to, --name or --description', undefined, 'missing-flag');
    setInLoaded(
      p,
      p.manifest.file,
      fields.filter(([, v]) => v !== undefined).map(([k, v]) => [['design', 'phases', i, k], v]),
    );
    result = { ...phases[i]!, ...Object.fromEntries(fields.filter(([, v]) => v !== undefined)) };
  } else {
    if (!opts.name)
      throw new UserError(
        `no phase '${id}' yet (phases: ${phases.map((x) => x.id).join(', ') || 'none'}); to add it, give --name`,
        undefined,
        'missing-flag',
      );
    result = {
      id,
      name: opts.name,
      ...(opts.from ? { from: opts.from } : {}),
      ...(opts.to ? { to: opts.to } : {}),
      ...(opts.description ? { description: opts.description } : {}),
    };
    appendToManifest(p, 'phases', result);
  }
  if (opts.json) r.out.json(result);
  else
    r.out.line(
      `${i >= 0 ? 'Updated' : 'Added'} phase ${id} (${result.name}${result.from || result.to ? `, ${result.from ?? '…'} – ${result.to ?? '…'}` : ''}) in fokus.yaml`,
    );
  return 0;
}

export async function milestone(
  r: Run,
  id: string,
  opts: { title: string; date: string; phase?: string; description?: string; json?: boolean },
): Promise<number> {
  checkId('milestone id', id);
  checkDate('--date', opts.date);
  const p = openProject(r, { transcripts: false, coding: false });
  const design = p.manifest.value.design;
  if ((design?.milestones ?? []).some((x) => x.id === id)) throw new UserError(`milestone ${id} already exists`, undefined, 'exists');
  if (opts.phase && !(design?.phases ?? []).some((x) => x.id === opts.phase))
    throw new UserError(`no phase '${opts.phase}' (phases: ${(design?.phases ?? []).map((x) => x.id).join(', ')})`, undefined, 'bad-flag');
  const m: Milestone = {
    id,
    title: opts.title,
    date: opts.date,
    ...(opts.phase ? { phase: opts.phase } : {}),
    ...(opts.description ? { description: opts.description } : {}),
  };
  appendToManifest(p, 'milestones', m);
  if (opts.json) r.out.json(m);
  else r.out.line(`Added milestone ${id} (${m.title}, ${m.date}) to fokus.yaml`);
  return 0;
}
