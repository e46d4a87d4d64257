// Charts as standalone SVG: one string that works inline in HTML and as an image in Word (and
// through resvg as PNG), so every style is an attribute: no CSS, scripts or external resources.
// Text is measured by estimate (no font metrics here), sized for Liberation Sans, the widest of the
// fonts asked for, so Calibri and Carlito only ever leave more room.
import type { Lang } from '../core/model.js';
import type { BarChart, Chart, TimelineChart } from './model.js';
import { formatNumber } from '../core/wording.js';
import { escapeXml } from '../writers/xml.js';

/** A4 text width at 96 dpi, near enough. */
const WIDTH = 640;
const PAD = 10;
const FONT = `Calibri, Carlito, 'Liberation Sans', Arial, sans-serif`;
const INK = '#222222';
const MUTED = '#555555';
const GRID = '#dddddd';
const AXIS = '#888888';

/** Okabe–Ito (without black, too heavy for a bar), then more colours far from those; cycled. */
const PALETTE = [
  '#e69f00',
  '#56b4e9',
  '#009e73',
  '#f0e442',
  '#0072b2',
  '#d55e00',
  '#cc79a7',
  '#666666',
  '#882255',
  '#332288',
  '#999933',
  '#aaaaaa',
];
const colour = (i: number): string => PALETTE[i % PALETTE.length]!;

const W = {
  nb: {
    bars: 'Stolpediagram',
    stacked: 'Stablet stolpediagram',
    timeline: 'Tidslinje',
    empty: 'Ingen data',
    held: 'gjennomført',
    planned: 'planlagt',
    months: ['jan', 'feb', 'mar', 'apr', 'mai', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'des'],
  },
  en: {
    bars: 'Bar chart',
    stacked: 'Stacked bar chart',
    timeline: 'Timeline',
    empty: 'No data',
    held: 'held',
    planned: 'planned',
    months: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  },
};

export function chartSvg(chart: Chart, lang: Lang): string {
  return renderChart(chart, lang).svg;
}

