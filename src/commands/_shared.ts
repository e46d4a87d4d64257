// Pieces several commands use: opening the project, the package's own folders, summaries.
import type { Run } from '../cli.js';
import { UserError, type Problem } from '../errors.js';
import { findProjectRoot, loadProject, requireReadable, type LoadedProject } from '../store/project.js';
import { validateProject, type ProjectView } from '../core/validate.js';
import type { ProjectFacts } from '../core/additions.js';

export function projectRoot(r: Run): string {
  return findProjectRoot(r.project, r.ctx.cwd);
}

/** Loads the project and refuses to go on if any file cannot be read into the model. */
export function openProject(r: Run, opts: { transcripts?: boolean } = {}): LoadedProject {
  const p = loadProject(projectRoot(r), opts);
  requireReadable(p);
  return p;
}

export function viewOf(p: LoadedProject): ProjectView {
  return {
    manifest: p.manifest,
    participants: p.participants,
    guides: p.guides,
    sessions: p.sessions.map((s) => (s.transcript ? { session: s.session, transcript: s.transcript } : { session: s.session })),
  };
}

/** The facts the add commands check new records against. */
export function factsOf(p: LoadedProject): ProjectFacts {
  return {
    manifest: p.manifest.value,
    participants: p.participants.value,
    guides: p.guides.map((g) => g.value),
    sessions: p.sessions.map((s) => s.session.value),
  };
}

/** Cross-check problems, for commands that want to mention them without failing. */
export function crossCheck(p: LoadedProject): Problem[] {
  return validateProject(viewOf(p));
}

/** Parses `"Full Name=P3"`; the name may itself hold `=` only before the last one. */
export function parseMapping(s: string): { name: string; code: string } {
  const i = s.lastIndexOf('=');
  const name = i > 0 ? s.slice(0, i).trim() : '';
  const code = i > 0 ? s.slice(i + 1).trim() : '';
  if (!name || !code) throw new UserError(`--map expects "Full Name=CODE", got '${s}'`, undefined, 'bad-flag');
  return { name, code };
}

/** A list command's output: JSON, a hint when there is nothing yet, or a table. */
export function printList<T>(r: Run, json: boolean | undefined, rows: T[], empty: string, table: (rows: T[]) => void): number {
  if (json) r.out.json(rows);
  else if (!rows.length) r.out.line(empty);
  else table(rows);
  return 0;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
