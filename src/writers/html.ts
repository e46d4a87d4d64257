// The document model as one self-contained HTML file: readable on screen, printable to A4, and
// nothing fetched from anywhere (no fonts, scripts, images or links), so it can be mailed or
// archived as it is. Charts are inline SVG with their figures in a table beside them.
import { chartSvg } from '../charts/svg.js';
import { chartTable } from '../charts/table.js';
import type { Lang } from '../core/model.js';
import { withQuotationMarks, type Doc, type DocBlock, type Inline } from '../doc/model.js';

const W = {
  nb: { figures: 'Tallene bak figuren' },
  en: { figures: 'The figures behind the chart' },
};

type Heading = Extract<DocBlock, { kind: 'heading' }>;

/** Escapes for text and attribute values alike: `"` too, so one function serves both. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** A string inside the CSS (the title in the page footer): hex escapes, so no `</style>` or quote can end it early. */
function cssString(s: string): string {
  return `"${s.replace(/[^\p{L}\p{N} .,:;!?()'-]/gu, (c) => `\\${c.codePointAt(0)!.toString(16)} `)}"`;
}

/** An anchor for a heading: lowercase ASCII, Norwegian letters spelt out, everything else a dash. */
export function slug(s: string): string {
  const t = s
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/å/g, 'a')
    // é → e and the like, rather than a dash in the middle of a word.
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return t || 'section';
}

