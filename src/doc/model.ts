// One document model for everything fokus writes for people to read (the session pack, later
// reports): builders produce it from the project, writers turn it into Markdown, Word or HTML.
// Nothing here knows about any output format.
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
  | { kind: 'pageBreak' };

export interface Doc {
  title: string;
  subtitle?: string;
  lang: Lang;
  author?: string;
  description?: string;
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
  const out: string[] = [d.title, d.subtitle ?? '', d.author ?? '', d.description ?? ''];
  for (const b of d.blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(b.text);
        break;
      case 'paragraph':
        out.push(inlineText(b.content));
        break;
      case 'quote':
        out.push(inlineText(b.content), b.by ?? '');
        break;
      case 'list':
      case 'checklist':
        out.push(...b.items.map(inlineText));
        break;
      case 'table':
        out.push(b.header.join(' '), ...b.rows.map((r) => r.map(inlineText).join(' ')));
        break;
      default:
        break;
    }
  }
  return out.filter(Boolean).join('\n');
}

/** A quotation in the language's marks («…» or “…”), unless it already has them. */
export function quoted(text: string, lang: Lang): string {
  if (/^\s*[«“"]/.test(text)) return text;
  return lang === 'nb' ? `«${text}»` : `“${text}”`;
}
