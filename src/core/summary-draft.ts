// Drafting a session's common-sense summary from the observers' tags: per theme the points
// raised, each with its breadth (who voiced it, by category), its standing (shared, minority,
// dissent) and a few anonymised quotes; then open questions for the next session. The draft is
// the researcher's starting point: plain, short, and easy to rewrite.
import { categoryCount, categoryLabel } from './categories.js';
import { atLevel, codeIndex, codeLabel, parentOf } from './codebook.js';
import { coveredTurns, wordsInTurn, type CodedSession, type Speaker } from './coding.js';
import { compareCodes } from './ids.js';
import { segments } from './marks.js';
import type { Codebook, FieldNote, Guide, Lang, Manifest, TagMark } from './model.js';
import { OPEN_SECTION, ADDED_SECTION, STANDING_LABEL, type Standing } from './summary.js';
import { countWords } from './text.js';
import { capitalise } from './wording.js';

export type ThemeBy = 'question' | 'code';

export interface DraftInput {
  coded: CodedSession;
  manifest: Manifest;
  speakerOf: (code: string) => Speaker;
  codebook?: Codebook;
  guide?: Guide;
  notes?: readonly { observer: string; notes: readonly FieldNote[] }[];
  by: ThemeBy;
  /** Points per code rolled up to this level (default: the codes as tagged). */
  level?: number;
  /** The transcript's headings, for themes when there is no guide. */
  headings?: readonly { question?: string; title: string }[];
  /** A code voiced by fewer participants is a point only if an observer marked it or wrote a memo (default 2). */
  minVoices?: number;
  lang: Lang;
}

export interface DraftQuote {
  text: string;
  speaker: string;
  category?: string;
  turn: string;
  marked: boolean;
}

export interface DraftPoint {
  /** What the point is drafted from; stable across runs: `<theme> <code>[ minority]`. */
  key: string;
  theme: string;
  code: string;
  title: string;
  standing: Standing;
  /** Participants who voiced it (codes), and how many attended. */
  voices: string[];
  attendees: number;
  byCategory: Record<string, number>;
  quotes: DraftQuote[];
  memos: string[];
  tags: number;
  firstTurn: number;
  /** Marks observers put on its passages. */
  marked: Set<TagMark>;
}

export interface DraftTheme {
  id: string;
  title: string;
  points: DraftPoint[];
}

export interface DraftOpen {
  key: string;
  text: string;
}

export interface Draft {
  themes: DraftTheme[];
  open: DraftOpen[];
}

export const QUOTES_MAX = 3;
const QUOTE_WORDS_MAX = 60;

const W = {
  nb: {
    other: 'Annet',
    voiced: (n: number, of: number) => `tatt opp av ${n} av ${of} deltakere`,
    minorityTitle: (t: string) => `${t}: et annet syn`,
    write: 'Skriv med egne ord hva gruppa sa om dette.',
    minorityQ: (t: string) => `Få tok opp «${t}». Kjenner flere seg igjen i det?`,
    unasked: (q: string) => `Vi rakk ikke spørsmålet: «${q}»`,
    proposal: '_Forslag fra fokus: nytt siden forrige utkast. Slett denne linja når du har sett på punktet._',
  },
  en: {
    other: 'Other',
    voiced: (n: number, of: number) => `raised by ${n} of ${of} participants`,
    minorityTitle: (t: string) => `${t}: another view`,
    write: 'Write in your own words what the group said about this.',
    minorityQ: (t: string) => `Few raised “${t}”. Do others recognise it?`,
    unasked: (q: string) => `We did not reach the question: “${q}”`,
    proposal: '_Proposed by fokus: new since the last draft. Delete this line once you have looked at the point._',
  },
} as const;

interface Passage {
  code: string;
  first: number;
  last: number;
  text: string;
  marks: Set<TagMark>;
  quoteMarks: number;
  memos: string[];
  tags: number;
}

