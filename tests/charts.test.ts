// Charts as pictures: bars as long as their values, stacked shares filling the scale, every
// name shown and escaped, numbers in the language's format, time line events where their dates
// are, SVG whose tags close, and a PNG of the width asked for.
import { describe, expect, it } from 'vitest';
import type { BarChart, Chart, TimelineChart } from '../src/charts/model.js';
import { svgToPng } from '../src/charts/png.js';
import { chartSvg } from '../src/charts/svg.js';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Pixel size from the IHDR chunk, which the format puts first. */
function pngSize(png: Buffer): { width: number; height: number } {
  if (png.length < 24 || SIGNATURE.some((b, i) => png[i] !== b) || png.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('Not a PNG image');
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Bars and segments; legend swatches carry `rx` and the background no `x`, so neither matches. */
function bars(svg: string): { x: number; y: number; width: number; fill: string }[] {
  return [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="[\d.]+" fill="(#[0-9a-f]{6})"/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    width: Number(m[3]),
    fill: m[4]!,
  }));
}

/** The x of the last text element whose content is exactly `s` (scale labels come after the bars). */
function textX(svg: string, s: string): number {
  const m = [...svg.matchAll(/<text x="([\d.]+)"[^>]*>([^<]*)<\/text>/g)].findLast((t) => t[2] === s);
  if (!m) throw new Error(`no text ${s}`);
  return Number(m[1]);
}

/** Every opened tag closes, in order, and everything sits inside one <svg>. */
function balanced(svg: string): boolean {
  const stack: string[] = [];
  let roots = 0;
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)(?:\s[^<>]*?)?(\/?)>/g)) {
    const [, close, name, self] = m;
    if (close) {
      if (stack.pop() !== name) return false;
    } else if (!self) {
      if (!stack.length) roots++;
      stack.push(name!);
    } else if (!stack.length) return false;
  }
  // Nothing that looks like a tag may be left unparsed (a stray `<` from unescaped text).
  const stray = svg.replace(/<(\/?)([a-zA-Z][\w:-]*)(?:\s[^<>]*?)?(\/?)>/g, '').includes('<');
  return stack.length === 0 && roots === 1 && !stray;
}

const svgHeight = (svg: string): number => Number(/<svg [^>]*height="(\d+)"/.exec(svg)![1]);

const counts: BarChart = {
  kind: 'bars',
  categories: ['relasjon', 'tid', 'mestring'],
  series: [{ name: 'Antall', values: [10, 5, 0] }],
  axis: 'Antall utsagn',
};

