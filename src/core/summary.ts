// The common-sense summary (`sessions/<id>/summary.md`) as a document of lines: a front matter,
// a head, themes (`## … {#q2}`) holding points (`### … {#p3}`), and the open questions
// (`## … {#open}`, one list item per question). Parsing keeps every line, so what fokus writes
// back is the researcher's text with only the parts fokus owns changed.
import { createHash } from 'node:crypto';
import type { Lang } from './model.js';

export type Standing = 'shared' | 'minority' | 'dissent';
export const STANDINGS: readonly Standing[] = ['shared', 'minority', 'dissent'];

export const STANDING_LABEL: Record<Lang, Record<Standing, string>> = {
  nb: { shared: 'Felles syn', minority: 'Mindretallssyn', dissent: 'Uenighet' },
  en: { shared: 'Shared view', minority: 'Minority view', dissent: 'Dissent' },
};

/** The section id of the open questions. */
export const OPEN_SECTION = 'open';
/** The section id of points the group added when it validated the summary. */
export const ADDED_SECTION = 'added';

/** The titles fokus gives the sections it adds. */
export const SECTION_TITLE: Record<Lang, Record<typeof OPEN_SECTION | typeof ADDED_SECTION, string>> = {
  nb: { open: 'Åpne spørsmål til neste samling', added: 'Lagt til av gruppa ved validering' },
  en: { open: 'Open questions for the next session', added: 'Added by the group at validation' },
};

export function newSection(id: string, title: string): Section {
  return { head: `## ${title} {#${id}}`, id, title, lines: [''], blocks: [] };
}

export interface Block {
  /** The heading or list-item line as written. */
  head: string;
  id?: string;
  title: string;
  /** The lines after the head, up to the next block. */
  lines: string[];
}

export interface Section extends Block {
  /** A point block is a `###` heading (a list item in the open section). */
  blocks: Block[];
}

export interface SummaryDoc {
  /** Lines between the `---` fences, without them; undefined when the file has none. */
  front?: string[];
  /** Lines after the front matter, before the first `##`. */
  head: string[];
  sections: Section[];
}

