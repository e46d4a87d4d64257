// Pseudonymisation: speakers' names become codes, names spoken in the talk are replaced, and the
// leak check finds any that remain. Everything here works on the key as plain data; only
// importers and the leak check are given a key.
import { UNKNOWN_SPEAKER, type Identifier, type Key } from './model.js';
import { escapeRegExp, normName, wholeWords } from './text.js';

export { normName };

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

// Labels that name a role or a numbered seat, not a person: nothing for the key to learn.
const ROLE_WORDS =
  /^(q|a|i|r|spørsmål|svar|question|answer|moderator|møteleder|ordstyrer|samtaleleder|referent|tolk|interpreter|interviewer|intervjuer|facilitator|fasilitator|host|vert|researcher|forsker|observer|observatør|automation|system|admin|committee|komité|board|styret|member|medlem|respondent|informant|all|alle|several|flere|group|gruppe|audience|publikum|narrator|forteller|transcriber|transkribent)$/i;

/** Whether a speaker label is a person's name (then the key keeps it and the talk loses it). */
export function isPersonName(label: string): boolean {
  const name = personName(label);
  if (label === UNKNOWN_SPEAKER || isGenericLabel(label) || isGenericLabel(name) || /\d/.test(name)) return false;
  const words = name.split(/\s+/);
  return words.length > 0 && !words.every((w) => ROLE_WORDS.test(w));
}

/** The name in a label, without a courtesy title: "Mr. Dahl" is Dahl to the key. */
export function personName(label: string): string {
  return naturalName(label).replace(/^(mr|mrs|ms|miss|mx|dr|prof|hr|fru|frk)\.?\s+(?=\S)/i, '');
}

/** Name -> code for every name and alias in the key (`?` for voices nobody could name). */
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
  if (trimmed === UNKNOWN_SPEAKER) return UNKNOWN_SPEAKER;
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

type NameKind = 'name' | 'first' | 'surname';

interface NamePattern {
  /** Whose name this is: one code, or several when people share it (then it is only flagged). */
  codes: string[];
  /** Normalised (lower-case) form the match is looked up by. */
  norm: string;
  /** A one-word name of letters matches only when written with a capital letter. */
  single: boolean;
  /** Surnames alone are too often ordinary words (Vik, Strand, Lie) to replace: they are flagged. */
  kinds: Set<NameKind>;
}

