// The document model as Markdown: plain to read in any editor, and what pandoc or marked render.
import { chartTable } from '../charts/table.js';
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

function table(header: string[], rows: Inline[][]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const row = (r: Inline[]) => `| ${r.map((c) => cell(inlineMarkdown(c)) || ' ').join(' | ')} |`;
  // Markdown needs a header row: a table of label and value pairs uses its first row.
  const pairs = header.every((h) => h === '') && rows.length > 0;
  const head = pairs ? row(rows[0]!) : `| ${header.map(cell).join(' | ')} |`;
  const rule = `|${header.map(() => ' --- ').join('|')}|`;
  return [head, rule, ...(pairs ? rows.slice(1) : rows).map(row)].join('\n');
}

function block(b: DocBlock, lang: Lang, all: readonly DocBlock[]): string {
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
    case 'table':
      return table(b.header, b.rows);
    case 'lines':
      return Array.from({ length: b.count }, () => '\\_'.repeat(60)).join('\n\n');
    case 'pageBreak':
      return '---';
    case 'toc': {
      // Plain entries: heading anchors differ between Markdown renderers.
      const entries = all.filter((h): h is Extract<DocBlock, { kind: 'heading' }> => h.kind === 'heading' && h.level <= b.depth);
      return [`**${escape(b.title)}**`, entries.map((h) => `${'  '.repeat(h.level - 1)}- ${escape(h.text)}`).join('\n')].join('\n\n');
    }
    case 'figure': {
      // Markdown has no pictures of its own here: the caption, then the figures as a table.
      const t = chartTable(b.chart, lang);
      return [
        `**${escape(b.caption)}**`,
        table(
          t.header,
          t.rows.map((r) => r.map((c) => [{ text: c }])),
        ),
      ].join('\n\n');
    }
  }
}

export function writeMarkdown(d: Doc): string {
  const parts = [`# ${d.title}`];
  if (d.subtitle) parts.push(`_${escape(d.subtitle)}_`);
  if (d.titlePage)
    parts.push(
      [d.titlePage.kicker, ...d.titlePage.lines]
        .filter(Boolean)
        .map((l) => escape(l!))
        .join('  \n'),
    );
  for (const b of d.blocks) parts.push(block(b, d.lang, d.blocks));
  return `${parts.join('\n\n')}\n`;
}
