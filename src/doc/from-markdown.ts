// The researchers' Markdown (summaries, forewords) read into the document model with marked's
// lexer, so every writer renders it the same way. HTML comments are notes to the writer and go.
import { Lexer, type Token, type Tokens } from 'marked';
import type { DocBlock, Inline, Span } from './model.js';

function inline(tokens: readonly Token[] | undefined, style: Omit<Span, 'text'> = {}): Inline {
  const out: Inline = [];
  for (const t of tokens ?? []) {
    switch (t.type) {
      case 'strong':
        out.push(...inline((t as Tokens.Strong).tokens, { ...style, bold: true }));
        break;
      case 'em':
        out.push(...inline((t as Tokens.Em).tokens, { ...style, italic: true }));
        break;
      case 'codespan':
        out.push({ ...style, text: unescape((t as Tokens.Codespan).text) });
        break;
      case 'br':
        out.push({ ...style, text: '\n' });
        break;
      case 'link':
        out.push(...inline((t as Tokens.Link).tokens, style));
        break;
      case 'html':
        break;
      case 'text': {
        const x = t as Tokens.Text;
        if (x.tokens?.length) out.push(...inline(x.tokens, style));
        else out.push({ ...style, text: unescape(x.text) });
        break;
      }
      default:
        out.push({ ...style, text: unescape((t as { text?: string }).text ?? t.raw) });
    }
  }
  // Neighbouring runs in the same style read as one.
  const merged: Inline = [];
  for (const s of out) {
    const last = merged.at(-1);
    if (last && last.bold === s.bold && last.italic === s.italic) last.text += s.text;
    else merged.push({ ...s });
  }
  return merged.filter((s) => s.text !== '');
}

function unescape(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** A quote written `«…» (ansatt)`: the attribution apart from the words. */
function splitAttribution(i: Inline): { content: Inline; by?: string } {
  const last = i.at(-1);
  const m = last ? /\s*\(([^()]+)\)\s*$/.exec(last.text) : null;
  if (!last || !m) return { content: i };
  const content = [...i.slice(0, -1), { ...last, text: last.text.slice(0, m.index) }].filter((s) => s.text !== '');
  return { content, by: m[1]!.trim() };
}

function blocks(tokens: readonly Token[], headingShift: number): DocBlock[] {
  const out: DocBlock[] = [];
  for (const t of tokens) {
    switch (t.type) {
      case 'heading': {
        const h = t as Tokens.Heading;
        const level = Math.min(4, Math.max(1, h.depth + headingShift)) as 1 | 2 | 3 | 4;
        out.push({ kind: 'heading', level, text: h.text.replace(/\s*\{#[^}]+\}\s*$/, '') });
        break;
      }
      case 'paragraph':
        out.push({ kind: 'paragraph', content: inline((t as Tokens.Paragraph).tokens) });
        break;
      case 'list': {
        const l = t as Tokens.List;
        out.push({
          kind: 'list',
          ordered: l.ordered,
          items: l.items.map((item) => inline(item.tokens.flatMap((x) => ('tokens' in x && x.tokens ? x.tokens : [x])))),
        });
        break;
      }
      case 'blockquote':
        for (const b of blocks((t as Tokens.Blockquote).tokens, headingShift)) {
          if (b.kind === 'paragraph') out.push({ kind: 'quote', ...splitAttribution(b.content) });
          else out.push(b);
        }
        break;
      case 'table': {
        const x = t as Tokens.Table;
        out.push({
          kind: 'table',
          header: x.header.map((c) => c.text),
          rows: x.rows.map((r) => r.map((c) => inline(c.tokens))),
        });
        break;
      }
      case 'code':
        out.push({ kind: 'paragraph', content: [{ text: (t as Tokens.Code).text }] });
        break;
      default:
        // html (comments), hr, space: nothing for a reader.
        break;
    }
  }
  return out;
}

/** Markdown to blocks; headings moved down by `headingShift` levels to sit inside the document. */
export function markdownBlocks(md: string, headingShift = 0): DocBlock[] {
  return blocks(new Lexer({ gfm: true }).lex(md.replace(/<!--[\s\S]*?-->/g, '')), headingShift);
}
