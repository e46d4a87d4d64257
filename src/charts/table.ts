// A chart's figures as a table: what Markdown shows instead of a picture, and what a reader who
// cannot see the picture is given.
import type { Lang } from '../core/model.js';
import { formatNumber } from '../core/wording.js';
import type { Chart } from './model.js';

const W = {
  nb: { lane: 'Gruppe', date: 'Dato', event: 'Samling', held: 'Holdt', yes: 'ja', no: 'nei' },
  en: { lane: 'Group', date: 'Date', event: 'Session', held: 'Held', yes: 'yes', no: 'no' },
};

export function chartTable(c: Chart, lang: Lang): { header: string[]; rows: string[][] } {
  const w = W[lang];
  if (c.kind === 'bars') {
    const unit = c.unit ?? '';
    return {
      header: ['', ...c.series.map((s) => s.name)],
      rows: c.categories.map((cat, i) => [cat, ...c.series.map((s) => `${formatNumber(s.values[i] ?? 0, lang)}${unit}`)]),
    };
  }
  return {
    header: [w.lane, w.event, w.date, w.held],
    rows: c.lanes.flatMap((l) => l.events.map((e) => [l.name, e.label, e.date, e.held ? w.yes : w.no])),
  };
}