/** The SVG with its size in pixels, for writers that place it (Word). */
export function renderChart(chart: Chart, lang: Lang): { svg: string; width: number; height: number } {
  const { body, height, title } = chart.kind === 'bars' ? bars(chart, lang) : timeline(chart, lang);
  const h = Math.ceil(height);
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${h}" viewBox="0 0 ${WIDTH} ${h}" role="img" font-family="${esc(FONT)}" font-size="12" fill="${INK}">`,
    `<title>${esc(title)}</title>`,
    // Word and dark-mode pages would otherwise show the text on whatever is behind it.
    `<rect width="${WIDTH}" height="${h}" fill="#ffffff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
  return { svg, width: WIDTH, height: h };
}

// ---- text ----

/** Escapes for XML text and double-quoted attributes (labels are single lines: no line breaks to keep). */
function esc(s: string): string {
  return escapeXml(s).replace(/"/g, '&quot;');
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** Rough advance widths as a share of the font size (Arial metrics). */
function textWidth(s: string, size: number): number {
  let w = 0;
  for (const ch of s) {
    if ("iljI.,:;'|!".includes(ch)) w += 0.25;
    else if ('ftr()[]-/ '.includes(ch)) w += 0.31;
    else if ('mMW%æÆ…'.includes(ch)) w += 0.9;
    else if ('wØ'.includes(ch)) w += 0.75;
    else if (ch >= '0' && ch <= '9') w += 0.56;
    else if (ch !== ch.toLowerCase()) w += 0.69;
    else w += 0.54;
  }
  return w * size;
}

/** At most `max` characters, the last one an ellipsis when cut. */
function clip(s: string, max: number): string {
  const chars = [...s];
  return chars.length > max
    ? `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`
    : s;
}

/** Cut with an ellipsis until it fits `px`. */
function fit(s: string, size: number, px: number): string {
  if (textWidth(s, size) <= px) return s;
  let chars = [...s];
  while (chars.length > 1 && textWidth(`${chars.join('').trimEnd()}…`, size) > px) chars = chars.slice(0, -1);
  return `${chars.join('').trimEnd()}…`;
}

/** Words onto lines of at most `px`, at most `max` lines (the last cut with an ellipsis). */
function wrap(s: string, size: number, px: number, max: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const word of s.split(' ')) {
    const next = cur ? `${cur} ${word}` : word;
    if (!cur || textWidth(next, size) <= px) cur = next;
    else {
      lines.push(cur);
      cur = word;
    }
  }
  if (cur) lines.push(cur);
  const kept = lines.slice(0, max);
  if (lines.length > max) kept[max - 1] = `${kept[max - 1]} ${lines.slice(max).join(' ')}`;
  return kept.map((l) => fit(l, size, px));
}

const num = (n: number): string => String(Math.round(n * 10) / 10);

interface TextOpts {
  size?: number;
  anchor?: 'start' | 'middle' | 'end';
  fill?: string;
  weight?: 'bold';
}

/** `y` is the baseline: dominant-baseline is not honoured everywhere (Word, older renderers). */
function text(x: number, y: number, s: string, o: TextOpts = {}): string {
  const attrs = [`x="${num(x)}"`, `y="${num(y)}"`];
  if (o.anchor && o.anchor !== 'start') attrs.push(`text-anchor="${o.anchor}"`);
  if (o.size && o.size !== 12) attrs.push(`font-size="${o.size}"`);
  if (o.fill && o.fill !== INK) attrs.push(`fill="${o.fill}"`);
  if (o.weight) attrs.push(`font-weight="${o.weight}"`);
  return `<text ${attrs.join(' ')}>${esc(s)}</text>`;
}

/** Baseline that centres a line of text of `size` on `y`. */
const mid = (y: number, size: number): number => y + size * 0.35;

function line(x1: number, y1: number, x2: number, y2: number, stroke: string, extra = ''): string {
  return `<line x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke="${stroke}"${extra}/>`;
}

/** Black or white, whichever reads better on `hex` (WCAG contrast). */
function textOn(hex: string): string {
  const c = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  const l = 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}

// ---- bars ----

const LABEL_SIZE = 12;
const SMALL = 11;
const MAX_LABEL_CHARS = 34;

/** Legend rows of swatch + name, wrapped to the width; returns the SVG and the height used. */
function legend(names: string[], top: number): { svg: string[]; height: number } {
  const svg: string[] = [];
  const rowH = 18;
  let x = PAD;
  let y = top;
  names.forEach((raw, i) => {
    const name = fit(oneLine(raw), LABEL_SIZE, WIDTH - 2 * PAD - 16);
    const w = 15 + textWidth(name, LABEL_SIZE);
    if (x > PAD && x + w > WIDTH - PAD) {
      x = PAD;
      y += rowH;
    }
    svg.push(`<rect x="${num(x)}" y="${num(y + 3)}" width="11" height="11" rx="2" fill="${colour(i)}"/>`);
    svg.push(text(x + 15, mid(y + 8.5, LABEL_SIZE), name));
    x += w + 16;
  });
  return { svg, height: names.length ? y - top + rowH : 0 };
}

/** Round ticks from 0 to at least `max`, as near five steps as round numbers allow; whole for counts. */
function scale(max: number, whole: boolean): number[] {
  if (!(max > 0)) return [0, 1];
  const k = Math.floor(Math.log10(max));
  let best = { step: 10 ** (k + 1), n: 1 };
  for (const mag of [10 ** (k - 2), 10 ** (k - 1), 10 ** k])
    for (const m of [1, 2, 2.5, 5]) {
      const step = m * mag;
      // 0.25 would print as 0,3: formatNumber keeps one decimal.
      if ((m === 2.5 && mag < 1) || (whole && !Number.isInteger(Math.round(step * 1e9) / 1e9))) continue;
      const n = Math.ceil(max / step - 1e-9);
      if (n > 8) continue;
      // Nearest to five; on a tie the finer grid, easier to read values off.
      if (Math.abs(n - 5) < Math.abs(best.n - 5) || (Math.abs(n - 5) === Math.abs(best.n - 5) && n > best.n)) best = { step, n };
    }
  return Array.from({ length: best.n + 1 }, (_, i) => Math.round(i * best.step * 1e6) / 1e6);
}

function bars(c: BarChart, lang: Lang): { body: string[]; height: number; title: string } {
  const w = W[lang];
  const unit = c.unit ?? '';
  const cats = c.categories.map((s) => clip(oneLine(s), MAX_LABEL_CHARS));
  const series = c.series;
  const val = (s: number, i: number): number => {
    const v = series[s]?.values[i];
    return v !== undefined && Number.isFinite(v) && v > 0 ? v : 0;
  };
  const kind = c.stacked ? w.stacked : w.bars;
  // The series go in the title too: with one series there is no legend to name it.
  const names = [c.categories, c.series.map((s) => s.name)].filter((l) => l.length).map((l) => l.map(oneLine).join(', '));
  const title = clip(`${kind}${c.axis ? `: ${oneLine(c.axis)}` : ''}${names.length ? ` (${names.join('; ')})` : ''}`, 400);
  const fmt = (v: number): string => `${formatNumber(v, lang)}${unit}`;

  const body: string[] = [];
  let y = PAD;
  if (series.length > 1) {
    const l = legend(
      series.map((s) => s.name),
      y,
    );
    body.push(...l.svg);
    y += l.height + 8;
  }
  if (!cats.length) {
    body.push(text(WIDTH / 2, mid(y + 12, LABEL_SIZE), w.empty, { anchor: 'middle', fill: MUTED }));
    return { body, height: y + 24 + PAD, title };
  }

  const idx = cats.map((_, i) => i);
  const sIdx = series.map((_, s) => s);
  const values = idx.flatMap((i) => sIdx.map((s) => val(s, i)));
  const whole = values.every((v) => Number.isInteger(v));
  const shares = c.stacked && unit === '%';
  const max = c.stacked ? Math.max(0, ...idx.map((i) => sIdx.reduce((a, s) => a + val(s, i), 0))) : Math.max(0, ...values);
  const ticks = shares ? [0, 20, 40, 60, 80, 100] : scale(max, whole);
  const top = ticks[ticks.length - 1]!;

  const labelW = Math.max(...cats.map((s) => textWidth(s, LABEL_SIZE))) + 10;
  const lastTick = textWidth(fmt(top), SMALL) / 2 + 2;
  const valueW = c.stacked ? 0 : Math.max(0, ...values.map((v) => textWidth(fmt(v), SMALL))) + 6;
  const x0 = PAD + labelW;
  const x1 = WIDTH - PAD - Math.max(lastTick, valueW);
  const xOf = (v: number): number => x0 + (Math.min(v, top) / top) * (x1 - x0);

  const nS = Math.max(1, series.length);
  const barH = c.stacked ? 20 : nS === 1 ? 18 : nS <= 3 ? 13 : nS <= 5 ? 11 : 9;
  const gap = 2;
  const rowPad = c.stacked || nS === 1 ? 5 : 7;
  const rowH = c.stacked ? barH + 2 * rowPad : nS * barH + (nS - 1) * gap + 2 * rowPad;
  const plotTop = y;
  const plotBottom = plotTop + rowH * cats.length;

  // Grid first, so bars lie on it.
  for (const t of ticks) body.push(line(xOf(t), plotTop, xOf(t), plotBottom, t === 0 ? AXIS : GRID));
  if (!c.stacked && series.length > 1)
    for (let i = 1; i < cats.length; i++) body.push(line(PAD, plotTop + i * rowH, x1, plotTop + i * rowH, '#eeeeee'));

  cats.forEach((cat, i) => {
    const rowY = plotTop + i * rowH;
    body.push(text(x0 - 8, mid(rowY + rowH / 2, LABEL_SIZE), cat, { anchor: 'end' }));
    if (c.stacked) {
      let acc = 0;
      sIdx.forEach((s) => {
        const v = val(s, i);
        if (!v) return;
        const a = xOf(acc);
        acc += v;
        const b = xOf(acc);
        const by = rowY + rowPad;
        // The white outline keeps neighbouring segments apart, even in similar colours.
        body.push(
          `<rect x="${num(a)}" y="${num(by)}" width="${num(b - a)}" height="${barH}" fill="${colour(s)}" stroke="#ffffff" stroke-width="0.75"/>`,
        );
        const label = fmt(v);
        if (textWidth(label, SMALL) + 6 <= b - a)
          body.push(text((a + b) / 2, mid(by + barH / 2, SMALL), label, { anchor: 'middle', size: SMALL, fill: textOn(colour(s)) }));
      });
    } else {
      sIdx.forEach((s) => {
        const v = val(s, i);
        if (!v) return;
        const by = rowY + rowPad + s * (barH + gap);
        const b = xOf(v);
        body.push(`<rect x="${num(x0)}" y="${num(by)}" width="${num(b - x0)}" height="${barH}" fill="${colour(s)}"/>`);
        body.push(text(b + 4, mid(by + barH / 2, SMALL), fmt(v), { size: SMALL, fill: MUTED }));
      });
    }
  });

  y = plotBottom + 4;
  for (const t of ticks) body.push(text(xOf(t), y + SMALL, fmt(t), { anchor: 'middle', size: SMALL, fill: MUTED }));
  y += SMALL + 4;
  if (c.axis) {
    body.push(text((x0 + x1) / 2, y + LABEL_SIZE + 2, fit(oneLine(c.axis), LABEL_SIZE, WIDTH - 2 * PAD), { anchor: 'middle' }));
    y += LABEL_SIZE + 6;
  }
  return { body, height: y + PAD, title };
}

// ---- timeline ----

const DAY = 86_400_000;

/** ISO date to UTC milliseconds; NaN when it is not a date. */
const time = (s: string): number => Date.parse(s);

interface Slot {
  row: number;
  from: number;
  to: number;
}

/**
 * The first row where [from, to] clears every label already there and every line running down
 * through it from a label above; with `own`, the label's own line (down from it) cuts no label below.
 */
function freeRow(placed: Slot[], from: number, to: number, lines: { x: number; row: number }[] = [], own?: number): number {
  for (let row = 0; ; row++) {
    const clash =
      placed.some((p) => p.row === row && from < p.to + 6 && to > p.from - 6) ||
      lines.some((l) => l.row < row && l.x > from - 3 && l.x < to + 3) ||
      (own !== undefined && placed.some((p) => p.row > row && own > p.from - 3 && own < p.to + 3));
    if (!clash) return row;
  }
}

function timeline(c: TimelineChart, lang: Lang): { body: string[]; height: number; title: string } {
  const w = W[lang];
  const all = [...c.lanes.flatMap((l) => l.events.map((e) => e.date)), ...(c.markers ?? []).map((m) => m.date)]
    .map(time)
    .filter(Number.isFinite);
  let t0 = time(c.from);
  // `to` is the last day shown, so the axis runs to its end.
  let t1 = time(c.to) + (/^\d{4}-\d{2}-\d{2}$/.test(c.to.trim()) ? DAY : 0);
  if (!Number.isFinite(t0)) t0 = all.length ? Math.min(...all) : Date.UTC(2000, 0, 1);
  if (!Number.isFinite(t1)) t1 = all.length ? Math.max(...all) + DAY : t0 + 30 * DAY;
  if (t1 <= t0) t1 = t0 + 30 * DAY;
  const title = `${w.timeline}: ${c.lanes.map((l) => oneLine(l.name)).join(', ')} (${c.from} – ${c.to})`;

  const lanes = c.lanes.map((l) => clip(oneLine(l.name), MAX_LABEL_CHARS));
  const labelW = lanes.length ? Math.max(...lanes.map((s) => textWidth(s, LABEL_SIZE))) + 16 : 16;
  const x0 = PAD + labelW;
  const x1 = WIDTH - PAD - 6;
  const xOf = (t: number): number => x0 + ((Math.min(Math.max(t, t0), t1) - t0) / (t1 - t0)) * (x1 - x0);

  const body: string[] = [];
  const top = PAD;

  // Phase labels wrapped to their band; one still too wide for it moves to a tier below.
  const spans = (c.spans ?? [])
    .map((s) => ({
      a: xOf(time(s.from)),
      b: xOf(time(s.to) + (/^\d{4}-\d{2}-\d{2}$/.test(s.to.trim()) ? DAY : 0)),
      label: oneLine(s.label),
    }))
    .filter((s) => Number.isFinite(s.a) && Number.isFinite(s.b) && s.b - s.a >= 1);
  const spanSlots: (Slot & { x: number; anchor: 'start' | 'middle' | 'end'; lines: string[] })[] = [];
  for (const s of spans) {
    // Two lines inside the band if the words allow it; else one line, free to run past the band.
    const inBand = wrap(s.label, SMALL, s.b - s.a - 6, 2);
    const lines = inBand.join(' ') === s.label ? inBand : [fit(s.label, SMALL, x1 - x0)];
    const tw = Math.max(...lines.map((l) => textWidth(l, SMALL)));
    let from: number;
    let anchor: 'start' | 'middle' | 'end';
    let x: number;
    if (tw <= s.b - s.a - 6) [from, anchor, x] = [(s.a + s.b - tw) / 2, 'middle', (s.a + s.b) / 2];
    else if (s.a + 3 + tw <= x1) [from, anchor, x] = [s.a + 3, 'start', s.a + 3];
    else [from, anchor, x] = [x1 - tw, 'end', x1];
    spanSlots.push({ row: freeRow(spanSlots, from, from + tw), from, to: from + tw, x, anchor, lines });
  }
  const rowH = 14;
  // Tiers are as tall as their most-wrapped label.
  const tierTop: number[] = [top + 2];
  const tiers = spanSlots.length ? Math.max(...spanSlots.map((s) => s.row)) + 1 : 0;
  for (let r = 0; r < tiers; r++)
    tierTop.push(tierTop[r]! + rowH * Math.max(0, ...spanSlots.filter((s) => s.row === r).map((s) => s.lines.length)) + 2);
  const markTop = tiers ? tierTop[tiers]! + 2 : top;

  // Milestone labels beside their lines; a label never sits across another milestone's line.
  const markers = (c.markers ?? [])
    .map((m) => ({ t: time(m.date), label: fit(oneLine(m.label), SMALL, (x1 - x0) / 2) }))
    .filter((m) => Number.isFinite(m.t))
    .sort((a, b) => a.t - b.t);
  const markSlots: (Slot & { x: number; anchor: 'start' | 'end'; label: string })[] = [];
  const markLines: { x: number; row: number }[] = [];
  for (const m of markers) {
    const x = xOf(m.t);
    const tw = textWidth(m.label, SMALL);
    const anchor = x + 4 + tw <= x1 ? 'start' : 'end';
    const from = anchor === 'start' ? x + 4 : x - 4 - tw;
    const row = freeRow(markSlots, from, from + tw, markLines, x);
    markSlots.push({ row, from, to: from + tw, x, anchor, label: m.label });
    markLines.push({ x, row });
  }
  const markRows = markSlots.length ? Math.max(...markSlots.map((s) => s.row)) + 1 : 0;

  const laneH = 36;
  const lanesTop = markTop + markRows * rowH + 12;
  const axisY = lanesTop + Math.max(1, lanes.length) * laneH;

  // Phase bands behind everything, two alternating tints so neighbours stay apart.
  spans.forEach((s, i) => {
    body.push(
      `<rect x="${num(s.a)}" y="${num(top)}" width="${num(s.b - s.a)}" height="${num(axisY - top)}" fill="${i % 2 ? '#f4eedf' : '#e6eef6'}"/>`,
    );
  });

  // Month ticks; labels every month when there is room, else every 2, 3, 6 or 12 months.
  const monthPx = ((x1 - x0) * 30.44 * DAY) / (t1 - t0);
  const step = [1, 2, 3, 6, 12].find((k) => monthPx * k >= 30) ?? 12;
  const start = new Date(t0);
  let y = start.getUTCFullYear();
  let m = start.getUTCMonth();
  let first = true;
  const ticks: string[] = [];
  for (;;) {
    const a = Date.UTC(y, m, 1);
    if (a >= t1) break;
    const b = Date.UTC(y, m + 1, 1);
    if (a >= t0) {
      const x = xOf(a);
      if (m % step === 0) body.push(line(x, lanesTop - 6, x, axisY, GRID));
      ticks.push(line(x, axisY, x, axisY + 4, AXIS));
    }
    const [ca, cb] = [xOf(Math.max(a, t0)), xOf(Math.min(b, t1))];
    const label = w.months[m]!;
    if (m % step === 0 && (step > 1 || textWidth(label, SMALL) <= cb - ca + 2)) {
      const x = step > 1 ? Math.min(Math.max(xOf(a), x0 + 12), x1 - 12) : (ca + cb) / 2;
      ticks.push(text(x, axisY + 4 + SMALL, label, { anchor: 'middle', size: SMALL, fill: MUTED }));
      if (m === 0 || first) ticks.push(text(x, axisY + 6 + 2 * SMALL, String(y), { anchor: 'middle', size: SMALL, fill: MUTED }));
      first = false;
    }
    m++;
    if (m === 12) [y, m] = [y + 1, 0];
  }

  for (const s of spanSlots)
    s.lines.forEach((l, i) =>
      body.push(text(s.x, tierTop[s.row]! + i * rowH + SMALL, l, { anchor: s.anchor, size: SMALL, fill: '#444444' })),
    );
  for (const s of markSlots) {
    const ly = markTop + s.row * rowH;
    body.push(line(s.x, ly + 2, s.x, axisY, '#444444', ' stroke-dasharray="4 3"'));
    body.push(text(s.anchor === 'start' ? s.x + 4 : s.x - 4, ly + SMALL, s.label, { anchor: s.anchor, size: SMALL, fill: INK }));
  }

  const hollow = c.lanes.some((l) => l.events.some((e) => !e.held));
  c.lanes.forEach((l, i) => {
    const cy = lanesTop + i * laneH + laneH / 2 + 4;
    const col = colour(i);
    body.push(text(x0 - 10, mid(cy, LABEL_SIZE), lanes[i]!, { anchor: 'end' }));
    body.push(line(x0, cy, x1, cy, '#bbbbbb'));
    const events = l.events
      .map((e) => ({ x: xOf(time(e.date)), label: oneLine(e.label), held: e.held }))
      .filter((e) => Number.isFinite(e.x))
      .sort((a, b) => a.x - b.x);
    // Labels go above; one that would run into its neighbour's drops below the circle, and one
    // with no room either side joins the label below (`2, 3`) rather than print over it.
    const above: { x: number; to: number; label: string }[] = [];
    const below: { x: number; to: number; label: string }[] = [];
    for (const e of events) {
      body.push(
        `<circle cx="${num(e.x)}" cy="${num(cy)}" r="5" fill="${e.held ? col : '#ffffff'}" stroke="${col}" stroke-width="${e.held ? 1 : 2}"/>`,
      );
      if (!e.label) continue;
      const half = textWidth(e.label, SMALL) / 2;
      const prevA = above[above.length - 1];
      const prevB = below[below.length - 1];
      if (!prevA || e.x - half > prevA.to + 3) above.push({ x: e.x, to: e.x + half, label: e.label });
      else if (!prevB || e.x - half > prevB.to + 3) below.push({ x: e.x, to: e.x + half, label: e.label });
      else {
        prevB.label = `${prevB.label}, ${e.label}`;
        prevB.to = prevB.x + textWidth(prevB.label, SMALL) / 2;
      }
    }
    for (const a of above) body.push(text(a.x, cy - 9, a.label, { anchor: 'middle', size: SMALL }));
    for (const b of below) body.push(text(b.x, cy + 7 + SMALL, b.label, { anchor: 'middle', size: SMALL }));
  });

  body.push(line(x0, axisY, x1, axisY, AXIS), ...ticks);
  let height = axisY + 8 + 2 * SMALL;
  if (hollow) {
    const ly = height + 12;
    const k = '#555555';
    body.push(`<circle cx="${num(x0 + 5)}" cy="${num(ly)}" r="5" fill="${k}" stroke="${k}" stroke-width="1"/>`);
    body.push(text(x0 + 15, mid(ly, SMALL), w.held, { size: SMALL, fill: MUTED }));
    const x2 = x0 + 15 + textWidth(w.held, SMALL) + 16;
    body.push(`<circle cx="${num(x2 + 5)}" cy="${num(ly)}" r="5" fill="#ffffff" stroke="${k}" stroke-width="2"/>`);
    body.push(text(x2 + 15, mid(ly, SMALL), w.planned, { size: SMALL, fill: MUTED }));
    height = ly + 6;
  }
  return { body, height: height + PAD, title };
}