/** Names and aliases, the first names and surnames within them; a name two people share stays ambiguous. */
export function namePatterns(key: Key): NamePattern[] {
  const seen = new Map<string, NamePattern>();
  const add = (text: string, codes: Iterable<string>, kind: NameKind) => {
    const norm = normName(text);
    if (!norm) return;
    // Only a one-word name of letters needs its capital to match (`Per`, not `per uke`); an
    // e-mail address or handle matches however it is written.
    const p = seen.get(norm) ?? { codes: [], norm, single: /^[\p{L}'’-]+$/u.test(norm), kinds: new Set<NameKind>() };
    for (const c of codes) if (!p.codes.includes(c)) p.codes.push(c);
    p.kinds.add(kind);
    seen.set(norm, p);
  };
  for (const p of key.people) for (const n of [p.name, ...(p.aliases ?? [])]) for (const f of labelForms(n)) add(f, [p.code], 'name');
  // First names and surnames, from the name and from every alias of more than one word.
  const parts = new Map<string, { codes: Set<string>; kind: NameKind }>();
  for (const p of key.people) {
    for (const n of [p.name, ...(p.aliases ?? [])]) {
      const words = naturalName(n).split(' ');
      if (words.length < 2) continue;
      for (const [word, kind] of [
        [words[0]!, 'first'],
        [words[words.length - 1]!, 'surname'],
      ] as const) {
        const k = `${kind}:${normName(word)}`;
        if (!parts.has(k)) parts.set(k, { codes: new Set(), kind });
        parts.get(k)!.codes.add(p.code);
      }
    }
  }
  for (const [k, v] of parts) add(k.slice(k.indexOf(':') + 1), v.codes, v.kind);
  return [...seen.values()];
}

export interface Found {
  codes: string[];
  /** Replaceable: one person's name, first name or alias (not a shared name, not a surname alone). */
  replaceable: boolean;
  surname: boolean;
  index: number;
  length: number;
  suffix: string;
}

/** A name found in a text: where, the words as written, and a genitive ending after them. */
interface NameMatch {
  index: number;
  length: number;
  name: string;
  suffix: string;
}

/**
 * Finds names as whole words (any case, any white space between their words) with an optional
 * genitive s, the longest name first where several start at one place: what one regex of all the
 * names as alternatives finds, without trying every name at every word. That regex made the leak
 * check grow with people times text (a study of 3,500 participants took 20 minutes to validate):
 * here a word is looked up, and only the names that begin with it are tried.
 */
export function nameMatcher(norms: readonly string[]): ((text: string) => NameMatch[]) | undefined {
  if (!norms.length) return undefined;
  // By the name's first word; a name that starts with something else (`@kari`) by that character.
  const byStart = new Map<string, { norm: string; re?: RegExp }[]>();
  for (const norm of [...new Set(norms)].sort((a, b) => b.length - a.length)) {
    const key = FIRST_WORD.exec(norm)?.[0] ?? norm.slice(0, 1);
    let list = byStart.get(key);
    if (!list) byStart.set(key, (list = []));
    list.push({ norm });
  }
  const tryAt = (text: string, i: number, list: { norm: string; re?: RegExp }[]): NameMatch | undefined => {
    for (const c of list) {
      c.re ??= new RegExp(`(${escapeRegExp(c.norm).replace(/\\?\s+/g, '\\s+')})(s|'s|’s|'|’)?(?![\\p{L}\\p{N}_])`, 'yiu');
      c.re.lastIndex = i;
      const m = c.re.exec(text);
      if (m) return { index: i, length: m[0].length, name: m[1]!, suffix: m[2] ?? '' };
    }
    return undefined;
  };
  return (text) => {
    const out: NameMatch[] = [];
    for (let i = 0; i < text.length; i++) {
      if (i > 0 && isWordChar(text, i - 1)) continue;
      WORD.lastIndex = i;
      const raw = WORD.exec(text)?.[0];
      const word = raw?.toLowerCase();
      let list = byStart.get(word ?? text[i]!.toLowerCase()) ?? [];
      // `Karis`: the word with its genitive s is tried as `kari` too.
      const bare = word?.endsWith('s') ? byStart.get(word.slice(0, -1)) : undefined;
      if (bare) list = [...list, ...bare].sort((x, y) => y.norm.length - x.norm.length);
      const found = list.length ? tryAt(text, i, list) : undefined;
      if (found) {
        out.push(found);
        i += found.length - 1;
      } else if (raw) i += raw.length - 1; // the rest of a word is not the start of one
    }
    return out;
  };
}

const FIRST_WORD = /^[\p{L}\p{N}_]+/u;
const WORD = /[\p{L}\p{N}_]+/uy;
const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** Whether the character ending at `i` (a whole code point) is a letter, a digit or `_`. */
function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  const low = c >= 0xdc00 && c <= 0xdfff && i > 0;
  return WORD_CHAR.test(low ? text.slice(i - 1, i + 1) : text[i]!);
}

export interface NameFinder {
  find: (text: string) => Found[];
  /** What an unknown voice's name becomes: `[navn]`, `[name]`. */
  unknownAs: string;
}

export function nameFinder(key: Key, unknownAs = '[name]'): NameFinder {
  const patterns = namePatterns(key);
  const byNorm = new Map(patterns.map((p) => [p.norm, p]));
  const match = nameMatcher(patterns.map((p) => p.norm));
  return {
    unknownAs,
    find(text) {
      if (!match) return [];
      const out: Found[] = [];
      for (const m of match(text)) {
        const p = byNorm.get(normName(m.name));
        if (!p) continue;
        if (p.single && !/^\p{Lu}/u.test(m.name)) continue;
        const surname = !p.kinds.has('name') && !p.kinds.has('first');
        out.push({
          codes: p.codes,
          replaceable: p.codes.length === 1 && !surname,
          surname,
          index: m.index,
          length: m.length,
          suffix: m.suffix,
        });
      }
      return out;
    },
  };
}

export interface Replaced {
  text: string;
  /** Replacements made, by code (names) or by the replacement text (identifiers, unknown voices). */
  counts: Map<string, number>;
}

/**
 * Replaces every name in the key with its code (keeping a genitive s), an unknown voice's name
 * with `finder.unknownAs`, and replaceable identifiers. A name two people share and a surname
 * alone are left for a person to resolve (findLeaks flags them).
 */
export function replaceNames(text: string, finder: NameFinder, identifiers: readonly Identifier[] = []): Replaced {
  const counts = new Map<string, number>();
  const bump = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  let out = '';
  let last = 0;
  for (const e of nameEdits(text, finder)) {
    out += text.slice(last, e.index) + e.by;
    last = e.index + e.length;
    bump(e.code === UNKNOWN_SPEAKER ? finder.unknownAs : e.code);
  }
  out += text.slice(last);
  for (const id of identifiers) {
    if (id.replace === undefined) continue;
    out = out.replace(identifierPattern(id.text), () => {
      bump(id.replace!);
      return id.replace!;
    });
  }
  return { text: out, counts };
}

export interface NameEdit {
  index: number;
  length: number;
  /** What the name becomes: its code (with any genitive), or `finder.unknownAs`. */
  by: string;
  code: string;
}

/** The replacements replaceNames makes for names, in order, for callers that must move positions with them. */
export function nameEdits(text: string, finder: NameFinder): NameEdit[] {
  const out: NameEdit[] = [];
  for (const f of finder.find(text)) {
    if (!f.replaceable) continue;
    const code = f.codes[0]!;
    const name = text.slice(f.index, f.index + f.length - f.suffix.length);
    const by = code === UNKNOWN_SPEAKER ? finder.unknownAs : code + genitive(name, f.suffix);
    out.push({ index: f.index, length: f.length, by, code });
  }
  return out;
}

/** `Karis`/`Kari's` -> `P1s`; `Nils'` -> `P3s`; a quote mark after another name stays a quote mark. */
function genitive(name: string, suffix: string): string {
  if (!suffix) return '';
  if (suffix === "'" || suffix === '’') return /[sxz]$/i.test(name) ? 's' : suffix;
  return 's';
}

export interface Leak {
  kind: 'name' | 'shared-name' | 'surname' | 'identifier';
  /** Whose name: never the name itself, so reports can be shown, logged or pasted. */
  codes: string[];
  index: number;
  length: number;
}

/** Names, aliases, first names, surnames and listed identifiers still present in a text. */
export function findLeaks(text: string, finder: NameFinder, identifiers: readonly Identifier[]): Leak[] {
  const leaks: Leak[] = finder.find(text).map((f) => ({
    kind: f.codes.length > 1 ? 'shared-name' : f.surname ? 'surname' : 'name',
    codes: f.codes,
    index: f.index,
    length: f.length - f.suffix.length,
  }));
  for (const id of identifiers) {
    for (const m of text.matchAll(identifierPattern(id.text)))
      leaks.push({ kind: 'identifier', codes: [], index: m.index!, length: m[0].length });
  }
  return leaks.sort((a, b) => a.index - b.index);
}

const identifierPatterns = new Map<string, RegExp>();

/** An identifier as whole words, compiled once (the leak check runs it over every file). */
function identifierPattern(text: string): RegExp {
  let re = identifierPatterns.get(text);
  if (!re) identifierPatterns.set(text, (re = new RegExp(wholeWords(text), 'giu')));
  return re;
}

function whose(codes: string[]): string {
  return codes.map((c) => (c === UNKNOWN_SPEAKER ? 'an unknown voice' : c)).join(' and ');
}

/** What a leak is, in words that never repeat the name. */
export function describeLeak(l: Leak): string {
  if (l.kind === 'identifier') return 'a word listed as identifying in key.yaml';
  if (l.kind === 'shared-name') return `a name shared by ${whose(l.codes)} (from key.yaml)`;
  if (l.kind === 'surname') return `${whose(l.codes)}'s surname (from key.yaml)`;
  return l.codes[0] === UNKNOWN_SPEAKER ? "an unknown voice's name (from key.yaml)" : `${l.codes[0]}'s name (from key.yaml)`;
}

/**
 * Hides every name in a message or path, loosely: any case, every word of every name. For text
 * fokus itself prints, where hiding an ordinary word by mistake costs nothing and a name costs much.
 */
export function scrubText(text: string, key: Key): string {
  const owners = new Map<string, Set<string>>();
  const add = (s: string, code: string) => {
    const n = normName(s);
    if (n.length < 2) return;
    if (!owners.has(n)) owners.set(n, new Set());
    owners.get(n)!.add(code);
  };
  for (const p of key.people) {
    for (const n of [p.name, ...(p.aliases ?? [])]) {
      for (const f of labelForms(n)) add(f, p.code);
      for (const w of naturalName(n).split(/[\s.@_-]+/)) add(w, p.code);
    }
  }
  for (const id of key.identifiers) add(id.text, 'identifier');
  const match = nameMatcher([...owners.keys()]);
  if (!match) return text;
  let out = '';
  let from = 0;
  for (const { index, length, name, suffix } of match(text)) {
    const codes = [...(owners.get(normName(name)) ?? [])];
    const only = codes.length === 1 ? codes[0]! : '';
    const label =
      only === 'identifier'
        ? 'an identifier'
        : only === UNKNOWN_SPEAKER
          ? "an unknown voice's name"
          : /^[A-Za-z]/.test(only)
            ? `${only}'s name`
            : 'a name';
    out += `${text.slice(from, index)}[${label}]${suffix}`;
    from = index + length;
  }
  return out + text.slice(from);
}