/** One passage per code and place, however many observers tagged it. */
function passages(s: CodedSession, level: number | undefined): Passage[] {
  const byPlace = new Map<string, Passage>();
  for (const t of s.tags) {
    if (!t.place) continue;
    const code = level ? atLevel(t.tag.code, level) : t.tag.code;
    const text = coveredTurns(t)
      .map((u) => wordsInTurn(s, t, u))
      .join(' ');
    const k = `${code}\u0000${t.place.first}:${t.place.from}-${t.place.last}:${t.place.to}`;
    let p = byPlace.get(k);
    if (!p) {
      p = { code, first: t.place.first, last: t.place.last, text, marks: new Set(), quoteMarks: 0, memos: [], tags: 0 };
      byPlace.set(k, p);
    }
    p.tags++;
    for (const m of t.tag.marks ?? []) p.marks.add(m);
    if (t.tag.marks?.includes('quote')) p.quoteMarks++;
    if (t.tag.memo && !p.memos.includes(t.tag.memo.trim())) p.memos.push(t.tag.memo.trim());
  }
  return [...byPlace.values()].sort((a, b) => a.first - b.first || compareCodes(a.code, b.code));
}

/** What a name or place was replaced with in the transcript: kept, since the sentence needs it. */
const PLACEHOLDER = /^(navn|name|sted|place|person|[\p{L}-]*navn|[\p{L}-]*name)$/iu;

/** Readable quote text: stage directions and pauses out, names' placeholders and uncertain words kept. */
export function quoteText(raw: string): string {
  const parts: string[] = [];
  for (const seg of segments(raw)) {
    if (seg.type === 'speech') parts.push(seg.text);
    else if (seg.kind === 'uncertain' && seg.detail) parts.push(seg.detail);
    else if (seg.kind === 'nonverbal' && seg.detail && PLACEHOLDER.test(seg.detail)) parts.push(`[${seg.detail}]`);
    else if (seg.kind === 'inaudible') parts.push('[…]');
  }
  let text = parts
    .join('')
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.!?;:])/g, '$1')
    .trim()
    .replace(/^[,.;:–-]\s*/, '');
  const words = text.split(' ');
  if (words.length > QUOTE_WORDS_MAX) {
    const cut = words.slice(0, QUOTE_WORDS_MAX).join(' ');
    const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('? '), cut.lastIndexOf('! '));
    text = `${end > cut.length / 3 ? cut.slice(0, end + 1) : cut} […]`;
  }
  return text;
}

function pickQuotes(s: CodedSession, ps: readonly Passage[], speakerOf: DraftInput['speakerOf'], used: Set<string>): DraftQuote[] {
  const candidates: (DraftQuote & { score: number })[] = [];
  for (const p of ps) {
    const turn = s.turns[p.first]!;
    const who = speakerOf(turn.speaker);
    if (who.kind !== 'participant') continue;
    const text = quoteText(p.text);
    const n = countWords(text);
    if (n < 4) continue;
    const q: DraftQuote & { score: number } = {
      text,
      speaker: turn.speaker,
      turn: turn.id,
      marked: p.quoteMarks > 0,
      // A passage quoted under an earlier point is a last resort here.
      score: p.quoteMarks * 100 + (n >= 8 && n <= QUOTE_WORDS_MAX ? 10 : 0) - p.first / 10_000 - (used.has(text) ? 1000 : 0),
    };
    if (who.category) q.category = who.category;
    candidates.push(q);
  }
  candidates.sort((a, b) => b.score - a.score);
  const out: DraftQuote[] = [];
  const speakers = new Set<string>();
  const take = (q: (typeof candidates)[number]) => {
    const { score: _, ...quote } = q;
    out.push(quote);
    speakers.add(q.speaker);
  };
  // Every passage an observer marked as a quote, one per speaker; else the best one.
  for (const q of candidates) if (q.marked && !speakers.has(q.speaker) && !used.has(q.text) && out.length < QUOTES_MAX) take(q);
  if (!out.length && candidates[0]) take(candidates[0]);
  // A second perspective when the point was voiced across categories.
  const cats = new Set(out.map((q) => q.category));
  const other = candidates.find((q) => !speakers.has(q.speaker) && !cats.has(q.category) && !used.has(q.text));
  if (other && out.length < QUOTES_MAX) take(other);
  for (const q of out) used.add(q.text);
  return out;
}

