// Checks for what the add commands create: a new team member, group, participant or session must
// fit the project as it is (unique codes, groups and guides that exist). Pure: returns the new
// record or throws a UserError saying what to change.
import { UserError } from '../errors.js';
import { categoryIds } from './categories.js';
import { CODE_HELP, CODE_RE, SLUG_RE, checkDate, checkSlug } from './ids.js';
import type { ConsentStatus, Group, GroupKind, Guide, Manifest, Participant, Role, Session, TeamMember } from './model.js';
import {
  checkGroup,
  checkParticipant,
  checkSessionRecord,
  checkTeamMember,
  didYouMean,
  MAX_SESSION_NUMBER,
  type Checked,
} from './schema.js';
import { capitalise } from './wording.js';

export interface ProjectFacts {
  manifest: Manifest;
  participants: Participant[];
  guides: Pick<Guide, 'id'>[];
  sessions: Pick<Session, 'id' | 'group' | 'number'>[];
}

/** Suggest creating something only when that command would work: a valid id, no twin in other case. */
const orAdd = (value: string, known: string[], valid: RegExp, command: string) =>
  valid.test(value) && !known.some((k) => k.toLowerCase() === value.toLowerCase()) ? `; ${command}` : '';

function code(kind: string, c: string): void {
  if (!CODE_RE.test(c)) throw new UserError(`invalid ${kind} code '${c}': use ${CODE_HELP}`, undefined, 'invalid-code');
}

function codeIsFree(p: ProjectFacts, c: string): void {
  if (p.participants.some((x) => x.code.toLowerCase() === c.toLowerCase()))
    throw new UserError(`code ${c} is already a participant`, undefined, 'exists');
  if ((p.manifest.team ?? []).some((x) => x.code.toLowerCase() === c.toLowerCase()))
    throw new UserError(`code ${c} is already a team member`, undefined, 'exists');
}

export function newTeamMember(p: ProjectFacts, c: string, roles: Role[], name?: string, affiliation?: string): TeamMember {
  code('team', c);
  codeIsFree(p, c);
  if (!roles.length) throw new UserError('give at least one --role (moderator, observer, lead)', undefined, 'missing-flag');
  const t: TeamMember = { code: c, roles: [...new Set(roles)] };
  if (name) t.name = name;
  if (affiliation) t.affiliation = affiliation;
  return fits(t, checkTeamMember);
}

export function newGroup(p: ProjectFacts, id: string, kind: GroupKind, name?: string, site?: string, description?: string): Group {
  checkSlug('group id', id);
  if ((p.manifest.groups ?? []).some((g) => g.id === id)) throw new UserError(`group ${id} already exists`, undefined, 'exists');
  return fits(
    {
      id,
      name: name ?? capitalise(id),
      ...(site ? { site } : {}),
      kind,
      ...(description ? { description } : {}),
    },
    checkGroup,
  );
}

function groupExists(p: ProjectFacts, id: string): void {
  const known = (p.manifest.groups ?? []).map((g) => g.id);
  if (!known.includes(id)) {
    throw new UserError(
      `no group '${id}'${didYouMean(id, known)}${known.length ? ` (groups: ${known.join(', ')})` : ''}${orAdd(id, known, SLUG_RE, `add it with fokus group add ${id}`)}`,
      undefined,
      'unknown-group',
    );
  }
}

export function newParticipant(
  p: ProjectFacts,
  c: string,
  opts: { group: string; category: string; consent?: ConsentStatus; consentDate?: string; attrs?: string[] },
): Participant {
  code('participant', c);
  codeIsFree(p, c);
  groupExists(p, opts.group);
  const cats = [...categoryIds(p.manifest)];
  if (!cats.includes(opts.category)) {
    throw new UserError(
      `unknown category '${opts.category}'${didYouMean(opts.category, cats)} (known: ${cats.join(', ')})`,
      undefined,
      'unknown-category',
    );
  }
  const x: Participant = { code: c, group: opts.group, category: opts.category };
  if (opts.attrs?.length) {
    x.attributes = {};
    for (const a of opts.attrs) {
      const i = a.indexOf('=');
      if (i <= 0) throw new UserError(`--attr expects key=value, got '${a}'`, undefined, 'bad-flag');
      const k = a.slice(0, i).trim();
      if (k in x.attributes) throw new UserError(`--attr gives '${k}' twice`, undefined, 'bad-flag');
      x.attributes[k] = a.slice(i + 1).trim();
    }
  }
  if (opts.consentDate !== undefined) checkDate('--consent-date', opts.consentDate);
  if (opts.consent || opts.consentDate) {
    x.consent = { status: opts.consent ?? 'given' };
    if (opts.consentDate) x.consent.date = opts.consentDate;
  }
  return fits(x, checkParticipant);
}

