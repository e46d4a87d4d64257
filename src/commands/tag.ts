// fokus tag / untag: an observer's tags on one session, from flags, a CSV file, or (on a
// terminal) by stepping through the turns.
import { resolve } from 'node:path';
import type { Run } from '../cli.js';
import { UserError } from '../errors.js';
import { codeSession } from '../core/coding.js';
import { resolveCode } from '../core/codebook.js';
import { parseCsv } from '../core/csv.js';
import { turnsOf, type Codebook, type Tag, type Turn, teamCodes } from '../core/model.js';
import { makeTag, samePassage, turnIndex, type TagRequest } from '../core/tagging.js';
import { placeTag, TurnStream } from '../core/anchor.js';
import { clip, oneLine } from '../core/text.js';
import { addTags, removeTags } from '../store/coding.js';
import { sessionById, type LoadedProject, type LoadedSession } from '../store/project.js';
import { readTextFile } from '../store/text-file.js';
import { observerOf, openProject, plural } from './_shared.js';

interface TagOpts {
  observer?: string;
  turn?: string;
  to?: string;
  code?: string[];
  words?: string;
  mark?: string[];
  memo?: string;
  from?: string;
  start?: string;
  json?: boolean;
}

export function codebookOrFail(p: LoadedProject): Codebook {
  if (!p.codebook || !p.codebook.value.codes.length)
    throw new UserError(
      'the project has no codes yet: add some with fokus code add <code>, or copy a starter from templates/codebooks/ to codebook.yaml',
      undefined,
      'no-codebook',
    );
  return p.codebook.value;
}

export function turnsOrFail(s: LoadedSession): Turn[] {
  const id = s.session.value.id;
  if (!s.transcript)
    throw new UserError(`session ${id} has no transcript yet; import one with fokus import ${id} <file>`, undefined, 'no-transcript');
  if (s.transcript.unnumbered.length)
    throw new UserError(
      `some turns of ${id} have no id for tags to point at; run fokus transcript number ${id} first`,
      undefined,
      'unnumbered-turns',
    );
  return turnsOf(s.transcript.transcript);
}

export async function tag(r: Run, sessionId: string, opts: TagOpts): Promise<number> {
  const p = openProject(r);
  const s = sessionById(p, sessionId);
  const turns = turnsOrFail(s);
  const cb = codebookOrFail(p);
  const scripted = opts.turn !== undefined || opts.code !== undefined;
  if (opts.from !== undefined && scripted) throw new UserError('give either --from or --turn with --code, not both', undefined, 'bad-flag');
  if (opts.from !== undefined) return bulk(r, p, s, turns, cb, opts);
  if (scripted) {
    if (opts.turn === undefined) throw new UserError('--code needs --turn (the turn to tag)', undefined, 'missing-flag');
    if (!opts.code?.length) throw new UserError('--turn needs --code (the code to tag it with)', undefined, 'missing-flag');
    const observer = await observerOf(r, p, opts.observer);
    const tags = opts.code.map((code) => {
      const req: TagRequest = { turn: opts.turn!, code };
      if (opts.to !== undefined) req.to = opts.to;
      if (opts.words !== undefined) req.words = opts.words;
      if (opts.mark) req.marks = opts.mark;
      if (opts.memo !== undefined) req.memo = opts.memo;
      return makeTag(turns, cb, req);
    });
    return save(r, s, observer, tags, opts.json);
  }
  if (!r.ctx.interactive && !r.ctx.prompter)
    throw new UserError('missing --turn and --code, or --from (there is no terminal to tag on)', undefined, 'missing-flag');
  const observer = await observerOf(r, p, opts.observer);
  const { tagInteractively } = await import('../ui/tagger.js');
  return tagInteractively(r, p, s, turns, observer, opts.start);
}

/** Appends the tags that are new; a passage already tagged with the code is left as it is. */
function save(r: Run, s: LoadedSession, observer: string, tags: Tag[], json: boolean | undefined): number {
  const id = s.session.value.id;
  // Decided on the observer's file as it is inside its lock, so a passage another fokus tagged
  // meanwhile (the same observer in another terminal) is not tagged twice.
  const fresh = addTags(s.dir, id, observer, (have) => newTags(s, observer, have, tags));
  const skipped = tags.length - fresh.length;
  if (json) r.out.json({ session: id, observer, added: fresh, skipped });
  else {
    r.out.line(
      `Tagged ${plural(fresh.length, 'passage')} in ${id} for ${observer}${skipped ? ` (${skipped} already tagged, skipped)` : ''}`,
    );
    for (const t of fresh) r.out.line(`  ${t.turn}${t.to ? `-${t.to}` : ''}  ${t.code}  "${clip(t.words ?? '', 70)}"`);
  }
  return 0;
}

/** The tags not yet in `have`, each once. */
function newTags(s: LoadedSession, observer: string, have: readonly Tag[], tags: readonly Tag[]): Tag[] {
  // A passage counts as tagged where its tag is placed now, so renumbered turns do not duplicate it.
  const stream = new TurnStream(s.transcript ? turnsOf(s.transcript.transcript) : []);
  const placed = codeSession(s.session.value, s.transcript?.transcript, [{ observer, value: { tags: [...have] } }], stream);
  const samePlace = (t: Tag) => {
    const p = placeTag(stream, t).place;
    return placed.tags.some(
      (h) =>
        h.tag.code === t.code &&
        h.place &&
        p &&
        h.place.first === p.first &&
        h.place.last === p.last &&
        h.place.from === p.from &&
        h.place.to === p.to,
    );
  };
  const fresh: Tag[] = [];
  for (const t of tags) if (!have.some((h) => samePassage(h, t)) && !samePlace(t) && !fresh.some((h) => samePassage(h, t))) fresh.push(t);
  return fresh;
}

