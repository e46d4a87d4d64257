// fokus search: keywords in context across the transcripts.
import type { Run } from '../cli.js';
import { UserError } from '../errors.js';
import { search, type SearchQuery } from '../core/search.js';
import { formatTime } from '../core/time.js';
import { codedSessions, filteredSessions, openProject, printCsv, resolveCodes, speakersOf, type Filters } from './_shared.js';

export async function run(
  r: Run,
  query: string,
  opts: Filters & {
    regex?: boolean;
    case?: boolean;
    word?: boolean;
    code?: string[];
    speaker?: string[];
    category?: string[];
    context: string;
    json?: boolean;
    csv?: boolean;
  },
): Promise<number> {
  const context = Number(opts.context);
  if (!Number.isInteger(context) || context < 0 || context > 1000)
    throw new UserError(`--context expects a number of characters from 0 to 1000, got '${opts.context}'`, undefined, 'bad-flag');
  // Tags are read only to search within coded passages; summaries never.
  const p = openProject(r, { coding: Boolean(opts.code?.length), summaries: false });
  const q: SearchQuery = { query, context };
  if (opts.regex) q.regex = true;
  if (opts.case) q.caseSensitive = true;
  if (opts.word) q.word = true;
  if (opts.code?.length) q.codes = resolveCodes(p, opts.code);
  if (opts.speaker?.length) q.speakers = opts.speaker;
  if (opts.category?.length) q.categories = opts.category;
  const sessions = filteredSessions(p, opts);
  const coded = codedSessions(
    p,
    sessions.map((s) => (opts.observer?.length ? { ...s, tags: s.tags.filter((f) => opts.observer!.includes(f.observer)) } : s)),
  );
  const hits = search(coded, speakersOf(p), q);
  if (opts.json) {
    r.out.json({ query, hits });
    return 0;
  }
  if (opts.csv) {
    printCsv(
      r,
      ['session', 'group', 'turn', 'speaker', 'category', 'time', 'left', 'match', 'right'],
      hits.map((h) => [
        h.session,
        h.group,
        h.turn,
        h.speaker,
        h.category,
        h.start === undefined ? '' : formatTime(h.start),
        h.left,
        h.match,
        h.right,
      ]),
    );
    return 0;
  }
  const o = r.out;
  for (const h of hits) {
    o.line(
      `${o.style.dim(`${h.session} ${h.turn}`)} ${o.style.cyan(h.speaker)}: …${h.left}${o.style.bold(o.style.yellow(h.match))}${h.right}…`,
    );
  }
  const sessionsHit = new Set(hits.map((h) => h.session)).size;
  o.note(`${hits.length} match(es) in ${sessionsHit} session(s)`);
  return 0;
}
