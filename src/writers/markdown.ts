// The document model as Markdown: plain to read in any editor, and what pandoc or marked render.
import { quoted, type Doc, type DocBlock, type Inline } from '../doc/model.js';
import type { Lang } from '../core/model.js';

function escape(s: string): string {
  return s.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

/** A paragraph that starts like a heading, quote or list item is not one. */
function escapeStart(s: string): string {
  return s.replace(/^(\s*)([#>+-]|\d+\.)(\s)/gm, '$1\\$2$3');
}

export function inlineMarkdown(i: Inline): string {
  return i
    .map((s) => {
      const t = escape(s.text).replace(/\n/g, '  \n');
      if (!t.trim()) return t;
      // Emphasis hugs the words: the spaces around them stay outside the markers.
      const m = /^(\s*)(.*?)(\s*)$/s.exec(t)!;
      const mark = s.bold && s.italic ? '***' : s.bold ? '**' : s.italic ? '_' : '';
      return `${m[1]}${mark}${m[2]}${mark}${m[3]}`;
    })
    .join('');
}

function block(b: DocBlock, lang: Lang): string {
  switch (b.kind) {
    case 'heading':
      // The document's title is the one level-1 heading.
      return `${'#'.repeat(Math.min(6, b.level + 1))} ${b.text}`;
    case 'paragraph':
      return escapeStart(inlineMarkdown(b.content));
    case 'list':
      return b.items.map((item, i) => `${b.ordered ? `${i + 1}.` : '-'} ${inlineMarkdown(item)}`).join('\n');
    case 'checklist':
      return b.items.map((item) => `- [ ] ${inlineMarkdown(item)}`).join('\n');
    case 'quote':
      return `> ${quoted(inlineMarkdown(b.content), lang)}${b.by ? ` (${b.by})` : ''}`;
    case 'table': {
      const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
      const row = (r: Inline[]) => `| ${r.map((c) => cell(inlineMarkdown(c)) || ' ').join(' | ')} |`;
      // Markdown needs a header row: a table of label and value pairs uses its first row.
      const pairs = b.header.every((h) => h === '') && b.rows.length > 0;
      const head = pairs ? row(b.rows[0]!) : `| ${b.header.map(cell).join(' | ')} |`;
      const rule = `|${b.header.map(() => ' --- ').join('|')}|`;
      const rows = (pairs ? b.rows.slice(1) : b.rows).map(row);
      return [head, rule, ...rows].join('\n');
    }
    case 'lines':
      return Array.from({ length: b.count }, () => '\\_'.repeat(60)).join('\n\n');
    case 'pageBreak':
      return '---';
  }
}

export function writeMarkdown(d: Doc): string {
  const parts = [`# ${d.title}`];
  if (d.subtitle) parts.push(`_${escape(d.subtitle)}_`);
  for (const b of d.blocks) parts.push(block(b, d.lang));
  return `${parts.join('\n\n')}\n`;
}
