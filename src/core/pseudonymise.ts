// Pseudonymisation: speakers' names become codes, names spoken in the talk are replaced, and
// the leak check finds any that remain. Everything here works on the key as plain data; only
// importers and the leak check are given a key.
import type { Identifier, Key } from './model.js';
import { escapeRegExp, wholeWords } from './text.js';

/** Labels compare without case, extra spaces or Unicode composition differences. */
export function normName(s: string): string {
  return s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Forms a recording tool may show for one person: as written, without a trailing
 * "(Guest)"/"(Fjordvik kommune)", and "Lind, Hanne" turned round to "Hanne Lind".
 */
export function labelForms(label: string): string[] {
  const forms = new Set<string>();
  const add = (s: string) => {
    const n = normName(s);
    if (n) forms.add(n);
  };
  add(label);
  const bare = label.replace(/\s*\([^)]*\)\s*$/, '');
  add(bare);
  const m = /^([^,]+),\s*([^,]+)$/.exec(bare.trim());
  if (m) add(`${m[2]} ${m[1]}`);
  return [...forms];
}

/** A display name as people write it: "Lind, Hanne (Gjest)" -> "Hanne Lind". */
export function naturalName(label: string): string {
  const bare = label.replace(/\s*\([^)]*\)\s*$/, '').trim();
  const m = /^([^,]+),\s*([^,]+)$/.exec(bare);
  return (m ? `${m[2]} ${m[1]}` : bare).replace(/\s+/g, ' ').trim();
}

/** Labels a diariser or tool gives per file ("SPEAKER_00", "Speaker 2"): never stored in the key. */
export function isGenericLabel(label: string): boolean {
  return /^(speaker|spk|deltaker|taler|person|guest|gjest|unknown|ukjent|participant|stemme|voice)[ _-]?\d*$/i.test(label.trim());
}

/** Name -> code for every name and alias in the key. */
export function keyIndex(key: Key): Map<string, string> {
  const index = new Map<string, string>();
  for (const p of key.people) {
    for (const n of [p.name, ...(p.aliases ?? [])]) {
      for (const f of labelForms(n)) if (!index.has(f)) index.set(f, p.code);
    }
  }
  return index;
}

/**
 * The code for a speaker label: a code written as the label itself (`P3`, `M1`, `?`), an
 * explicit mapping, or a name or alias in the key. Undefined when nobody knows.
 */
export function resolveLabel(
  label: string,
  codes: ReadonlySet<string>,
  maps: ReadonlyMap<string, string>,
  index: ReadonlyMap<string, string>,
): string | undefined {
  const trimmed = label.trim();
  if (trimmed === '?') return '?';
  for (const c of codes) if (c.toLowerCase() === trimmed.toLowerCase()) return c;
  for (const f of labelForms(label)) {
    const m = maps.get(f);
    if (m !== undefined) return m;
  }
  for (const f of labelForms(label)) {
    const k = index.get(f);
    if (k !== undefined) return k;
  }
  return undefined;
}

interface NamePattern {
  /** Whose name this is: one code, or several when people share it (then it is only flagged). */
  codes: string[];
  /** Normalised (lower-case) form the match is looked up by. */
  norm: string;
  /** A one-word name of letters matches only when written with a capital letter. */
  single: boolean;
}