export function newSession(
  p: ProjectFacts,
  id: string,
  opts: {
    group: string;
    number?: string;
    date?: string;
    held?: string;
    guide?: string;
    moderator?: string;
    observer?: string[];
    attendees?: string;
    setting?: string;
    duration?: string;
  },
): Omit<Session, 'id'> {
  checkSlug('session id', id);
  if (p.sessions.some((s) => s.id === id)) throw new UserError(`session ${id} already exists`, undefined, 'exists');
  groupExists(p, opts.group);
  const taken = p.sessions.filter((s) => s.group === opts.group).map((s) => s.number);
  const next = Math.max(0, ...taken) + 1;
  if (opts.number === undefined && next > MAX_SESSION_NUMBER) {
    throw new UserError(
      `group ${opts.group} already has session number ${MAX_SESSION_NUMBER}; give --number for a free one`,
      undefined,
      'bad-flag',
    );
  }
  const number = opts.number === undefined ? next : wholeNumber('--number', opts.number, 1, MAX_SESSION_NUMBER);
  if (taken.includes(number)) {
    const other = p.sessions.find((s) => s.group === opts.group && s.number === number)!;
    throw new UserError(`group ${opts.group} already has session number ${number} (${other.id})`, undefined, 'duplicate-number');
  }
  const s: Omit<Session, 'id'> = { group: opts.group, number, status: opts.held ? 'held' : 'planned' };
  if (opts.guide !== undefined) {
    const known = p.guides.map((g) => g.id);
    if (!known.includes(opts.guide))
      throw new UserError(
        `no guide '${opts.guide}'${didYouMean(opts.guide, known)}${orAdd(opts.guide, known, SLUG_RE, `create it with fokus guide new ${opts.guide}`)}`,
        undefined,
        'unknown-guide',
      );
    s.guide = opts.guide;
  }
  if (opts.date !== undefined) s.planned = checkDate('--date', opts.date);
  if (opts.held !== undefined) s.held = checkDate('--held', opts.held);
  if (opts.duration !== undefined) s.duration = wholeNumber('--duration', opts.duration, 1, 1440);
  if (opts.setting) s.setting = opts.setting;
  const team = (p.manifest.team ?? []).map((t) => t.code);
  const teamMember = (flag: string, c: string) => {
    if (!team.includes(c))
      throw new UserError(
        `${flag} ${c} is not in the team${didYouMean(c, team)}${orAdd(c, team, CODE_RE, `add them with fokus team add ${c} --role ${flag === '--observer' ? 'observer' : 'moderator'}`)}`,
        undefined,
        'unknown-team-member',
      );
    return c;
  };
  if (opts.moderator !== undefined) s.moderator = teamMember('--moderator', opts.moderator);
  if (opts.observer?.length) s.observers = opts.observer.map((o) => teamMember('--observer', o));
  if (opts.attendees !== undefined) {
    const codes = opts.attendees.split(/[,\s]+/).filter(Boolean);
    const known = p.participants.map((x) => x.code);
    for (const c of codes) {
      if (!known.includes(c))
        throw new UserError(`--attendees: unknown participant code '${c}'${didYouMean(c, known)}`, undefined, 'unknown-participant');
    }
    s.attendees = [...new Set(codes)];
  }
  return fits(s, checkSessionRecord);
}

function wholeNumber(flag: string, s: string, min: number, max: number): number {
  const n = Number(s);
  if (!/^\d+$/.test(s.trim()) || n < min || n > max) {
    throw new UserError(`${flag} expects a whole number from ${min} to ${max}, got '${s}'`, undefined, 'bad-flag');
  }
  return n;
}

/** A new record must pass the checks of the file it goes into: say which flag is at fault. */
function fits<T>(record: T, check: (d: unknown) => Checked<unknown>): T {
  const r = check(record);
  if (!r.ok) {
    const issue = r.issues[0]!;
    const field = String(issue.path[0] ?? '');
    throw new UserError(`${field ? `--${field.replace(/_/g, '-')}: ` : ''}${issue.message}`, undefined, 'bad-flag');
  }
  return record;
}