function uniqueId(base: string, used: Set<string>): string {
  let id = base;
  // A loop, not a counter per base: "Mål 2" must not collide with the second "Mål".
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

function inline(i: Inline): string {
  return i
    .map((s) => {
      let t = escapeHtml(s.text).replace(/\n/g, '<br>');
      if (s.italic) t = `<em>${t}</em>`;
      if (s.bold) t = `<strong>${t}</strong>`;
      return t;
    })
    .join('');
}

interface Context {
  lang: Lang;
  /** Each heading block's id, worked out before writing so a table of contents can point forward. */
  ids: Map<DocBlock, string>;
  used: Set<string>;
  /** Column widths in whole percent, written as classes so all the CSS stays in the one `<style>`. */
  widths: Set<number>;
}

function headingTag(level: number): string {
  // The document's title is the one <h1>.
  return `h${Math.min(6, level + 1)}`;
}

function table(b: Extract<DocBlock, { kind: 'table' }>, ctx: Context): string {
  const pairs = b.header.every((h) => h === '');
  const cols = Math.max(b.header.length, ...b.rows.map((r) => r.length));
  const cls = [pairs ? 'pairs' : '', b.writeIn ? 'write-in' : ''].filter(Boolean).join(' ');
  const out: string[] = [cls ? `<table class="${cls}">` : '<table>'];
  if (b.widths?.length) {
    // A column without a width counts as 1, as in the Word writer.
    const w = Array.from({ length: cols }, (_, i) => b.widths![i] ?? 1);
    const total = w.reduce((a, c) => a + c, 0) || 1;
    const pct = w.map((x) => Math.round((x / total) * 100));
    pct.forEach((p) => ctx.widths.add(p));
    out.push(`<colgroup>${pct.map((p) => `<col class="w${p}">`).join('')}</colgroup>`);
  }
  // A table of label and value pairs has no header row; its labels head their rows instead.
  if (!pairs) out.push(`<thead><tr>${b.header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>`);
  out.push('<tbody>');
  for (const r of b.rows)
    out.push(`<tr>${r.map((c, i) => (pairs && i === 0 ? `<th scope="row">${inline(c)}</th>` : `<td>${inline(c)}</td>`)).join('')}</tr>`);
  out.push('</tbody>', '</table>');
  return out.join('\n');
}

function toc(b: Extract<DocBlock, { kind: 'toc' }>, all: readonly DocBlock[], ctx: Context): string {
  const titleId = uniqueId('toc', ctx.used);
  // Nest by level with a stack, so a jump from level 1 to 3 still gives a well-formed list.
  interface Node {
    h: Heading;
    children: Node[];
  }
  const root: Node[] = [];
  const stack: Node[] = [];
  for (const h of all) {
    if (h.kind !== 'heading' || h.level > b.depth) continue;
    while (stack.length && stack.at(-1)!.h.level >= h.level) stack.pop();
    const node: Node = { h, children: [] };
    (stack.at(-1)?.children ?? root).push(node);
    stack.push(node);
  }
  const list = (ns: Node[]): string =>
    `<ul>\n${ns
      .map(
        (n) =>
          `<li><a href="#${escapeHtml(ctx.ids.get(n.h)!)}">${escapeHtml(n.h.text)}</a>${n.children.length ? `\n${list(n.children)}\n` : ''}</li>`,
      )
      .join('\n')}\n</ul>`;
  return [
    `<nav class="toc" aria-labelledby="${titleId}">`,
    `<h2 id="${titleId}">${escapeHtml(b.title)}</h2>`,
    ...(root.length ? [list(root)] : []),
    '</nav>',
  ].join('\n');
}

function figure(b: Extract<DocBlock, { kind: 'figure' }>, ctx: Context): string {
  const t = chartTable(b.chart, ctx.lang);
  const data = table({ kind: 'table', header: t.header, rows: t.rows.map((r) => r.map((c) => [{ text: c }])) }, ctx);
  const svg = chartSvg(b.chart, ctx.lang);
  // <figcaption> must be the figure's first or last child, so the figures go inside it, under the caption.
  return [
    `<figure class="chart" aria-label="${escapeHtml(b.alt)}">`,
    svg,
    '<figcaption>',
    `<p class="caption">${escapeHtml(b.caption)}</p>`,
    `<details>\n<summary>${W[ctx.lang].figures}</summary>\n${data}\n</details>`,
    '</figcaption>',
    '</figure>',
  ].join('\n');
}

function block(b: DocBlock, all: readonly DocBlock[], ctx: Context): string {
  switch (b.kind) {
    case 'heading': {
      const tag = headingTag(b.level);
      return `<${tag} id="${escapeHtml(ctx.ids.get(b)!)}">${escapeHtml(b.text)}</${tag}>`;
    }
    case 'paragraph':
      return `<p${b.style === 'small' ? ' class="small"' : ''}>${inline(b.content)}</p>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>\n${b.items.map((i) => `<li>${inline(i)}</li>`).join('\n')}\n</${tag}>`;
    }
    case 'checklist':
      // The text in a span of its own: the item is a flex row, and loose runs would each become a flex item.
      // The space between is dropped by flex, but keeps box and text apart where CSS is not read (copy, Word).
      return `<ul class="checklist">\n${b.items
        .map((i) => `<li><span class="box" aria-hidden="true">☐</span> <span>${inline(i)}</span></li>`)
        .join('\n')}\n</ul>`;
    case 'quote':
      // The HTML spec's pattern for a quotation with its source: the source stays outside <blockquote>.
      return [
        '<figure class="quote">',
        `<blockquote><p>${inline(withQuotationMarks(b.content, ctx.lang))}</p></blockquote>`,
        ...(b.by ? [`<figcaption>(${escapeHtml(b.by)})</figcaption>`] : []),
        '</figure>',
      ].join('\n');
    case 'table':
      return table(b, ctx);
    case 'lines':
      return `<div class="write-lines" aria-hidden="true">\n${'<div class="line"></div>\n'.repeat(b.count)}</div>`;
    case 'pageBreak':
      return '<div class="page-break" aria-hidden="true"></div>';
    case 'toc':
      return toc(b, all, ctx);
    case 'figure':
      return figure(b, ctx);
  }
}

