// The codebook: hierarchical codes written as paths (`arenaer/hjemmet`). Pure functions over
// the list as written in codebook.yaml; a parent's tags never include its children's unless a
// caller rolls them up.
import { UserError } from '../errors.js';
import type { Code, Codebook } from './model.js';
import { didYouMean } from './schema.js';
import { CODE_PATH_HELP, CODE_PATH_RE } from './ids.js';

export function checkCodePath(value: string): string {
  const v = value.normalize('NFC').trim();
  if (!CODE_PATH_RE.test(v)) throw new UserError(`invalid code '${value}': expected ${CODE_PATH_HELP}`, undefined, 'invalid-code');
  return v;
}

export function parentOf(path: string): string | undefined {
  const i = path.lastIndexOf('/');
  return i < 0 ? undefined : path.slice(0, i);
}

/** `a/b/c` -> `a`, `a/b`, `a/b/c`. */
export function ancestry(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

export function depth(path: string): number {
  return path.split('/').length;
}

/** Whether `path` is `root` or lies under it. */
export function isWithin(path: string, root: string): boolean {
  return path === root || path.startsWith(`${root}/`);
}

/** The code at `level` (1 = top) that `path` belongs to. */
export function atLevel(path: string, level: number): string {
  return path.split('/').slice(0, Math.max(1, level)).join('/');
}

/** Moves `path` (or anything under it) from `from` to `to`; other paths are returned as they are. */
export function movePath(path: string, from: string, to: string): string {
  return isWithin(path, from) ? to + path.slice(from.length) : path;
}

export function codeLabel(c: Code): string {
  return c.label ?? c.code.slice(c.code.lastIndexOf('/') + 1);
}

export function codeIndex(cb: Codebook): Map<string, Code> {
  return new Map(cb.codes.map((c) => [c.code, c]));
}

/** The codes to add so the tree stays whole: each with any ancestor `have` lacks put before it. */
export function withParents(have: Iterable<string>, codes: readonly Code[]): Code[] {
  const seen = new Set(have);
  const out: Code[] = [];
  for (const c of codes) {
    for (const a of ancestry(c.code).slice(0, -1))
      if (!seen.has(a)) {
        seen.add(a);
        out.push({ code: a });
      }
    if (!seen.has(c.code)) {
      seen.add(c.code);
      out.push(c);
    }
  }
  return out;
}

/** Finds a code the user typed: the exact path, or a unique last segment (`hjemmet`). */
export function resolveCode(cb: Codebook, typed: string): Code {
  const want = typed.normalize('NFC').trim();
  const exact = cb.codes.find((c) => c.code === want);
  if (exact) return exact;
  const byLeaf = cb.codes.filter((c) => c.code.endsWith(`/${want}`) || c.code.toLowerCase() === want.toLowerCase());
  if (byLeaf.length === 1) return byLeaf[0]!;
  if (byLeaf.length > 1) {
    throw new UserError(
      `code '${typed}' is ambiguous: ${byLeaf.map((c) => c.code).join(', ')}; give the whole path`,
      undefined,
      'ambiguous-code',
    );
  }
  throw new UserError(
    `no code '${typed}' in the codebook${didYouMean(
      want,
      cb.codes.map((c) => c.code),
    )}; add it with fokus code add ${typed}`,
    undefined,
    'no-code',
  );
}

/** Codes in the order a reader expects: each parent followed by its children, otherwise as written. */
export function treeOrder(codes: readonly Code[]): Code[] {
  const byParent = new Map<string | undefined, Code[]>();
  const known = new Set(codes.map((c) => c.code));
  for (const c of codes) {
    let p = parentOf(c.code);
    while (p !== undefined && !known.has(p)) p = parentOf(p);
    const list = byParent.get(p) ?? [];
    list.push(c);
    byParent.set(p, list);
  }
  const out: Code[] = [];
  const walk = (p: string | undefined) => {
    for (const c of byParent.get(p) ?? []) {
      out.push(c);
      walk(c.code);
    }
  };
  walk(undefined);
  return out;
}
