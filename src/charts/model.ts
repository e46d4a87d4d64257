// Charts as plain data: the report builder says what to show, each writer decides how (SVG in
// HTML, PNG and SVG in Word, a table of the figures in Markdown). Nothing here draws.

/** Horizontal bars: one row per category; one bar per series, or one stacked bar. */
export interface BarChart {
  kind: 'bars';
  /** Row labels, top to bottom (sessions, codes). */
  categories: string[];
  /** One entry per series; `values[i]` belongs to `categories[i]`. */
  series: { name: string; values: number[] }[];
  /** Stack the series into one bar per category (shares that add up). */
  stacked?: boolean;
  /** Shown after each value: `%` for shares; nothing for counts. */
  unit?: string;
  /** Axis label under the bars. */
  axis?: string;
}

/** Each group's sessions on one time line, with the project's phases and milestones behind them. */
export interface TimelineChart {
  kind: 'timeline';
  /** ISO dates bounding the axis. */
  from: string;
  to: string;
  lanes: { name: string; events: { date: string; label: string; held: boolean }[] }[];
  spans?: { from: string; to: string; label: string }[];
  markers?: { date: string; label: string }[];
}

export type Chart = BarChart | TimelineChart;