const COLUMNS = ['turn', 'code', 'words', 'to', 'marks', 'memo', 'observer'];

async function bulk(r: Run, p: LoadedProject, s: LoadedSession, turns: Turn[], cb: Codebook, opts: TagOpts): Promise<number> {
  const path = resolve(r.ctx.cwd, opts.from!);
  const table = parseCsv(readTextFile(path).text, { file: path });
  const col = new Map(table.header.map((h, i) => [h.toLowerCase(), i]));
  for (const h of table.header) {
    if (!COLUMNS.includes(h.toLowerCase()))
      throw new UserError(`unknown column '${h}': the columns are ${COLUMNS.join(', ')}`, { file: path, line: 1, col: 1 }, 'csv');
  }
  for (const need of ['turn', 'code'])
    if (!col.has(need)) throw new UserError(`the CSV needs a '${need}' column`, { file: path, line: 1, col: 1 }, 'csv');
  const byObserver = new Map<string, Tag[]>();
  const team = teamCodes(p.manifest.value);
  const fallback = opts.observer ?? r.ctx.env.FOKUS_OBSERVER;
  // Every row is checked before anything is written: a bad row leaves the files untouched.
  for (const row of table.rows) {
    const cell = (name: string) => {
      const i = col.get(name);
      const v = i === undefined ? undefined : row.cells[i]?.trim();
      return v ? v : undefined;
    };
    const at = (name: string) => ({ file: path, ...(row.at[col.get(name) ?? 0] ?? { line: row.line, col: 1 }) });
    const observer = cell('observer') ?? fallback;
    if (observer === undefined) throw new UserError('no observer: add an observer column or give --observer', at('turn'), 'missing-flag');
    if (!team.has(observer))
      throw new UserError(`${observer} is not on the team (fokus team add ${observer} --role observer)`, at('observer'), 'csv');
    const req: TagRequest = { turn: cell('turn') ?? '', code: cell('code') ?? '' };
    const to = cell('to');
    if (to) req.to = to;
    const i = col.get('words');
    const words = i === undefined ? undefined : row.cells[i];
    if (words?.trim()) req.words = words;
    const marks = cell('marks');
    if (marks) req.marks = [marks];
    const memo = cell('memo');
    if (memo) req.memo = memo;
    if (!req.turn) throw new UserError('empty turn', at('turn'), 'csv');
    if (!req.code) throw new UserError('empty code', at('code'), 'csv');
    byObserver.set(observer, [...(byObserver.get(observer) ?? []), makeTag(turns, cb, req, at)]);
  }
  let code = 0;
  for (const [observer, tags] of byObserver) code = save(r, s, observer, tags, opts.json) || code;
  if (!byObserver.size) r.out.line('The CSV file has no rows; nothing was tagged');
  return code;
}

export async function untag(
  r: Run,
  sessionId: string,
  opts: { observer?: string; turn?: string; code?: string; words?: string; json?: boolean },
): Promise<number> {
  if (opts.turn === undefined && opts.code === undefined)
    throw new UserError('say which tags to remove: --turn, --code, or both', undefined, 'missing-flag');
  const p = openProject(r);
  const s = sessionById(p, sessionId);
  const observer = await observerOf(r, p, opts.observer);
  const file = s.tags.find((f) => f.observer === observer);
  const code = opts.code === undefined ? undefined : p.codebook ? resolveCode(p.codebook.value, opts.code).code : opts.code;
  // Tags are matched where they sit now, so a turn id still finds tags placed on it after edits.
  const coded = codeSession(s.session.value, s.transcript?.transcript, file ? [{ observer, value: file.value }] : []);
  const at = opts.turn === undefined ? undefined : turnIndex(coded.turns, opts.turn, '--turn');
  const chosen = coded.tags
    .filter((t) => code === undefined || t.tag.code === code)
    .filter((t) => at === undefined || (t.place ? t.place.first <= at && at <= t.place.last : t.tag.turn === opts.turn))
    .filter(
      (t) =>
        opts.words === undefined ||
        oneLine(t.tag.words ?? '')
          .toLowerCase()
          .includes(oneLine(opts.words).toLowerCase()),
    )
    .map((t) => t.tag);
  if (!chosen.length) throw new UserError(`no tag by ${observer} in ${sessionId} matches`, undefined, 'no-match');
  const removed = removeTags(s.dir, observer, (t) => chosen.some((c) => samePassage(c, t) && c.memo === t.memo));
  if (opts.json) r.out.json({ session: sessionId, observer, removed });
  else {
    r.out.line(`Removed ${plural(removed.length, 'tag')} by ${observer} from ${sessionId}`);
    for (const t of removed) r.out.line(`  ${t.turn}  ${t.code}  "${clip(t.words ?? '', 70)}"`);
  }
  return 0;
}
