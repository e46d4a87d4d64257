// Pieces several commands use: opening the project, the package's own folders, summaries.
import { teamCodes } from '../core/model.js';
import type { Run } from '../cli.js';
import { UserError, type Problem } from '../errors.js';
import { CODE_RE } from '../core/ids.js';
import type { Group } from '../core/model.js';
import { didYouMean } from '../core/schema.js';
import { resolveCode } from '../core/codebook.js';
import {
  findProjectRoot,
  loadProject,
  requireReadable,
  sessionById,
  type LoadOptions,
  type LoadedProject,
  type LoadedSession,
} from '../store/project.js';
import { codeSession, speakerIndex, type CodedSession, type Speaker } from '../core/coding.js';
import { formatCsv } from '../core/csv.js';
import { validateProject, type ProjectView } from '../core/validate.js';
import type { ProjectFacts } from '../core/additions.js';
import type { CodingView } from '../core/coding-checks.js';

export function projectRoot(r: Run): string {
  return findProjectRoot(r.project, r.ctx.cwd);
}

/** Loads the project and refuses to go on if any file cannot be read into the model. */
export function openProject(r: Run, opts: Omit<LoadOptions, 'cache'> = {}): LoadedProject {
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

/** What the coding checks and analyses read: the codebook, and each session's tags and notes. */
export function codingViewOf(p: LoadedProject): CodingView {
  const v: CodingView = {
    manifest: p.manifest.value,
    participants: p.participants.value,
    sessions: p.sessions.map((s) => {
      const out: CodingView['sessions'][number] = { session: s.session.value, tags: s.tags, notes: s.notes };
      if (s.transcript) out.transcript = s.transcript.transcript;
      return out;
    }),
  };
  if (p.codebook) v.codebook = p.codebook;
  return v;
}

/** Each session's tags placed on its transcript. */
export function codedSessions(p: LoadedProject, sessions: readonly LoadedSession[] = p.sessions): CodedSession[] {
  return sessions.map((s) =>
    codeSession(
      s.session.value,
      s.transcript?.transcript,
      s.tags.map((f) => ({ observer: f.observer, value: f.value })),
    ),
  );
}

export interface Filters {
  session?: string[];
  group?: string[];
  observer?: string[];
}

/** Observer codes given on the command line must be on the team. */
export function checkObservers(p: LoadedProject, codes: readonly string[] | undefined): void {
  const team = teamCodes(p.manifest.value);
  for (const c of codes ?? [])
    if (!team.has(c)) throw new UserError(`${c} is not on the team (team: ${[...team].join(', ')})`, undefined, 'unknown-observer');
}

/** A group given on the command line must be in fokus.yaml. */
export function checkGroup(p: LoadedProject, id: string): Group {
  const groups = p.manifest.value.groups ?? [];
  const g = groups.find((x) => x.id === id);
  if (g) return g;
  const ids = groups.map((x) => x.id);
  throw new UserError(`no group '${id}'${didYouMean(id, ids)} (groups: ${ids.join(', ')})`, undefined, 'no-group');
}

/** A group's series: its sessions that were not cancelled, in order. */
export function seriesOf(p: LoadedProject, group: string): LoadedSession[] {
  return p.sessions
    .filter((s) => s.session.value.group === group && s.session.value.status !== 'cancelled')
    .sort((a, b) => a.session.value.number - b.session.value.number);
}

/** The sessions --session and --group keep, each checked to exist. */
export function filteredSessions(p: LoadedProject, f: Filters): LoadedSession[] {
  checkObservers(p, f.observer);
  const ids = f.session?.map((id) => sessionById(p, id).session.value.id);
  for (const g of f.group ?? []) checkGroup(p, g);
  return p.sessions.filter(
    (s) => (!ids || ids.includes(s.session.value.id)) && (!f.group?.length || f.group.includes(s.session.value.group)),
  );
}

export function speakersOf(p: LoadedProject): (code: string) => Speaker {
  return speakerIndex(p.participants.value, p.manifest.value.team ?? []);
}

/** `--code` values as code paths (a unique last part is enough); refused when there is no codebook. */
export function resolveCodes(p: LoadedProject, codes: readonly string[]): string[] {
  if (!p.codebook) throw new UserError('--code needs a codebook; the project has none yet', undefined, 'no-codebook');
  return codes.map((c) => resolveCode(p.codebook!.value, c).code);
}

/** Prints rows as CSV to stdout. */
export function printCsv(r: Run, header: readonly string[], rows: (string | number | undefined)[][]): void {
  r.out.data(formatCsv(header, rows));
}

/** `--level 1`: roll codes up to their top-level parents. */
export function parseLevel(level: string | undefined): number | undefined {
  if (level === undefined) return undefined;
  const n = Number(level);
  if (!Number.isInteger(n) || n < 1 || n > 20)
    throw new UserError(`--level expects 1, 2, ... (1 = top-level codes), got '${level}'`, undefined, 'bad-flag');
  return n;
}

/** The observer: the flag, $FOKUS_OBSERVER, or (on a terminal) a choice among the team's observers. */
export async function observerOf(r: Run, p: LoadedProject, given: string | undefined): Promise<string> {
  const team = p.manifest.value.team ?? [];
  let code = given ?? r.ctx.env.FOKUS_OBSERVER;
  if (code === undefined) {
    const observers = team.filter((t) => t.roles.includes('observer'));
    code = await r.ask('--observer').select({
      message: 'Who is tagging?',
      choices: (observers.length ? observers : team).map((t) => ({ name: t.name ? `${t.code} (${t.name})` : t.code, value: t.code })),
    });
  }
  if (!CODE_RE.test(code)) throw new UserError(`--observer expects a team code like O1, got '${code}'`, undefined, 'bad-flag');
  if (!team.some((t) => t.code === code))
    throw new UserError(
      `${code} is not on the team; add them first: fokus team add ${code} --role observer`,
      undefined,
      'unknown-observer',
    );
  return code;
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

export { plural } from '../ui/output.js';