/** Names and aliases, and the first names within them; a name two people share stays ambiguous. */
export function namePatterns(key: Key): NamePattern[] {
  const seen = new Map<string, NamePattern>();
  const add = (text: string, codes: Iterable<string>) => {
    const norm = normName(text);
    if (!norm) return;
    // Only a one-word name of letters needs its capital to match (`Per`, not `per uke`); an
    // e-mail address or handle matches however it is written.
    const p = seen.get(norm) ?? { codes: [], norm, single: /^[\p{L}'’-]+$/u.test(norm) };
    for (const c of codes) if (!p.codes.includes(c)) p.codes.push(c);
    seen.set(norm, p);
  };
  for (const p of key.people) for (const n of [p.name, ...(p.aliases ?? [])]) for (const f of labelForms(n)) add(f, [p.code]);
  // First names, from the name and from every alias of more than one word.
  const firstNames = new Map<string, Set<string>>();
  for (const p of key.people) {
    for (const n of [p.name, ...(p.aliases ?? [])]) {
      const parts = naturalName(n).split(' ');
      if (parts.length < 2) continue;
      const first = normName(parts[0]!);
      if (!firstNames.has(first)) firstNames.set(first, new Set());
      firstNames.get(first)!.add(p.code);
    }
  }
  for (const [first, codes] of firstNames) add(first, codes);
  return [...seen.values()];
}

export interface Found {
  codes: string[];
  index: number;
  length: number;
  suffix: string;
}

/** One regex over all names, longest first, as whole words with an optional genitive s. */
function compile(patterns: NamePattern[]): RegExp | undefined {
  if (!patterns.length) return undefined;
  const alts = [...patterns].sort((a, b) => b.norm.length - a.norm.length).map((p) => escapeRegExp(p.norm).replace(/\\?\s+/g, '\\s+'));
  return new RegExp(`(?<![\\p{L}\\p{N}_])(${alts.join('|')})(s|'s|’s|'|’)?(?![\\p{L}\\p{N}_])`, 'giu');
}

export interface NameFinder {
  find: (text: string) => Found[];
}

export function nameFinder(key: Key): NameFinder {
  const patterns = namePatterns(key);
  const byNorm = new Map(patterns.map((p) => [p.norm, p]));
  const re = compile(patterns);
  return {
    find(text) {
      if (!re) return [];
      const out: Found[] = [];
      for (const m of text.matchAll(re)) {
        const name = m[1]!;
        const p = byNorm.get(normName(name));
        if (!p) continue;
        if (p.single && !/^\p{Lu}/u.test(name)) continue;
        out.push({ codes: p.codes, index: m.index!, length: m[0].length, suffix: m[2] ?? '' });
      }
      return out;
    },
  };
}

export interface Replaced {
  text: string;
  /** Replacements made, by code (names) or by the replacement text (identifiers). */
  counts: Map<string, number>;
}

/**
 * Replaces every name in the key with its code (keeping a genitive s) and replaceable
 * identifiers. A name two people share is left for a person to resolve (findLeaks flags it).
 */
export function replaceNames(text: string, finder: NameFinder, identifiers: readonly Identifier[] = []): Replaced {
  const counts = new Map<string, number>();
  const bump = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  let out = '';
  let last = 0;
  for (const f of finder.find(text)) {
    if (f.codes.length !== 1) continue;
    const code = f.codes[0]!;
    out += text.slice(last, f.index) + code + genitive(text.slice(f.index, f.index + f.length - f.suffix.length), f.suffix);
    last = f.index + f.length;
    bump(code);
  }
  out += text.slice(last);
  for (const id of identifiers) {
    if (id.replace === undefined) continue;
    out = out.replace(new RegExp(wholeWords(id.text), 'giu'), () => {
      bump(id.replace!);
      return id.replace!;
    });
  }
  return { text: out, counts };
}

/** `Karis`/`Kari's` -> `P1s`; `Nils'` -> `P3s`; a quote mark after another name stays a quote mark. */
function genitive(name: string, suffix: string): string {
  if (!suffix) return '';
  if (suffix === "'" || suffix === '’') return /[sxz]$/i.test(name) ? 's' : suffix;
  return 's';
}

export interface Leak {
  kind: 'name' | 'shared-name' | 'identifier';
  /** Whose name: never the name itself, so reports can be shown, logged or pasted. */
  codes: string[];
  index: number;
  length: number;
}

/** Names, aliases, first names and listed identifiers still present in a text. */
export function findLeaks(text: string, finder: NameFinder, identifiers: readonly Identifier[]): Leak[] {
  const leaks: Leak[] = finder
    .find(text)
    .map((f) => ({ kind: f.codes.length > 1 ? 'shared-name' : 'name', codes: f.codes, index: f.index, length: f.length }));
  for (const id of identifiers) {
    for (const m of text.matchAll(new RegExp(wholeWords(id.text), 'giu')))
      leaks.push({ kind: 'identifier', codes: [], index: m.index!, length: m[0].length });
  }
  return leaks.sort((a, b) => a.index - b.index);
}

/** What a leak is, in words that never repeat the name. */
export function describeLeak(l: Leak): string {
  if (l.kind === 'identifier') return 'a word listed as identifying in key.yaml';
  if (l.kind === 'shared-name') return `a name shared by ${l.codes.join(' and ')} (from key.yaml)`;
  return `${l.codes[0]}'s name (from key.yaml)`;
}
