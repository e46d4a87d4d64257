// How fokus writes numbers, dates and lists in running text, in bokmål and English: shared by the
// session pack, the report, the checklist and the charts so they never disagree.
import type { Lang } from './model.js';

const MONTHS = {
  nb: ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** `3. juni 2025`, `3 June 2025`. */
export function longDate(iso: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const day = Number(m[3]);
  const month = MONTHS[lang][Number(m[2]) - 1]!;
  return lang === 'nb' ? `${day}. ${month} ${m[1]}` : `${day} ${month} ${m[1]}`;
}

/** Numbers as the language writes them: `12,5` in Norwegian, at most one decimal. */
export function formatNumber(n: number, lang: Lang): string {
  const s = Number.isInteger(n) ? String(n) : n.toFixed(1);
  return lang === 'nb' ? s.replace('.', ',') : s;
}

/** `a, b og c`, `a, b and c`. */
export function listOf(items: readonly string[], lang: Lang): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${lang === 'nb' ? 'og' : 'and'} ${items.at(-1)}`;
}

export const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