describe('bar charts', () => {
  it('draws bars in proportion to their values, and none for zero while keeping the row', () => {
    const svg = chartSvg(counts, 'nb');
    const b = bars(svg);
    expect(b).toHaveLength(2);
    expect(b[1]!.width / b[0]!.width).toBeCloseTo(0.5, 2);
    expect(b[0]!.x).toBe(b[1]!.x);
    expect(svg).toContain('>mestring</text>');
    // The scale starts at the bars' start and reaches past the longest.
    expect(textX(svg, '0')).toBeCloseTo(b[0]!.x, 0);
    expect(textX(svg, '10')).toBeGreaterThanOrEqual(b[0]!.x + b[0]!.width - 0.2);
    expect(svg).toContain('>Antall utsagn</text>');
  });

  it('groups one bar per series in each row, with a legend only when there are several', () => {
    const grouped: BarChart = {
      kind: 'bars',
      categories: ['a', 'b'],
      series: [
        { name: 'S1', values: [4, 2] },
        { name: 'S2', values: [1, 8] },
        { name: 'S3', values: [2, 2] },
      ],
    };
    const svg = chartSvg(grouped, 'en');
    const b = bars(svg);
    expect(b).toHaveLength(6);
    expect(new Set(b.map((r) => r.fill)).size).toBe(3);
    // Within a row the series are in order top to bottom; widths follow the values.
    expect(b[0]!.y).toBeLessThan(b[1]!.y);
    expect(b[1]!.y).toBeLessThan(b[2]!.y);
    expect(b[4]!.width / b[3]!.width).toBeCloseTo(4, 1);
    expect(svg.match(/rx="2"/g)).toHaveLength(3);
    expect(chartSvg(counts, 'en')).not.toContain('rx="2"');
  });

  it('stacks shares so that each row that adds up to 100 fills the scale 0–100', () => {
    const shares: BarChart = {
      kind: 'bars',
      stacked: true,
      unit: '%',
      categories: ['Elvedal 1', 'Elvedal 2', 'Elvedal 3'],
      series: [
        { name: 'P1', values: [25, 100, 10] },
        { name: 'P2', values: [25, 0, 20] },
        { name: 'P3', values: [50, 0, 70] },
      ],
    };
    const svg = chartSvg(shares, 'nb');
    const rows = new Map<number, { x: number; width: number }[]>();
    for (const r of bars(svg)) rows.set(r.y, [...(rows.get(r.y) ?? []), r]);
    expect([...rows.values()].map((r) => r.length)).toEqual([3, 1, 3]);
    const start = textX(svg, '0%');
    const end = textX(svg, '100%');
    // …and the scale stops at 100: no gridline further right.
    const grid = [...svg.matchAll(/<line x1="([\d.]+)" y1="[\d.]+" x2="\1"/g)].map((m) => Number(m[1]));
    expect(Math.max(...grid)).toBeCloseTo(end, 0);
    for (const segs of rows.values()) {
      expect(segs[0]!.x).toBeCloseTo(start, 0);
      expect(segs.reduce((a, s) => a + s.width, 0)).toBeCloseTo(end - start, 0);
      // Segments follow each other without gaps or overlaps.
      for (let i = 1; i < segs.length; i++) expect(segs[i]!.x).toBeCloseTo(segs[i - 1]!.x + segs[i - 1]!.width, 0);
    }
    expect(svg).toContain('>50%</text>');
  });

  it('shows every category and series name, escaped, with Norwegian letters intact', () => {
    const c: BarChart = {
      kind: 'bars',
      categories: ['A & B', '<skjema>', 'Ærlig "svar" på øy'],
      series: [
        { name: 'P1 & P2', values: [1, 2, 3] },
        { name: 'Åse', values: [3, 2, 1] },
      ],
      axis: 'Antall > 0',
    };
    const svg = chartSvg(c, 'nb');
    for (const s of ['A &amp; B', '&lt;skjema&gt;', 'Ærlig &quot;svar&quot; på øy', 'P1 &amp; P2', 'Åse', 'Antall &gt; 0'])
      expect(svg).toContain(`>${s}</text>`);
    expect(svg).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
    expect(balanced(svg)).toBe(true);
  });

  it('writes numbers as the language does', () => {
    const c: BarChart = { kind: 'bars', categories: ['x', 'y'], series: [{ name: 's', values: [12.5, 3] }], unit: '%' };
    expect(chartSvg(c, 'nb')).toContain('>12,5%</text>');
    expect(chartSvg(c, 'nb')).not.toContain('12.5');
    expect(chartSvg(c, 'en')).toContain('>12.5%</text>');
  });

  it('puts whole numbers on the scale of counts', () => {
    const c: BarChart = { kind: 'bars', categories: ['x'], series: [{ name: 's', values: [14] }] };
    const ticks = [...chartSvg(c, 'en').matchAll(/text-anchor="middle" font-size="11" fill="#555555">([^<]*)</g)].map((m) => m[1]);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks.every((t) => /^\d+$/.test(t!))).toBe(true);
  });

  it('cuts long labels with an ellipsis', () => {
    const long = 'en svært lang kodebetegnelse som går langt over grensen';
    const svg = chartSvg(
      { kind: 'bars', categories: [long, 'brukermedvirkning (verdier)'], series: [{ name: 's', values: [1, 2] }] },
      'nb',
    );
    expect(svg).not.toContain(`>${long}</text>`);
    expect(svg).toMatch(/>en svært lang kodebetegnelse som…</);
    expect(svg).toContain('>brukermedvirkning (verdier)</text>');
  });

  it('still gives a valid picture with no categories or no series', () => {
    for (const c of [
      { kind: 'bars', categories: [], series: [] },
      { kind: 'bars', categories: ['a'], series: [] },
      { kind: 'bars', categories: ['a'], series: [{ name: 's', values: [0] }], stacked: true, unit: '%' },
    ] as Chart[]) {
      const svg = chartSvg(c, 'nb');
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="640" height="\d+" viewBox="0 0 640 \d+" role="img"/);
      expect(svg).toMatch(/<title>[^<]+<\/title>/);
      expect(svgHeight(svg)).toBeGreaterThan(20);
      expect(balanced(svg)).toBe(true);
    }
  });

  it('cycles the palette past its end', () => {
    const series = Array.from({ length: 13 }, (_, i) => ({ name: `S${i}`, values: [1] }));
    const fills = bars(chartSvg({ kind: 'bars', categories: ['a'], series }, 'en')).map((b) => b.fill);
    expect(new Set(fills.slice(0, 12)).size).toBe(12);
    expect(fills[12]).toBe(fills[0]);
  });
});