function standingFor(ps: readonly Passage[], voices: number, attendees: number, split: boolean): Standing {
  const has = (m: TagMark) => ps.some((p) => p.marks.has(m));
  if (has('dissent')) return 'dissent';
  if (split || ps.every((p) => p.marks.has('minority'))) return 'minority';
  if (has('consensus')) return 'shared';
  return voices >= 2 && voices * 3 >= attendees ? 'shared' : 'minority';
}

export function draftSummary(input: DraftInput): Draft {
  const { coded: s, speakerOf, lang } = input;
  const w = W[lang];
  const codes = input.codebook ? codeIndex(input.codebook) : new Map();
  // A code without a label reads as its last part: `praktisk-bistand` is "Praktisk bistand".
  const own = (code: string) => {
    const c = codes.get(code);
    if (c?.label) return c.label;
    const last = (c ? codeLabel(c) : (code.split('/').pop() ?? code)).replace(/[-_]+/g, ' ');
    return capitalise(last);
  };
  // "Individnivå (brukermedvirkning)": a sub-code's label says little without its parent's.
  const label = (code: string) => {
    const parent = parentOf(code);
    return parent ? `${own(code)} (${own(parent).toLowerCase()})` : own(code);
  };
  const attendeeCodes = (s.session.attendees ?? []).filter((c) => speakerOf(c).kind === 'participant');
  const spoke = new Set(s.turns.map((t) => t.speaker).filter((c) => speakerOf(c).kind === 'participant'));
  const attendees = attendeeCodes.length || spoke.size;

  // A theme is titled by its guide question, else by the transcript's heading for it.
  const questionTitle = new Map<string, string>();
  for (const h of input.headings ?? []) if (h.question && !questionTitle.has(h.question)) questionTitle.set(h.question, h.title);
  for (const q of input.guide?.questions ?? []) questionTitle.set(q.id, q.text);
  const themeOf = (p: Passage): { id: string; title: string } => {
    if (input.by === 'code') {
      const top = atLevel(p.code, 1);
      const id = top === OPEN_SECTION || top === ADDED_SECTION ? `code-${top}` : top;
      return { id, title: own(top) };
    }
    const q = s.questionOf[p.first];
    if (!q) return { id: 'other', title: w.other };
    return { id: q, title: questionTitle.get(q) ?? q };
  };

  // Introductions, and the talk about the last summary (that is feedback: fokus feedback), are not new points.
  const skip = new Set((input.guide?.questions ?? []).filter((q) => q.kind === 'opening' || q.presents === 'summary').map((q) => q.id));
  const groups = new Map<string, { theme: { id: string; title: string }; code: string; ps: Passage[] }>();
  for (const p of passages(s, input.level)) {
    const q = s.questionOf[p.first];
    if (q && skip.has(q)) continue;
    const theme = themeOf(p);
    const k = `${theme.id} ${p.code}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { theme, code: p.code, ps: [] }));
    g.ps.push(p);
  }

  const themes = new Map<string, DraftTheme>();
  const open: DraftOpen[] = [];
  const quoted = new Set<string>();
  for (const [key, g] of groups) {
    const minority = g.ps.filter((p) => p.marks.has('minority') && !p.marks.has('dissent'));
    const split = minority.length > 0 && minority.length < g.ps.length && !g.ps.some((p) => p.marks.has('dissent'));
    const parts = split
      ? [
          { key, ps: g.ps.filter((p) => !minority.includes(p)), minority: false },
          { key: `${key} minority`, ps: minority, minority: true },
        ]
      : [{ key, ps: g.ps, minority: false }];
    for (const part of parts) {
      const voices = new Set<string>();
      for (const p of part.ps)
        for (let u = p.first; u <= p.last; u++) {
          const sp = s.turns[u]!.speaker;
          if (speakerOf(sp).kind === 'participant') voices.add(sp);
        }
      if (!voices.size) continue;
      const noted = part.ps.some((p) => p.marks.size > 0 || p.memos.length > 0);
      if (voices.size < (input.minVoices ?? 2) && !noted) continue;
      const byCategory: Record<string, number> = {};
      for (const v of voices) {
        const c = speakerOf(v).category ?? 'other';
        byCategory[c] = (byCategory[c] ?? 0) + 1;
      }
      const title = part.minority ? w.minorityTitle(label(g.code)) : label(g.code);
      const point: DraftPoint = {
        key: part.key,
        theme: g.theme.id,
        code: g.code,
        title,
        standing: standingFor(part.ps, voices.size, attendees, part.minority),
        voices: [...voices].sort(compareCodes),
        attendees: Math.max(attendees, voices.size),
        byCategory,
        quotes: pickQuotes(s, part.ps, speakerOf, quoted),
        memos: [...new Set(part.ps.flatMap((p) => p.memos))],
        tags: part.ps.reduce((n, p) => n + p.tags, 0),
        firstTurn: part.ps[0]!.first,
        marked: new Set(part.ps.flatMap((p) => [...p.marks])),
      };
      let t = themes.get(g.theme.id);
      if (!t) themes.set(g.theme.id, (t = { ...g.theme, points: [] }));
      t.points.push(point);
    }
  }
  const standingRank: Record<Standing, number> = { shared: 0, minority: 1, dissent: 2 };
  for (const t of themes.values())
    t.points.sort(
      (a, b) => standingRank[a.standing] - standingRank[b.standing] || b.voices.length - a.voices.length || a.firstTurn - b.firstTurn,
    );

  // Themes in the guide's order (or the order talked about), then the rest.
  const order = input.by === 'question' ? (input.guide?.questions ?? []).map((q) => q.id) : [];
  const first = (t: DraftTheme) => Math.min(...t.points.map((p) => p.firstTurn));
  const sorted = [...themes.values()].sort((a, b) => {
    const ia = order.indexOf(a.id);
    const ib = order.indexOf(b.id);
    if (ia >= 0 || ib >= 0) return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib);
    return first(a) - first(b);
  });

  for (const t of sorted)
    for (const p of t.points) {
      // Disagreements are points of their own (guide next asks about them); a marked minority view is asked about.
      if (p.standing === 'minority' && p.marked.has('minority')) open.push({ key: `minority ${p.key}`, text: w.minorityQ(p.title) });
    }
  for (const f of input.notes ?? [])
    for (const n of f.notes) if (n.kind === 'follow-up') open.push({ key: `note ${f.observer} ${n.at}`, text: n.text.trim() });
  if (input.by === 'question' && input.guide) {
    const asked = new Set(s.questionOf.filter((q): q is string => q !== undefined));
    if (asked.size)
      for (const q of input.guide.questions)
        if (!asked.has(q.id) && q.kind === 'key') open.push({ key: `unasked ${q.id}`, text: w.unasked(q.text) });
  }
  const seen = new Set<string>();
  return { themes: sorted, open: open.filter((o) => !seen.has(o.text) && seen.add(o.text)) };
}

/** The breadth and standing line: `_Felles syn · tatt opp av 5 av 7 deltakere (3 ansatte, 2 …)_`. */
export function metaLine(p: DraftPoint, m: Manifest, lang: Lang): string {
  const cats = Object.entries(p.byCategory)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([c, n]) => categoryCount(m, c, n, lang))
    .join(', ');
  return `_${STANDING_LABEL[lang][p.standing]} · ${W[lang].voiced(p.voices.length, p.attendees)} (${cats})_`;
}

/** A point's lines below its heading, as fokus drafts them. */
export function pointLines(p: DraftPoint, m: Manifest, lang: Lang, proposed: boolean): string[] {
  const w = W[lang];
  const out: string[] = [''];
  if (proposed) out.push(w.proposal, '');
  out.push(metaLine(p, m, lang), '');
  if (p.memos.length) for (const memo of p.memos) out.push(memo, '');
  else out.push(`<!-- ${w.write} -->`, '');
  for (const q of p.quotes) {
    const by = q.category ? ` (${categoryLabel(m, q.category, lang)})` : '';
    out.push(lang === 'nb' ? `> «${q.text}»${by}` : `> “${q.text}”${by}`, '');
  }
  return out;
}