const CSS = `
:root {
  --ink: #1f2328;
  --muted: #595959;
  --navy: #1f3864;
  --blue: #2f5496;
  --rule: #c8d0da;
  --head: #e7ecf2;
  --paper: #fff;
  --desk: #eef1f5;
}
* { box-sizing: border-box; }
/* Named on headings and cells too: simpler readers (LibreOffice, Word) do not inherit it. */
body, h1, h2, h3, h4, h5, h6, th, td {
  font-family: Calibri, Carlito, "Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, "Liberation Sans", sans-serif;
}
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  background: var(--desk);
  color: var(--ink);
  font-size: 1.0625rem;
  line-height: 1.55;
}
.doc {
  max-width: 46rem;
  margin: 2.5rem auto;
  padding: 3rem 3.5rem 3.5rem;
  background: var(--paper);
  border-top: 6px solid var(--navy);
  box-shadow: 0 1px 3px rgb(0 0 0 / 0.08), 0 8px 24px rgb(0 0 0 / 0.06);
}
@media (max-width: 48rem) {
  .doc { margin: 0; padding: 1.5rem 1.25rem 2.5rem; box-shadow: none; }
}
h1, h2, h3, h4, h5, h6 { line-height: 1.25; color: var(--navy); margin: 0; }
h1 { font-size: 2.1rem; }
h2 { font-size: 1.55rem; margin: 2.2rem 0 0.6rem; padding-bottom: 0.25rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.22rem; color: var(--blue); margin: 1.6rem 0 0.4rem; }
h4 { font-size: 1.06rem; color: var(--blue); margin: 1.3rem 0 0.3rem; }
h5 { font-size: 1rem; color: var(--blue); font-style: italic; font-weight: normal; margin: 1.1rem 0 0.2rem; }
p { margin: 0 0 0.7rem; }
p.small, .small { font-size: 0.85em; color: var(--muted); }
.doc-head { margin-bottom: 2rem; }
.subtitle { font-size: 1.2rem; color: var(--muted); margin: 0.4rem 0 0; }
.title-page { margin: -0.5rem 0 2.5rem; padding: 1.5rem 0 2rem; border-bottom: 1px solid var(--rule); }
.title-page .kicker {
  margin: 0 0 0.8rem;
  font-size: 0.85rem;
  font-weight: bold;
  letter-spacing: 0.08em;
  text-transform: uppercase;
  color: var(--blue);
}
.title-page h1 { font-size: 2.5rem; }
.title-page .lines { margin: 2rem 0 0; color: var(--muted); }
.title-page .lines p { margin: 0.15rem 0; }
ul, ol { margin: 0 0 0.8rem; padding-left: 1.6rem; }
li { margin: 0.2rem 0; }
ul.checklist { list-style: none; padding-left: 0; }
ul.checklist li { display: flex; gap: 0.55rem; align-items: baseline; }
ul.checklist .box { font-family: "DejaVu Sans", "Segoe UI Symbol", system-ui, sans-serif; font-size: 1.1em; line-height: 1; }
figure { margin: 1.4rem 0; }
figure.quote { margin: 1rem 0 1.2rem; padding: 0.1rem 0 0.1rem 1.1rem; border-left: 4px solid #a5b4c8; }
figure.quote blockquote { margin: 0; font-style: italic; color: #404040; }
figure.quote blockquote p { margin: 0; }
figure.quote figcaption { margin-top: 0.25rem; font-size: 0.85rem; color: var(--muted); }
table { width: 100%; border-collapse: collapse; margin: 0.6rem 0 1.2rem; font-size: 0.92em; }
th, td { border: 1px solid var(--rule); padding: 0.35rem 0.55rem; text-align: left; vertical-align: top; }
thead th { background: var(--head); color: var(--navy); }
table.pairs th[scope="row"] { background: #f5f7fa; font-weight: bold; width: 30%; }
table.write-in td { height: 2.6rem; }
.write-lines { margin: 0.4rem 0 1.2rem; }
.write-lines .line { height: 2.1rem; border-bottom: 1px solid #999; }
.page-break { height: 0; margin: 2.5rem 0; border-top: 1px dashed var(--rule); }
/* Outside @media print: screens ignore page breaks, and simpler readers (LibreOffice, Word) skip media queries. */
.page-break { break-before: page; page-break-before: always; }
.title-page { break-after: page; page-break-after: always; }
nav.toc { margin: 1.5rem 0 2rem; padding: 1rem 1.4rem 0.6rem; background: #f5f7fa; border: 1px solid var(--rule); }
nav.toc h2 { margin: 0 0 0.5rem; padding: 0; border: 0; font-size: 1.15rem; }
nav.toc ul { list-style: none; margin: 0 0 0.4rem; padding-left: 0; }
nav.toc ul ul { padding-left: 1.3rem; margin: 0.1rem 0 0.2rem; }
nav.toc a { color: var(--blue); text-decoration: none; }
nav.toc a:hover, nav.toc a:focus { text-decoration: underline; }
figure.chart svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figure.chart figcaption { margin-top: 0.5rem; }
figure.chart .caption { font-size: 0.92rem; color: #404040; margin: 0 0 0.3rem; }
details summary { cursor: pointer; font-size: 0.85rem; color: var(--blue); }
details table { margin-top: 0.4rem; }
strong { font-weight: bold; }
@page { size: A4; margin: 2.2cm; }
@media print {
  html, body { background: #fff; }
  body { font-size: 11pt; line-height: 1.4; }
  .doc { max-width: none; margin: 0; padding: 0; border: 0; box-shadow: none; }
  h1, h2, h3, h4, h5, h6 { break-after: avoid; page-break-after: avoid; break-inside: avoid; }
  h2 { font-size: 16pt; }
  h3 { font-size: 13pt; }
  h4, h5 { font-size: 11.5pt; }
  thead { display: table-header-group; }
  tr, figure, .write-lines .line { break-inside: avoid; page-break-inside: avoid; }
  /* Shaded header cells even when the browser leaves out backgrounds. */
  thead th, table.pairs th[scope="row"] { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  p { orphans: 3; widows: 3; }
  .title-page { border: 0; margin: 0; padding: 5cm 0 0; }
  .title-page h1 { font-size: 28pt; }
  .page-break { margin: 0; border: 0; }
  nav.toc { background: none; border: 0; padding: 0; }
  nav.toc a { color: inherit; }
  /* A closed toggle means nothing on paper. */
  details:not([open]) { display: none; }
  details summary { display: none; }
}
`;

