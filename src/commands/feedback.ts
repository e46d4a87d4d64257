// fokus feedback: records the group's validation of a session's summary at the next session,
// point by point. On a terminal it walks through the points; flags say the same in scripts.
import type { Run } from '../cli.js';
import { UserError } from '../errors.js';
import { recordValidation, responseLabel, validatedIds, type NewRound } from '../core/feedback.js';
import { checkDate } from '../core/ids.js';
import { RESPONSE_KINDS, sessionDate, type Respondents, type ResponseKind, type ValidationResponse } from '../core/model.js';
import { OPEN_SECTION, type SummaryPoint } from '../core/summary.js';
import { clip } from '../core/text.js';
import { sessionById, type LoadedProject, type LoadedSession } from '../store/project.js';
import { feedbackWith, frontWith, readDraftRecord, readFeedback, readSummary, withSummaryLock, writeSummary } from '../store/summary.js';
import { openProject, plural, seriesOf } from './_shared.js';

export interface FeedbackOpts {
  at?: string;
  date?: string;
  point?: string[];
  rest?: string;
  by?: string[];
  note?: string[];
  add?: string[];
  addBy?: string;
  addTheme?: string;
  roundNote?: string;
  json?: boolean;
}

/** The session the summary is presented at: --at, or the next one in the group's series. */
function presentedAt(p: LoadedProject, s: LoadedSession, at: string | undefined): LoadedSession {
  const v = s.session.value;
  if (at !== undefined) {
    const t = sessionById(p, at);
    if (t.session.value.group !== v.group)
      throw new UserError(
        `${at} is in group ${t.session.value.group}, not ${v.group}: a summary is validated by its own group`,
        undefined,
        'bad-flag',
      );
    if (t.session.value.number <= v.number)
      throw new UserError(`${at} is not after ${v.id}: a summary is validated at a later session`, undefined, 'bad-flag');
    return t;
  }
  const next = seriesOf(p, v.group).find((x) => x.session.value.number > v.number);
  if (!next)
    throw new UserError(
      `${v.id} is the last session of ${v.group}: add the next one (fokus session add) or give --at <session>`,
      undefined,
      'missing-flag',
    );
  return next;
}

function parseRespondents(p: LoadedProject, group: string, text: string, flag: string): Respondents {
  const t = text.trim();
  if (t === '' || /^(group|gruppa|gruppen|alle|all)$/i.test(t)) return 'group';
  const codes = t.split(/[\s,;]+/).filter(Boolean);
  const members = new Set(p.participants.value.filter((x) => x.group === group).map((x) => x.code));
  for (const c of codes)
    if (!members.has(c))
      throw new UserError(`${flag}: ${c} is not a participant in ${group} (write codes like P2,P5, or group)`, undefined, 'bad-flag');
  return codes;
}

function parseResponse(text: string, flag: string): ResponseKind {
  const t = text.trim().toLowerCase();
  const hit = RESPONSE_KINDS.find((k) => k === t || (k.startsWith(t) && t.length >= 3));
  if (!hit) throw new UserError(`${flag}: '${text}' is not a response; use ${RESPONSE_KINDS.join(', ')}`, undefined, 'bad-flag');
  return hit;
}

/** `p1,p2=confirmed` and friends. */
function pairs(values: readonly string[] | undefined, flag: string): { ids: string[]; value: string }[] {
  return (values ?? []).map((s) => {
    const i = s.indexOf('=');
    if (i <= 0)
      throw new UserError(
        `${flag} expects point=value, e.g. ${flag} p3=${flag === '--point' ? 'confirmed' : '...'}, got '${s}'`,
        undefined,
        'bad-flag',
      );
    return {
      ids: s
        .slice(0, i)
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
      value: s.slice(i + 1),
    };
  });
}

function points(s: LoadedSession): SummaryPoint[] {
  return s.summary!.summary.themes.flatMap((t) => t.points).filter((x) => x.id);
}