const ID_AT_END = /\s*\{#([\p{L}\p{N}_-]+)\}\s*$/u;

function splitId(text: string): { title: string; id?: string } {
  const m = ID_AT_END.exec(text);
  if (!m) return { title: text.trim() };
  return { title: text.slice(0, m.index).trim(), id: m[1]! };
}

function isFence(line: string): boolean {
  return /^\s{0,3}(```|~~~)/.test(line);
}

/** Parses summary.md. Never fails: any text is a document (lines fokus does not know stay where they are). */
export function parseSummary(text: string): SummaryDoc {
  const lines = text.split('\n');
  let i = 0;
  let front: string[] | undefined;
  if (lines[0] === '---') {
    const end = lines.indexOf('---', 1);
    if (end > 0) {
      front = lines.slice(1, end);
      i = end + 1;
    }
  }
  const doc: SummaryDoc = { head: [], sections: [] };
  if (front) doc.front = front;
  let section: Section | undefined;
  let block: Block | undefined;
  let fenced = false;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (isFence(line)) fenced = !fenced;
    const h2 = !fenced && /^##\s+(.*)$/.exec(line);
    if (h2 && !line.startsWith('###')) {
      section = { head: line, ...splitId(h2[1]!), lines: [], blocks: [] };
      doc.sections.push(section);
      block = undefined;
      continue;
    }
    if (section && !fenced) {
      const open = section.id === OPEN_SECTION;
      const h3 = !open && /^###\s+(.*)$/.exec(line);
      const item = open && /^[-*]\s+(.*)$/.exec(line);
      if ((h3 && !line.startsWith('####')) || item) {
        const m = (h3 || item) as RegExpExecArray;
        block = { head: line, ...splitId(m[1]!), lines: [] };
        section.blocks.push(block);
        continue;
      }
    }
    (block?.lines ?? section?.lines ?? doc.head).push(line);
  }
  return doc;
}

export function renderSummary(doc: SummaryDoc): string {
  const out: string[] = [];
  if (doc.front) out.push('---', ...doc.front, '---');
  out.push(...doc.head);
  for (const s of doc.sections) {
    out.push(s.head, ...s.lines);
    for (const b of s.blocks) out.push(b.head, ...b.lines);
  }
  return out.join('\n');
}

/** A copy whose line arrays can be changed without touching the original. */
export function cloneSummary(doc: SummaryDoc): SummaryDoc {
  return {
    ...doc,
    head: [...doc.head],
    sections: doc.sections.map((s) => ({ ...s, lines: [...s.lines], blocks: s.blocks.map((b) => ({ ...b, lines: [...b.lines] })) })),
  };
}

/** The lines a new block after this section's last one would follow. */
export function lastLines(s: Section): string[] {
  return s.blocks.at(-1)?.lines ?? s.lines;
}

/** A heading fokus adds starts after a blank line. */
export function blankAfter(lines: string[]): void {
  if (lines.length && lines.at(-1)!.trim() !== '') lines.push('');
}

/** Puts a new section before the open questions (or at the end), after a blank line. */
export function insertSection(doc: SummaryDoc, section: Section, atEnd = false): void {
  const open = doc.sections.findIndex((s) => s.id === OPEN_SECTION);
  const index = atEnd || open < 0 ? doc.sections.length : open;
  blankAfter(index > 0 ? lastLines(doc.sections[index - 1]!) : doc.head);
  doc.sections.splice(index, 0, section);
}

// --- lines fokus owns inside a point -----------------------------------------------------------

const VALIDATION_LINE = /^\*\*(Validert|Validated|Lagt til|Added)\b[^*]*\*\*/;
const PROPOSAL_LINE = /^_(Forslag fra fokus|Proposed by fokus)\b/;

export function isValidationLine(line: string): boolean {
  return VALIDATION_LINE.test(line.trim());
}

export function isProposal(b: Block): boolean {
  return b.lines.some((l) => PROPOSAL_LINE.test(l.trim()));
}

/**
 * A fingerprint of what the researcher can change in a block: its title and its lines, white
 * space squashed, the validation lines fokus writes left out. Equal to the one stored when fokus
 * wrote the block means nobody has touched it since.
 */
export function blockHash(b: Block): string {
  const body = [b.title, ...b.lines.filter((l) => !isValidationLine(l))]
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n');
  return createHash('sha256').update(body.normalize('NFC')).digest('hex').slice(0, 12);
}

/** Blank lines at the end of a block belong to the layout between blocks, not to the block. */
export function trimBlankEnd(lines: string[]): string[] {
  let n = lines.length;
  while (n > 0 && lines[n - 1]!.trim() === '') n--;
  return lines.slice(0, n);
}

// --- the summary as data, for the session pack, feedback, status and reports -------------------

export interface SummaryQuote {
  text: string;
  /** Who said it, as written after the quote: a category, never a name or a code. */
  by?: string;
}

export interface SummaryPoint {
  id?: string;
  /** The theme's id (a guide question or a top-level code), if it has one. */
  theme?: string;
  title: string;
  standing?: Standing;
  /** The line giving standing and breadth, as written. */
  meta?: string;
  /** The researcher's text: every line but the meta line, the proposal line, validation lines and quotes. */
  text: string;
  quotes: SummaryQuote[];
  proposed: boolean;
}

export interface SummaryTheme {
  id?: string;
  title: string;
  intro: string;
  points: SummaryPoint[];
}

export interface Summary {
  session?: string;
  version: number;
  title: string;
  themes: SummaryTheme[];
  open: { id?: string; text: string }[];
}

const META_LINE = /^_(.+)_$/;

/** The standing and breadth line: `_Felles syn · …_`. */
export function isMetaLine(line: string): boolean {
  const m = META_LINE.exec(line.trim());
  return m !== null && standingOf(m[1]!) !== undefined;
}

export function standingOf(meta: string): Standing | undefined {
  const head = meta.toLowerCase();
  for (const lang of Object.keys(STANDING_LABEL) as Lang[])
    for (const s of STANDINGS) if (head.startsWith(STANDING_LABEL[lang][s].toLowerCase())) return s;
  return undefined;
}

/** Reads the points of a parsed summary. */
export function summaryOf(doc: SummaryDoc, front: { session?: string; version?: number } = {}): Summary {
  const titleLine = doc.head.find((l) => /^#\s+/.test(l));
  const themes: SummaryTheme[] = [];
  const open: Summary['open'] = [];
  for (const s of doc.sections) {
    if (s.id === OPEN_SECTION) {
      for (const b of s.blocks) {
        const text = [b.title, ...trimBlankEnd(b.lines).map((l) => l.trim())].join(' ').trim();
        open.push(b.id ? { id: b.id, text } : { text });
      }
      continue;
    }
    const theme: SummaryTheme = { title: s.title, intro: trimBlankEnd(s.lines).join('\n').trim(), points: [] };
    if (s.id) theme.id = s.id;
    for (const b of s.blocks) theme.points.push(pointOf(b, s.id));
    themes.push(theme);
  }
  const out: Summary = { version: front.version ?? 1, title: titleLine?.replace(/^#\s+/, '').trim() ?? '', themes, open };
  if (front.session) out.session = front.session;
  return out;
}

export function pointOf(b: Block, theme?: string): SummaryPoint {
  const p: SummaryPoint = { title: b.title, text: '', quotes: [], proposed: isProposal(b) };
  if (b.id) p.id = b.id;
  if (theme) p.theme = theme;
  const text: string[] = [];
  let quote: string[] | undefined;
  const endQuote = () => {
    if (!quote) return;
    p.quotes.push(parseQuote(quote.join(' ')));
    quote = undefined;
  };
  for (const raw of b.lines) {
    const line = raw.trim();
    if (line.startsWith('>')) {
      (quote ??= []).push(line.replace(/^>\s?/, ''));
      continue;
    }
    endQuote();
    if (isValidationLine(line) || PROPOSAL_LINE.test(line)) continue;
    if (p.meta === undefined && !text.some((t) => t.trim()) && isMetaLine(line)) {
      p.meta = line.slice(1, -1);
      p.standing = standingOf(p.meta)!;
      continue;
    }
    text.push(raw);
  }
  endQuote();
  p.text = trimBlankEnd(text).join('\n').trim();
  return p;
}

function parseQuote(s: string): SummaryQuote {
  const m = /^(.*?)\s*\(([^()]+)\)\s*$/.exec(s.trim());
  const body = (m ? m[1]! : s).trim().replace(/^[«"“]|[»"”]$/g, '');
  return m ? { text: body, by: m[2]!.trim() } : { text: body };
}

/** Every point id in the document, with its section. */
export function pointIds(doc: SummaryDoc): string[] {
  return doc.sections.filter((s) => s.id !== OPEN_SECTION).flatMap((s) => s.blocks.flatMap((b) => (b.id ? [b.id] : [])));
}
