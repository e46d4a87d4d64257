// The HTML writer: one file that stands on its own, escapes what it is given, and links its
// table of contents to headings that exist.
import { describe, expect, it } from 'vitest';
import type { BarChart } from '../src/charts/model.js';
import { bold, heading, italic, para, text, type Doc, type DocBlock } from '../src/doc/model.js';
import { slug, writeHtml } from '../src/writers/html.js';

const chart: BarChart = {
  kind: 'bars',
  categories: ['Hamar', 'Tromsø'],
  series: [{ name: 'Andel', values: [12.5, 40] }],
  unit: '%',
  axis: 'Andel av innspill',
};

function doc(blocks: DocBlock[], over: Partial<Doc> = {}): Doc {
  return { title: 'Rapport fra fokusgrupper', lang: 'nb', blocks, ...over };
}

const ids = (html: string) => [...html.matchAll(/\bid="([^"]*)"/g)].map((m) => m[1]!);
const hrefs = (html: string) => [...html.matchAll(/\bhref="#([^"]*)"/g)].map((m) => m[1]!);

describe('writeHtml', () => {
  it('is one HTML5 file with the language, title, author and description', () => {
    const html = writeHtml(doc([para('Hei')], { author: 'Kari & Ola', description: 'Om "medvirkning"' }));
    expect(html.startsWith('<!doctype html>\n<html lang="nb">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<meta name="viewport"');
    expect(html).toContain('<title>Rapport fra fokusgrupper</title>');
    expect(html).toContain('<meta name="author" content="Kari &amp; Ola">');
    expect(html).toContain('<meta name="description" content="Om &quot;medvirkning&quot;">');
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(writeHtml(doc([], { lang: 'en' }))).toContain('<html lang="en">');
    expect(writeHtml(doc([]))).not.toContain('name="author"');
  });

  it('escapes every text it is given', () => {
    const html = writeHtml(
      doc(
        [
          heading(1, '<b>Funn</b>'),
          para('Før <script>alert("x")</script> & etter', bold(' <i>')),
          { kind: 'quote', content: text('<img src=x>'), by: 'P1 <admin>' },
          { kind: 'table', header: ['<th>', 'B & C'], rows: [[text('<td>'), text('a & b')]] },
          { kind: 'figure', chart: { ...chart, categories: ['<Hamar>', 'A & B'] }, caption: 'Figur 1. <x>', alt: 'Alt "tekst" <y>' },
        ],
        { title: 'Tittel <med> & "sitat"', subtitle: '<sub>' },
      ),
    );
    const body = html.slice(html.indexOf('</style>'));
    expect(body).not.toMatch(/<(script|img|sub|x|y|admin|Hamar|med)[\s>]/);
    for (const tag of ['<b>', '<i>', '<th>']) expect(body).not.toContain(tag);
    expect(body).toContain('<td>&lt;td&gt;</td><td>a &amp; b</td>');
    expect(body).toContain('Før &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; etter');
    expect(body).toContain('<strong> &lt;i&gt;</strong>');
    expect(body).toContain('&lt;Hamar&gt;');
    expect(body).toContain('aria-label="Alt &quot;tekst&quot; &lt;y&gt;"');
    expect(html).toContain('<title>Tittel &lt;med&gt; &amp; &quot;sitat&quot;</title>');
    // The title also goes into the style sheet (the page footer): it must not end the <style> early.
    const styled = writeHtml(doc([], { title: '</style><script>x()</script> "a" \\' }));
    expect(styled.match(/<\/style>/gi)).toHaveLength(1);
    expect(styled).not.toContain('<script');
    // No bare ampersand anywhere outside the style sheet (the chart's SVG is the chart writer's).
    expect(body.replace(/<svg[\s\S]*<\/svg>/, '').replace(/&(amp|lt|gt|quot);/g, '')).not.toContain('&');
  });

  it('gives the title the only <h1> and every heading a unique id', () => {
    const html = writeHtml(
      doc([heading(1, 'Mål'), heading(2, 'Mål'), heading(2, 'Mål 2'), heading(3, 'Æøå i Tromsø!'), heading(4, 'Dypt')]),
    );
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(html).toContain('<h2 id="mal">Mål</h2>');
    expect(html).toContain('<h3 id="mal-2">Mål</h3>');
    expect(html).toContain('<h3 id="mal-2-2">Mål 2</h3>');
    expect(html).toContain('<h4 id="aeoa-i-tromso">Æøå i Tromsø!</h4>');
    expect(html).toContain('<h5 id="dypt">Dypt</h5>');
    const all = ids(html);
    expect(new Set(all).size).toBe(all.length);
    expect(slug('  Hva nå?  Café ')).toBe('hva-na-cafe');
    expect(slug('«»')).toBe('section');
  });

  it('links the table of contents to headings that exist, down to its depth, including those after it', () => {
    const html = writeHtml(
      doc([
        heading(1, 'Før innholdet'),
        { kind: 'toc', title: 'Innhold', depth: 2 },
        heading(1, 'Bakgrunn'),
        heading(2, 'Metode'),
        heading(3, 'Utvalg'),
        heading(1, 'Bakgrunn'),
        heading(1, 'Toc'),
      ]),
    );
    const nav = /<nav class="toc" aria-labelledby="([^"]+)">[\s\S]*?<\/nav>/.exec(html)!;
    expect(nav).not.toBeNull();
    expect(html).toContain(`<h2 id="${nav[1]}">Innhold</h2>`);
    const links = hrefs(nav[0]);
    expect(links).toEqual(['for-innholdet', 'bakgrunn', 'metode', 'bakgrunn-2', 'toc']);
    for (const l of links) expect(ids(html)).toContain(l);
    expect(nav[0]).not.toContain('Utvalg');
    // Metode nests under the first Bakgrunn.
    expect(nav[0]).toMatch(/Bakgrunn<\/a>\n<ul>\n<li><a href="#metode">Metode<\/a><\/li>\n<\/ul>/);
    const all = ids(html);
    expect(new Set(all).size).toBe(all.length);
  });

  it("puts quotes in the language's marks once, with the source after", () => {
    const q = (content: DocBlock & { kind: 'quote' }, lang: 'nb' | 'en' = 'nb') => writeHtml(doc([content], { lang }));
    expect(q({ kind: 'quote', content: text('Vi blir hørt.'), by: 'P1, ansatt' })).toContain(
      '<blockquote><p>«Vi blir hørt.»</p></blockquote>\n<figcaption>(P1, ansatt)</figcaption>',
    );
    expect(q({ kind: 'quote', content: text('We are heard.') }, 'en')).toContain('<p>“We are heard.”</p>');
    expect(q({ kind: 'quote', content: text('«Allerede sitert»') })).toContain('<p>«Allerede sitert»</p>');
    expect(q({ kind: 'quote', content: text('“Already quoted”') }, 'en')).toContain('<p>“Already quoted”</p>');
    // The marks sit outside the emphasis.
    expect(q({ kind: 'quote', content: [italic('Helt'), { text: ' enig' }] })).toContain('<p>«<em>Helt</em> enig»</p>');
    expect(q({ kind: 'quote', content: text('Uten kilde') })).not.toContain('<figcaption>');
  });

  it('writes a label/value table without a header row, and a normal one with', () => {
    const pairs = writeHtml(
      doc([
        {
          kind: 'table',
          header: ['', ''],
          rows: [
            [text('Dato'), text('6. mai')],
            [text('Sted'), text('Hamar')],
          ],
          widths: [1, 3],
        },
      ]),
    );
    expect(pairs).not.toContain('<thead');
    expect(pairs).toContain('<tr><th scope="row">Dato</th><td>6. mai</td></tr>');
    expect(pairs).toContain('<col class="w25"><col class="w75">');
    expect(pairs).toMatch(/col\.w75 \{ width: 75%; \}/);
    const normal = writeHtml(doc([{ kind: 'table', header: ['Navn', 'Rolle'], rows: [[text('P1'), text('ansatt')]], writeIn: true }]));
    expect(normal).toContain('<table class="write-in">\n<thead><tr><th scope="col">Navn</th><th scope="col">Rolle</th></tr></thead>');
    expect(normal).toContain('<tbody>\n<tr><td>P1</td><td>ansatt</td></tr>');
  });

  it('draws a figure as inline SVG with its caption and its figures as a table', () => {
    const html = writeHtml(doc([{ kind: 'figure', chart, caption: 'Figur 1. Andel innspill per gruppe', alt: 'Stolpediagram' }]));
    const fig = /<figure class="chart"[\s\S]*<\/figure>/.exec(html)?.[0] ?? '';
    expect(fig).toContain('aria-label="Stolpediagram"');
    expect(fig).toContain('<svg');
    expect(fig).toMatch(/<figcaption>[\s\S]*Figur 1\. Andel innspill per gruppe/);
    expect(fig).toContain('<details>');
    expect(fig).toContain('<th scope="col">Andel</th>');
    expect(fig).toContain('<td>Tromsø</td><td>40%</td>');
    expect(fig).toContain('<td>12,5%</td>');
  });

  it('writes the other blocks: small print, lists, checklists, lines and page breaks', () => {
    const html = writeHtml(
      doc([
        { kind: 'paragraph', content: text('Liten'), style: 'small' },
        { kind: 'list', ordered: true, items: [text('én'), text('to')] },
        { kind: 'list', items: [text('punkt')] },
        { kind: 'checklist', items: [text('Samtykke'), [bold('Lydopptak')]] },
        { kind: 'lines', count: 3 },
        { kind: 'pageBreak' },
        para('Linje 1\nLinje 2'),
      ]),
    );
    expect(html).toContain('<p class="small">Liten</p>');
    expect(html).toContain('<ol>\n<li>én</li>\n<li>to</li>\n</ol>');
    expect(html).toContain('<ul>\n<li>punkt</li>\n</ul>');
    expect(html).toContain('<li><span class="box" aria-hidden="true">☐</span> <span><strong>Lydopptak</strong></span></li>');
    expect(html.match(/<div class="line"><\/div>/g)).toHaveLength(3);
    expect(html).toContain('<div class="page-break"');
    expect(html).toMatch(/\.page-break \{[^}]*break-before: page/);
    expect(html).toContain('<p>Linje 1<br>Linje 2</p>');
  });

  it('starts with a title page when there is one, and the title and subtitle otherwise', () => {
    const tp = writeHtml(
      doc([para('x')], { subtitle: 'Hamar og Tromsø', titlePage: { kicker: 'Sluttrapport', lines: ['Prosjekt Nærmiljø', 'Mai 2025'] } }),
    );
    expect(tp).toMatch(
      /<header class="title-page">\n<p class="kicker">Sluttrapport<\/p>\n<h1>Rapport fra fokusgrupper<\/h1>\n<p class="subtitle">Hamar og Tromsø<\/p>\n<div class="lines">\n<p>Prosjekt Nærmiljø<\/p>/,
    );
    expect(tp).toMatch(/\.title-page \{[^}]*break-after: page/);
    const plain = writeHtml(doc([para('x')], { subtitle: 'Undertittel' }));
    expect(plain).not.toContain('title-page"');
    expect(plain).toContain('<h1>Rapport fra fokusgrupper</h1>\n<p class="subtitle">Undertittel</p>');
  });

  it('refers to nothing outside the file, and keeps æøå as they are', () => {
    const html = writeHtml(
      doc(
        [
          { kind: 'toc', title: 'Innhold', depth: 3 },
          heading(1, 'Første funn'),
          para('Blåbærsyltetøy og ærlighet.'),
          { kind: 'figure', chart, caption: 'Figur 1. Øvelse', alt: 'Årsak' },
          {
            kind: 'figure',
            chart: {
              kind: 'timeline',
              from: '2025-01-01',
              to: '2025-06-30',
              lanes: [{ name: 'Hamar', events: [{ date: '2025-03-01', label: 'Samling 1', held: true }] }],
            },
            caption: 'Figur 2',
            alt: 'Tidslinje',
          },
        ],
        { titlePage: { lines: ['Ås'] }, author: 'Bjørn' },
      ),
    );
    const outside = html.replace(/\sxmlns(:\w+)?="http:\/\/www\.w3\.org\/[^"]*"/g, '');
    expect(outside).not.toMatch(/https?:\/\//);
    expect(outside).not.toMatch(/\bsrc=|<link|<script|<img|<iframe|<object|@import|url\(|@font-face/i);
    for (const s of ['Første funn', 'Blåbærsyltetøy og ærlighet.', 'Figur 1. Øvelse', 'aria-label="Årsak"', '<p>Ås</p>', 'content="Bjørn"'])
      expect(html).toContain(s);
    expect(html).not.toMatch(/&#(229|230|248|197|198|216);|&(aring|aelig|oslash);/i);
  });
});
