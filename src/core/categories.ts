// Participant categories: the built-in ones with bokmål and English labels, plus a project's own.
import type { Lang, Manifest } from './model.js';

export const BUILTIN_CATEGORIES: Record<string, Record<Lang, string>> = {
  'service-user': { nb: 'tjenestebruker', en: 'service user' },
  'user-representative': { nb: 'brukerrepresentant', en: 'user representative' },
  staff: { nb: 'ansatt', en: 'staff' },
  relative: { nb: 'pårørende', en: 'relative' },
  other: { nb: 'annen', en: 'other' },
};

export function categoryIds(m: Manifest): Set<string> {
  return new Set([...Object.keys(BUILTIN_CATEGORIES), ...(m.categories ?? []).map((c) => c.id)]);
}

export function categoryLabel(m: Manifest, id: string, lang: Lang = m.language): string {
  const own = m.categories?.find((c) => c.id === id)?.label?.[lang];
  return own ?? BUILTIN_CATEGORIES[id]?.[lang] ?? id;
}

const BUILTIN_PLURALS: Record<string, Record<Lang, string>> = {
  'service-user': { nb: 'tjenestebrukere', en: 'service users' },
  'user-representative': { nb: 'brukerrepresentanter', en: 'user representatives' },
  staff: { nb: 'ansatte', en: 'staff' },
  relative: { nb: 'pårørende', en: 'relatives' },
  other: { nb: 'andre', en: 'others' },
};

/** The plural where fokus knows it, else the label as it is. */
export function categoryPlural(m: Manifest, id: string, lang: Lang = m.language): string {
  const own = m.categories?.find((c) => c.id === id)?.label?.[lang];
  return own ?? BUILTIN_PLURALS[id]?.[lang] ?? id;
}

/** "1 ansatt", "3 ansatte". */
export function categoryCount(m: Manifest, id: string, n: number, lang: Lang = m.language): string {
  return `${n} ${n === 1 ? categoryLabel(m, id, lang) : categoryPlural(m, id, lang)}`;
}
