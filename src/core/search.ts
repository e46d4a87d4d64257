// Keywords in context across transcripts. Case-insensitive by default; whole-word matching
// knows æ, ø and å are letters (JavaScript's \b does not).
import { UserError } from '../errors.js';
import { coveredTurns, type CodedSession, type Speaker } from './coding.js';
import { isWithin } from './codebook.js';
import { escapeRegExp, wordBounded } from './text.js';

export interface SearchQuery {
  query: string;
  regex?: boolean;
  caseSensitive?: boolean;
  word?: boolean;
  codes?: readonly string[];
  speakers?: readonly string[];
  categories?: readonly string[];
  context?: number;
}

export interface Hit {
  session: string;
  group: string;
  turn: string;
  speaker: string;
  category?: string;
  start?: number;
  /** Offset of the match in the turn's text. */
  offset: number;
  match: string;
  left: string;
  right: string;
}

export function searchPattern(q: SearchQuery): RegExp {
  const text = q.query.normalize('NFC');
  if (!text.trim()) throw new UserError('the search query is empty', undefined, 'bad-flag');
  let source = q.regex ? text : escapeRegExp(text).replace(/\s+/g, '\\s+');
  if (q.word) source = wordBounded(`(?:${source})`);
  try {
    return new RegExp(source, q.caseSensitive ? 'gu' : 'giu');
  } catch (e) {
    throw new UserError(
      `invalid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`,
      undefined,
      'bad-flag',
    );
  }
}

export function search(sessions: readonly CodedSession[], speakerOf: (code: string) => Speaker, q: SearchQuery): Hit[] {
  const re = searchPattern(q);
  const width = q.context ?? 60;
  const hits: Hit[] = [];
  for (const s of sessions) {
    let allowed: Set<number> | undefined;
    if (q.codes?.length) {
      allowed = new Set();
      for (const t of s.tags) if (t.place && q.codes.some((c) => isWithin(t.tag.code, c))) for (const u of coveredTurns(t)) allowed.add(u);
    }
    s.turns.forEach((t, i) => {
      if (allowed && !allowed.has(i)) return;
      if (q.speakers?.length && !q.speakers.includes(t.speaker)) return;
      const sp = speakerOf(t.speaker);
      if (q.categories?.length && !(sp.category && q.categories.includes(sp.category))) return;
      re.lastIndex = 0;
      for (let m = re.exec(t.text); m; m = re.exec(t.text)) {
        if (m[0] === '') {
          re.lastIndex++;
          continue;
        }
        const hit: Hit = {
          session: s.session.id,
          group: s.session.group,
          turn: t.id,
          speaker: t.speaker,
          offset: m.index,
          match: m[0],
          left: t.text.slice(Math.max(0, m.index - width), m.index).replace(/\s+/g, ' '),
          right: t.text.slice(m.index + m[0].length, m.index + m[0].length + width).replace(/\s+/g, ' '),
        };
        if (sp.category) hit.category = sp.category;
        if (t.start !== undefined) hit.start = t.start;
        hits.push(hit);
      }
    });
  }
  return hits;
}