export function writeHtml(d: Doc): string {
  const ctx: Context = { lang: d.lang, ids: new Map(), used: new Set(), widths: new Set() };
  for (const b of d.blocks) if (b.kind === 'heading') ctx.ids.set(b, uniqueId(slug(b.text), ctx.used));

  const head = d.titlePage
    ? [
        '<header class="title-page">',
        ...(d.titlePage.kicker ? [`<p class="kicker">${escapeHtml(d.titlePage.kicker)}</p>`] : []),
        `<h1>${escapeHtml(d.title)}</h1>`,
        ...(d.subtitle ? [`<p class="subtitle">${escapeHtml(d.subtitle)}</p>`] : []),
        ...(d.titlePage.lines.length
          ? [`<div class="lines">\n${d.titlePage.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}\n</div>`]
          : []),
        '</header>',
      ]
    : [
        '<header class="doc-head">',
        `<h1>${escapeHtml(d.title)}</h1>`,
        ...(d.subtitle ? [`<p class="subtitle">${escapeHtml(d.subtitle)}</p>`] : []),
        '</header>',
      ];
  const body = d.blocks.map((b) => block(b, d.blocks, ctx));

  const css = [
    CSS.trim(),
    ...[...ctx.widths].sort((a, b) => a - b).map((p) => `col.w${p} { width: ${p}%; }`),
    // Page number and title at the foot of each page, as in the Word file; none on the title page.
    `@page { @bottom-center { content: counter(page) " · " ${cssString(d.title)}; font-size: 9pt; color: #808080; } }`,
    ...(d.titlePage ? ['@page :first { @bottom-center { content: none; } }'] : []),
  ].join('\n');

  return [
    '<!doctype html>',
    `<html lang="${d.lang === 'nb' ? 'nb' : 'en'}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(d.title)}</title>`,
    ...(d.author ? [`<meta name="author" content="${escapeHtml(d.author)}">`] : []),
    ...(d.description ? [`<meta name="description" content="${escapeHtml(d.description)}">`] : []),
    `<style>\n${css}\n</style>`,
    '</head>',
    '<body>',
    '<main class="doc">',
    ...head,
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
