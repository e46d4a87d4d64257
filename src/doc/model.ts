// One document model for everything fokus writes for people to read (the session pack, later
// reports): builders produce it from the project, writers turn it into Markdown, Word or HTML.
// Nothing here knows about any output format.
import type { Chart } from '../charts/model.js';
import type { Lang } from '../core/model.js';

export interface Span {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

export type Inline = Span[];

export type DocBlock =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4; text: string }
  | { kind: 'paragraph'; content: Inline; style?: 'normal' | 'small' }
  | { kind: 'list'; ordered?: boolean; items: Inline[] }
  /** Boxes to tick on paper. */
  | { kind: 'checklist'; items: Inline[] }
  | { kind: 'quote'; content: Inline; by?: string }
  /** An all-empty header means a table of label and value pairs; `writeIn`: rows tall enough to write in by hand. */
  | { kind: 'table'; header: string[]; rows: Inline[][]; widths?: number[]; writeIn?: boolean }
  /** Ruled lines to write on by hand. */
  | { kind: 'lines'; count: number }
  | { kind: 'pageBreak' }
  /** A table of contents built from the headings (levels 1 to `depth`). */
  | { kind: 'toc'; title: string; depth: 1 | 2 | 3 }
  /** A chart, its caption (`Figur 1. …`), and a text alternative for screen readers. */
  | { kind: 'figure'; chart: Chart; caption: string; alt: string };

/** A title page of its own, before everything else: the kind of document, then the lines under the title. */
export interface TitlePage {
  kicker?: string;
  lines: string[];
}

export interface Doc {
  title: string;
  subtitle?: string;
  lang: Lang;
  author?: string;
  description?: string;
  titlePage?: TitlePage;
  blocks: DocBlock[];
}

export const text = (s: string): Inline => [{ text: s }];
export const bold = (s: string): Span => ({ text: s, bold: true });
export const italic = (s: string): Span => ({ text: s, italic: true });
export const plain = (s: string): Span => ({ text: s });

export function heading(level: 1 | 2 | 3 | 4, s: string): DocBlock {
  return { kind: 'heading', level, text: s };
}

export function para(...content: (Span | string)[]): DocBlock {
  return { kind: 'paragraph', content: content.map((c) => (typeof c === 'string' ? plain(c) : c)) };
}

/** The plain text of an inline run. */
export function inlineText(i: Inline): string {
  return i.map((s) => s.text).join('');
}

/** Every piece of text in a document, for the leak check and for tests. */
export function docText(d: Doc): string {
  const head = [d.title, d.subtitle ?? '', d.author ?? '', d.description ?? '', d.titlePage?.kicker ?? '', ...(d.titlePage?.lines ?? [])];
  return [...head, ...d.blocks.map(blockText)].filter(Boolean).join('\n');
}

/** The text of one block, as a reader sees it (a chart's labels included). */
export function blockText(b: DocBlock): string {
  const parts: string[] = [];
  switch (b.kind) {
    case 'heading':
      parts.push(b.text);
      break;
    case 'paragraph':
      parts.push(inlineText(b.content));
      break;
    case 'quote':
      parts.push(inlineText(b.content), b.by ?? '');
      break;
    case 'list':
    case 'checklist':
      parts.push(...b.items.map(inlineText));
      break;
    case 'table':
      parts.push(b.header.join(' '), ...b.rows.map((r) => r.map(inlineText).join(' ')));
      break;
    case 'toc':
      parts.push(b.title);
      break;
    case 'figure':
      parts.push(b.caption, b.alt, ...chartLabels(b.chart));
      break;
    default:
      break;
  }
  return parts.filter(Boolean).join('\n');
}

/** A quote's runs inside the language's quotation marks, outside any emphasis; unchanged if already quoted. */
export function withQuotationMarks(i: Inline, lang: Lang): Inline {
  const plainText = inlineText(i);
  const whole = quoted(plainText, lang);
  if (!i.length || whole === plainText) return i;
  return [{ text: whole.charAt(0) }, ...i, { text: whole.charAt(whole.length - 1) }];
}

/** A quotation in the language's marks («…» or “…”), unless it already has them. */
export function quoted(text: string, lang: Lang): string {
  if (/^\s*[«“"]/.test(text)) return text;
  return lang === 'nb' ? `«${text}»` : `“${text}”`;
}

/** Every label a chart shows. */
function chartLabels(c: Chart): string[] {
  if (c.kind === 'bars') return [...c.categories, ...c.series.map((s) => s.name), c.axis ?? ''];
  return [
    ...c.lanes.flatMap((l) => [l.name, ...l.events.map((e) => e.label)]),
    ...(c.spans ?? []).map((s) => s.label),
    ...(c.markers ?? []).map((m) => m.label),
  ];
}