export async function run(r: Run, id: string, opts: FeedbackOpts): Promise<number> {
  const p = openProject(r);
  const s = sessionById(p, id);
  if (!s.summary)
    throw new UserError(
      `${id} has no summary yet; feedback is recorded on the summary it validates (fokus summarize ${id} first)`,
      undefined,
      'no-summary',
    );
  const at = presentedAt(p, s, opts.at);
  const group = s.session.value.group;
  const date = opts.date ?? sessionDate(at.session.value);
  if (opts.date) checkDate('--date', opts.date);
  const answered = new Set(s.feedback?.value.validations.find((v) => v.at === at.session.value.id)?.responses.map((x) => x.point) ?? []);
  const scripted = Boolean(opts.point?.length || opts.rest || opts.add?.length);

  const round: NewRound = { at: at.session.value.id, responses: [], added: [] };
  if (date) round.date = date;
  if (opts.roundNote) round.note = opts.roundNote;
  if (scripted) scriptedRound(p, s, group, opts, round, answered);
  else await askRound(r, p, s, group, round, answered, at);
  if (!round.responses.length && !round.added.length && !round.note) {
    r.out.line('Nothing recorded.');
    return 0;
  }

  // Read, decided and written holding the summary's locks: what is written is what the researcher
  // has now, and a point another fokus feedback answered meanwhile is refused, not answered twice.
  const numberOf = (sid: string) => p.sessions.find((x) => x.session.value.id === sid)?.session.value.number;
  const { now, result, version } = withSummaryLock(s.dir, () => {
    const now = readSummary(s.dir);
    if (!now) throw new UserError(`${id}'s summary.md was removed meanwhile; nothing was recorded`, undefined, 'no-summary');
    const before = readFeedback(s.dir);
    const result = recordValidation({
      doc: now.doc,
      feedback: before.value,
      round,
      version: now.front.version,
      usedIds: Object.keys(readDraftRecord(s.dir).points),
      numberOf,
      lang: now.front.language ?? p.manifest.value.language,
    });
    const version = result.newVersion ? now.front.version + 1 : now.front.version;
    const doc = { ...result.doc, front: frontWith(now.path, now.doc.front, { version }) };
    writeSummary({
      dir: s.dir,
      doc,
      from: now.file,
      feedback: feedbackWith(s.dir, before.file, result.feedback, id),
      ...(result.newVersion ? { archive: { version: now.front.version, text: now.file.raw } } : {}),
    });
    return { now, result, version };
  });

  const open = points(s).filter((x) => !validatedIds(result.feedback).has(x.id!));
  if (opts.json) {
    r.out.json({
      session: id,
      at: round.at,
      date: round.date,
      version,
      newVersion: result.newVersion,
      responses: round.responses,
      added: result.added,
      notValidated: open.map((x) => x.id),
    });
    return 0;
  }
  r.out.line(
    `Recorded ${plural(round.responses.length, 'response')}${result.added.length ? ` and ${plural(result.added.length, 'new point')}` : ''} from ${round.at} on ${id}'s summary`,
  );
  const counts = new Map<string, number>();
  for (const x of round.responses) counts.set(x.response, (counts.get(x.response) ?? 0) + 1);
  if (counts.size) r.out.line(`  ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}`);
  r.out.line(
    `  ${r.out.path(s.summary.path)} is now version ${version}${result.newVersion ? ` (version ${now.front.version} kept in history/)` : ''}`,
  );
  if (round.note) r.out.line(`  note: ${round.note}`);
  if (open.length) r.out.line(r.out.style.yellow(`  not yet validated: ${open.map((x) => x.id).join(', ')}`));
  return 0;
}