const tl: TimelineChart = {
  kind: 'timeline',
  from: '2025-01-01',
  to: '2025-12-31',
  spans: [
    { from: '2025-01-01', to: '2025-02-28', label: 'Forberedelse' },
    { from: '2025-03-01', to: '2025-06-20', label: 'Datainnsamling & analyse' },
  ],
  markers: [{ date: '2025-06-15', label: 'Midtveisnotat' }],
  lanes: [
    {
      name: 'Elvedal brukere',
      events: [
        { date: '2025-05-28', label: 'c', held: false },
        { date: '2025-01-01', label: 'start', held: true },
        { date: '2025-03-12', label: 'b', held: true },
        { date: '2024-06-01', label: 'før', held: true },
        { date: '2026-03-01', label: 'etter', held: false },
      ],
    },
  ],
};

describe('time lines', () => {
  const svg = chartSvg(tl, 'nb');
  const circles = [...svg.matchAll(/<circle cx="([\d.]+)" cy="[\d.]+" r="[\d.]+" fill="(#[0-9a-f]{6})"/g)].map((m) => ({
    x: Number(m[1]),
    fill: m[2]!,
  }));

  it('places events left to right by date, clamping dates outside the axis to its ends', () => {
    expect(textX(svg, 'start')).toBeLessThan(textX(svg, 'b'));
    expect(textX(svg, 'b')).toBeLessThan(textX(svg, 'c'));
    expect(textX(svg, 'c')).toBeLessThan(textX(svg, 'etter'));
    // A date before `from` sits on the axis start, as the event on `from` itself does.
    expect(textX(svg, 'før')).toBe(textX(svg, 'start'));
    const xs = circles.slice(0, 5).map((c) => c.x);
    expect(xs).toContain(textX(svg, 'b'));
    expect(Math.min(...xs)).toBe(textX(svg, 'start'));
    // The milestone (15 June) lies after session c (28 May) and before the axis end.
    const marker = Number(/<line x1="([\d.]+)"[^>]*stroke-dasharray/.exec(svg)![1]);
    expect(marker).toBeGreaterThan(textX(svg, 'c'));
    expect(marker).toBeLessThan(textX(svg, 'etter'));
  });

  it('fills held sessions and leaves planned ones hollow, with a key', () => {
    const fills = new Set(circles.slice(0, 5).map((c) => c.fill));
    expect(fills.size).toBe(2);
    expect(fills.has('#ffffff')).toBe(true);
    expect(svg).toContain('>gjennomført</text>');
    expect(svg).toContain('>planlagt</text>');
  });

  it('names months and the year in the language, and shows phases, milestones and lanes', () => {
    for (const s of [
      'jan',
      'mai',
      'okt',
      'des',
      '2025',
      'Forberedelse',
      'Datainnsamling &amp; analyse',
      'Midtveisnotat',
      'Elvedal brukere',
    ])
      expect(svg).toContain(`>${s}</text>`);
    const en = chartSvg(tl, 'en');
    for (const s of ['Jan', 'May', 'Oct', 'Dec', 'held', 'planned']) expect(en).toContain(`>${s}</text>`);
    expect(balanced(svg)).toBe(true);
    expect(balanced(en)).toBe(true);
  });

  it('draws an empty time line', () => {
    const empty = chartSvg({ kind: 'timeline', from: '2025-03-01', to: '2025-04-15', lanes: [] }, 'en');
    expect(balanced(empty)).toBe(true);
    expect(empty).toContain('>Mar</text>');
    expect(empty).not.toContain('<circle');
  });
});

describe('PNG', () => {
  it('renders the SVG at the width asked for, height in proportion', async () => {
    const svg = chartSvg(tl, 'nb');
    const png = await svgToPng(svg, 1280);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const size = pngSize(png);
    expect(size.width).toBe(1280);
    expect(Math.abs(size.height - svgHeight(svg) * 2)).toBeLessThanOrEqual(1);
  });

  it('refuses what is not a PNG', () => {
    expect(() => pngSize(Buffer.from('<svg/>'))).toThrow();
  });
});