function scriptedRound(
  p: LoadedProject,
  s: LoadedSession,
  group: string,
  opts: FeedbackOpts,
  round: NewRound,
  answered: Set<string>,
): void {
  const byId = new Map<string, ValidationResponse>();
  for (const { ids, value } of pairs(opts.point, '--point')) {
    const response = parseResponse(value, '--point');
    for (const pid of ids) byId.set(pid, { point: pid, response });
  }
  if (opts.rest) {
    const response = parseResponse(opts.rest, '--rest');
    for (const x of points(s)) if (!byId.has(x.id!) && !answered.has(x.id!)) byId.set(x.id!, { point: x.id!, response });
  }
  for (const { ids, value } of pairs(opts.by, '--by'))
    for (const pid of ids) {
      const r = byId.get(pid);
      if (!r) throw new UserError(`--by ${pid}: give the response first (--point ${pid}=...)`, undefined, 'bad-flag');
      r.by = parseRespondents(p, group, value, '--by');
    }
  for (const { ids, value } of pairs(opts.note, '--note'))
    for (const pid of ids) {
      const r = byId.get(pid);
      if (!r) throw new UserError(`--note ${pid}: give the response first (--point ${pid}=...)`, undefined, 'bad-flag');
      if (value.trim()) r.note = value.trim();
    }
  // In the order the points were presented.
  const order = points(s).map((x) => x.id);
  const n = (id: string) => (order.includes(id) ? order.indexOf(id) : Infinity);
  round.responses = [...byId.values()]
    .sort((a, b) => n(a.point) - n(b.point))
    .map(({ point, response, by, note }) => ({ point, response, by: by ?? ('group' as const), ...(note ? { note } : {}) }));
  const by = opts.addBy === undefined ? undefined : parseRespondents(p, group, opts.addBy, '--add-by');
  const themes = s.summary!.summary.themes.map((t) => t.id).filter((t): t is string => !!t && t !== OPEN_SECTION);
  if (opts.addTheme && !themes.includes(opts.addTheme))
    throw new UserError(`--add-theme: the summary has no theme ${opts.addTheme} (themes: ${themes.join(', ')})`, undefined, 'bad-flag');
  for (const text of opts.add ?? []) {
    if (!text.trim()) throw new UserError('--add: the new point is empty', undefined, 'bad-flag');
    round.added.push({ text, ...(by ? { by } : {}), ...(opts.addTheme ? { theme: opts.addTheme } : {}) });
  }
}

async function askRound(
  r: Run,
  p: LoadedProject,
  s: LoadedSession,
  group: string,
  round: NewRound,
  answered: Set<string>,
  at: LoadedSession,
): Promise<void> {
  const ask = r.ask('--point p1=confirmed (or --rest confirmed)');
  const lang = s.summary!.front.language ?? p.manifest.value.language;
  const st = r.out.style;
  const todo = points(s).filter((x) => !answered.has(x.id!));
  r.out.line(
    st.bold(`The summary of ${s.session.value.id} (version ${s.summary!.front.version}), presented at ${at.session.value.id}`) +
      st.dim(` · ${plural(todo.length, 'point')} to go through`),
  );
  for (const [i, x] of todo.entries()) {
    r.out.line('');
    r.out.line(`${st.bold(`${x.id}`)} ${st.dim(`(${i + 1}/${todo.length})`)} ${st.bold(x.title)}`);
    if (x.meta) r.out.line(st.dim(`  ${x.meta}`));
    if (x.text) r.out.line(`  ${clip(x.text.replace(/<!--[\s\S]*?-->/g, ''), 300)}`);
    const response = await ask.select<ResponseKind | 'skip' | 'stop'>({
      message: `What did the group say to ${x.id}?`,
      choices: [
        ...RESPONSE_KINDS.map((k) => ({ name: `${k} (${responseLabel(k, lang)})`, value: k })),
        { name: 'not discussed: skip', value: 'skip' as const },
        { name: 'stop here (what is given so far is saved)', value: 'stop' as const },
      ],
    });
    if (response === 'stop') break;
    if (response === 'skip') continue;
    const by = await ask.input({
      message: 'Who said so? (Enter: the group; or codes like P2,P5)',
      validate: (t) => {
        try {
          parseRespondents(p, group, t, 'who');
          return true;
        } catch (e) {
          return (e as Error).message;
        }
      },
    });
    const note = (await ask.input({ message: response === 'confirmed' ? 'A note (optional)' : 'What should change? (a note)' })).trim();
    const rec: ValidationResponse = { point: x.id!, response, by: parseRespondents(p, group, by, 'who') };
    if (note) rec.note = note;
    round.responses.push(rec);
  }
  r.out.line('');
  while (await ask.confirm({ message: 'Did the group add a point the summary lacked?', default: false })) {
    const text = (await ask.input({ message: 'The new point, in a sentence or two' })).trim();
    if (!text) continue;
    const by = await ask.input({ message: 'Who raised it? (Enter: the group; or codes)' });
    round.added.push({ text, by: parseRespondents(p, group, by, 'who') });
  }
  const note = (await ask.input({ message: 'A note on the validation as a whole (optional)' })).trim();
  if (note) round.note = note;
}
