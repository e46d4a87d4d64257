// Every YAML read and edit goes through this module. Files are parsed from their raw text (as the
// user wrote it) with a LineCounter for file:line:col messages; edits splice new text into that raw
// text (see below), so comments, blank lines, order, quoting, line endings and Unicode form survive.
import {
  CST,
  Document,
  Lexer,
  LineCounter,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Node,
  type ToStringOptions,
} from 'yaml';
import { UserError, type Pos, type Problem } from '../errors.js';
import type { TextFile, TextLayout } from './text-file.js';

export type YamlPath = readonly (string | number)[];

export interface YamlFile extends TextLayout {
  path: string;
  /** The source text the document was parsed from. */
  source: string;
  /** The file's text on disk as it was read (or last written), before any edit; null: there was no file. */
  read?: string | null;
  /** The file changed on disk after the command took its values (from the cache): it must not be written. */
  stale?: boolean;
  doc: Document.Parsed;
  lc: LineCounter;
  /** Rendering options detected from the source, so a rewrite looks like what the user wrote. */
  style: ToStringOptions;
  /** Set when the text nests too deep to parse safely: the document is then left empty. */
  tooDeep?: Problem;
}

export type { Pos };

/** Parses a file's raw text when there is one (so edits keep it), else its normalised text. */
export function parseYaml(
  file: Pick<TextFile, 'path' | 'text' | 'bom' | 'eol'> & { raw?: string; encoding?: TextFile['encoding'] },
): YamlFile {
  const source = file.raw ?? file.text;
  const lc = new LineCounter();
  // A file nested thousands deep would overflow the parser's stack: refused before parsing.
  const tooDeep = yamlTooDeep(file.path, source);
  // logLevel 'silent': the library would otherwise print warnings quoting the file (names, perhaps).
  const doc = parseDocument(tooDeep ? '' : source, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, logLevel: 'silent' });
  const y: YamlFile = { path: file.path, source, doc, lc, bom: file.bom, eol: file.eol, style: detectStyle(source) };
  if (tooDeep) y.tooDeep = tooDeep;
  if (file.encoding) y.encoding = file.encoding;
  if (file.raw !== undefined) y.read = file.raw;
  return y;
}

function detectStyle(source: string): ToStringOptions {
  const text = source.replace(/\r\n/g, '\n').replace(/^\s*#.*$/gm, '');
  // A block sequence written flush under its key (`key:\n- a`) rather than indented.
  const flushSeq = /^[^\s#-][^\n]*:[ \t]*\n-[ \t]/m.test(text);
  const indentedSeq = /^[^\s#-][^\n]*:[ \t]*\n[ \t]+-[ \t]/m.test(text);
  return {
    lineWidth: 0,
    minContentWidth: 0,
    flowCollectionPadding: /\[ \S|\{ \S/.test(text),
    indentSeq: !(flushSeq && !indentedSeq),
  };
}

/** YAML syntax errors and warnings as problems with positions. */
export function yamlProblems(y: YamlFile): Problem[] {
  if (y.tooDeep) return [y.tooDeep];
  const out: Problem[] = [];
  for (const [list, severity] of [
    [y.doc.errors, 'error'],
    [y.doc.warnings, 'warning'],
  ] as const) {
    for (const e of list) {
      const opened = /must be sufficiently indented and end with a ([\]}])/.exec(e.message);
      const open = opened ? unclosedBefore(y.source, e.pos[0], opened[1] === ']' ? '[' : '{') : undefined;
      const { line, col } = y.lc.linePos(open ?? e.pos[0]);
      const message =
        open !== undefined ? `YAML: this '${y.source[open]}' is never closed with '${opened![1]}'` : cleanYamlMessage(e.message);
      out.push({ severity, code: 'yaml-syntax', message, file: y.path, line, col });
    }
  }
  return out;
}

/** The last bracket before `end` that is not closed before it (quotes and comments skipped). */
function unclosedBefore(text: string, end: number, open: '[' | '{'): number | undefined {
  const close = open === '[' ? ']' : '}';
  const stack: number[] = [];
  let quote: string | undefined;
  for (let i = 0; i < end; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote || c === '\n') quote = undefined;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s,[{]/.test(text[i - 1]!)))
      quote = c; // not Nils' poeng
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) i = text.indexOf('\n', i) < 0 ? end : text.indexOf('\n', i);
    else if (c === open) stack.push(i);
    else if (c === close) stack.pop();
  }
  return stack.pop();
}

function cleanYamlMessage(m: string): string {
  // The yaml library appends a source excerpt after the first line; we print positions instead.
  const first = m.split('\n')[0] ?? m;
  return `YAML: ${first.replace(/ at line \d+, column \d+:?$/, '')}`;
}

/** The plain data of a parsed file (undefined for an empty file), text in NFC. */
export function yamlData(y: YamlFile): unknown {
  try {
    return nfc(y.doc.toJS({ maxAliasCount: 100 }) ?? undefined);
  } catch (e) {
    // Aliases that point nowhere, or that multiply without end (a "billion laughs" file).
    const msg = String((e as Error).message ?? e);
    const why = /alias count/i.test(msg) ? 'aliases (*name) multiply beyond reason' : 'an alias (*name) points at no anchor (&name)';
    throw new UserError(`YAML: ${why}`, { file: y.path, ...firstAlias(y) }, 'yaml-syntax');
  }
}

function firstAlias(y: YamlFile): Partial<Pos> {
  let at: number | undefined;
  visit(y.doc, {
    Alias(_k, node) {
      at ??= node.range?.[0];
    },
  });
  return at === undefined ? {} : y.lc.linePos(at);
}

function nfc(x: unknown): unknown {
  if (typeof x === 'string') return x.normalize('NFC');
  if (Array.isArray(x)) return x.map(nfc);
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k.normalize('NFC'), nfc(v)]));
  return x;
}

/** Position of the value at `path`, or of its key with `at: 'key'`; falls back to the deepest node found. */
export function locate(y: YamlFile, path: YamlPath, at: 'key' | 'value' = 'value'): Pos {
  let node: unknown = y.doc.contents;
  let best: Node | null = isNode(node) ? node : null;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(seg));
      if (!pair) break;
      const keyNode = isNode(pair.key) ? pair.key : null;
      if (last && at === 'key' && keyNode) {
        best = keyNode;
        break;
      }
      node = pair.value;
      best = isNode(node) && node.range ? node : (keyNode ?? best);
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (!isNode(node)) break;
      best = node;
    } else {
      break;
    }
  }
  const offset = best?.range?.[0] ?? 0;
  return y.lc.linePos(offset);
}

function isNode(x: unknown): x is Node {
  return isScalar(x) || isMap(x) || isSeq(x) || (typeof x === 'object' && x !== null && 'range' in x);
}

function keyText(k: unknown): string | undefined {
  if (isScalar(k)) return String(k.value);
  if (typeof k === 'string' || typeof k === 'number') return String(k);
  return undefined;
}

// --- edits ---------------------------------------------------------------------------------------
// Edits splice freshly rendered text into the raw source at positions read from the parsed
// document, then parse again. Everything the edit does not touch stays byte for byte as the user
// wrote it (re-rendering a whole document would re-wrap folded text and restyle lists).

const HOUSE: ToStringOptions = { lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false, indentSeq: true };

/** What to write inline: paths inside the value (`[['consent']]` for a record's consent), and a list fokus creates (`aliases: [A]`). */
export interface Inline {
  flow?: YamlPath[];
  newList?: 'flow' | 'block';
}

function render(value: unknown, style: ToStringOptions, inline: Inline = {}, version?: '1.1' | '1.2'): string {
  // A YAML 1.1 file reads `Yes` as true: write new text the way that file's version reads it.
  const doc = new Document(value, version ? { version } : {});
  for (const p of inline.flow ?? []) {
    const n = p.length ? doc.getIn(p, true) : doc.contents;
    if (isMap(n) || isSeq(n)) n.flow = true;
  }
  return doc.toString(style);
}

/** A value as it would appear inside `[...]` or after `key: ` on one line. */
function renderInline(value: unknown, style: ToStringOptions, version?: '1.1' | '1.2'): string {
  // Only the blanks the renderer adds are trimmed: a value's own white space (a no-break space) stays.
  const blanks = (s: string) => s.replace(/^[ \n]+|[ \n]+$/g, '');
  const text = blanks(render([value], { ...style, flowCollectionPadding: false }, { flow: [[]] }, version));
  return blanks(text.slice(1, -1));
}

function indent(text: string, by: number): string {
  const pad = ' '.repeat(by);
  return text
    .split('\n')
    .map((l) => (l ? pad + l : l))
    .join('\n');
}

/** Refuses an edit fokus cannot make safely, saying what to add by hand. */
function cannot(y: YamlFile, path: YamlPath, value: unknown, why: string, verb: 'add to' | 'change' = 'add to'): never {
  throw new UserError(
    `cannot ${verb} ${path.join('.') || 'the file'} automatically (${why}); ${verb === 'change' ? 'make it' : 'add this'} by hand: ${renderInline(value, HOUSE)}`,
    { file: y.path, ...locate(y, path) },
    'cannot-edit',
  );
}

function versionOf(y: YamlFile): '1.1' | '1.2' {
  return y.doc.directives?.yaml.version === '1.1' ? '1.1' : '1.2';
}

function splice(y: YamlFile, at: number, remove: number, insert: string): void {
  const text = y.eol === '\r\n' ? insert.replace(/\r?\n/g, '\r\n') : insert;
  const next = y.source.slice(0, at) + text + y.source.slice(at + remove);
  const fresh = parseYaml({ path: y.path, text: next, bom: y.bom, eol: y.eol });
  if (fresh.doc.errors.length) {
    throw new UserError(
      `cannot edit this file automatically: the result would not be valid YAML (${cleanYamlMessage(fresh.doc.errors[0]!.message)})`,
      { file: y.path },
      'cannot-edit',
    );
  }
  Object.assign(y, { source: fresh.source, doc: fresh.doc, lc: fresh.lc });
}

/** Where the line holding `offset` ends (just after its line break, adding one at end of file). */
function lineEnd(y: YamlFile, offset: number): { at: number; prefix: string } {
  const nl = y.source.indexOf('\n', offset);
  return nl < 0 ? { at: y.source.length, prefix: y.source.length && !y.source.endsWith('\n') ? '\n' : '' } : { at: nl + 1, prefix: '' };
}

function colOf(y: YamlFile, offset: number): number {
  return y.lc.linePos(offset).col - 1;
}

function nodeAtPath(y: YamlFile, path: YamlPath): unknown {
  return path.length ? y.doc.getIn(path, true) : y.doc.contents;
}

function isNullScalar(n: unknown): n is Node {
  return isScalar(n) && n.value === null;
}

/** Adds an item to the list at `path`, creating the list if it is missing, empty or null. */
export function appendIn(y: YamlFile, path: YamlPath, value: unknown, inline: Inline = {}): void {
  const style = y.style;
  const isRecord = typeof value === 'object' && value !== null;
  const blockItem = () => render([value], style, { flow: (inline.flow ?? []).map((p) => [0, ...p]) }, versionOf(y));
  const node = nodeAtPath(y, path);
  const key = path[path.length - 1];
  const parentPath = path.slice(0, -1);
  const parent = nodeAtPath(y, parentPath);
  const pair = isMap(parent) ? parent.items.find((p) => keyText(p.key) === String(key)) : undefined;

  // A block list with items: the new item goes after the last one.
  if (isSeq(node) && !node.flow && node.items.length) {
    const last = node.items[node.items.length - 1] as Node;
    const { at, prefix } = lineEnd(y, Math.max(0, last.range![1] - 1));
    splice(y, at, 0, prefix + indent(blockItem(), colOf(y, node.range![0])));
    return;
  }
  // An empty `[]` under a block mapping grows into a block list when it gets records.
  const blockParent = isMap(parent) && !parent.flow;
  if (isSeq(node) && node.flow && !node.items.length && isRecord && blockParent && pair) {
    removeInlineValue(y, node);
    insertBlockList(y, pair, blockItem());
    return;
  }
  // A flow list `[a, b]`: the item goes right after the last item (never into a comment after it).
  if (isSeq(node) && node.flow) {
    if (y.source[node.range![1] - 1] !== ']') cannot(y, path, value, 'cannot find the end of the list');
    const last = node.items[node.items.length - 1] as Node | undefined;
    const at = last?.range ? last.range[1] : node.range![0] + 1;
    splice(y, at, 0, `${last ? ', ' : ''}${renderInline(value, style, versionOf(y))}`);
    return;
  }
  if (key === undefined) cannot(y, path, value, 'the file does not hold a list');
  // `key:` with nothing (perhaps a comment) after it.
  if (pair && isNullScalar(pair.value)) {
    if (!blockParent) cannot(y, path, value, 'an empty value inside an inline mapping');
    removeInlineValue(y, pair.value);
    insertBlockList(
      y,
      (nodeAtPath(y, parentPath) as { items: (typeof pair)[] }).items.find((p) => keyText(p.key) === String(key))!,
      blockItem(),
    );
    return;
  }
  if (pair) cannot(y, path, value, 'it is not a list');
  // The key is missing: add `key:` with the list to its mapping (or to an empty file).
  const listFlow = inline.newList === 'flow' ? [[String(key)]] : [];
  const block = render(
    { [key]: [value] },
    style,
    { flow: [...listFlow, ...(inline.flow ?? []).map((p) => [String(key), 0, ...p])] },
    versionOf(y),
  );
  if (parent === null || parent === undefined || isNullScalar(parent)) {
    if (parentPath.length) cannot(y, path, value, `there is no ${parentPath.join('.')}`);
    const { at, prefix } = lineEnd(y, Math.max(0, y.source.length - 1));
    splice(y, at, 0, prefix + block);
    return;
  }
  if (!isMap(parent) || !parent.range) cannot(y, path, value, 'its parent is not a mapping');
  if (parent.flow) {
    if (y.source[parent.range[1] - 1] !== '}') cannot(y, path, value, 'cannot find the end of the mapping');
    const lastPair = parent.items[parent.items.length - 1];
    const end = (lastPair?.value as Node | null)?.range?.[1] ?? (lastPair?.key as Node | null)?.range?.[1];
    const at = end ?? parent.range[0] + 1;
    splice(y, at, 0, `${end !== undefined ? ', ' : ''}${String(key)}: [${renderInline(value, style, versionOf(y))}]`);
    return;
  }
  const lastPair = parent.items[parent.items.length - 1];
  const end = (lastPair?.value as Node | null)?.range?.[1] ?? (lastPair?.key as Node | null)?.range?.[1] ?? parent.range[1];
  const { at, prefix } = lineEnd(y, Math.max(0, end - 1));
  splice(y, at, 0, prefix + indent(block, colOf(y, parent.range[0])));
}

/** Removes `[]`, `~` or `null` after a key, and the blanks before it (a comment after it stays). */
function removeInlineValue(y: YamlFile, node: Node): void {
  let [from, to] = [node.range![0], node.range![1]];
  if (y.source.slice(from, to).trim() === '' || y.source[from] === '#') return;
  while (from > 0 && (y.source[from - 1] === ' ' || y.source[from - 1] === '\t')) from--;
  if (y.source[to] === ' ' && y.source[to + 1] === '#') to++;
  splice(y, from, to - from, y.source[to] === '#' ? ' ' : '');
}

/** Writes a block list under `key:`, on the lines right after the key's line. */
function insertBlockList(y: YamlFile, pair: { key: unknown }, block: string): void {
  const keyNode = pair.key as Node;
  const keyCol = colOf(y, keyNode.range![0]);
  const { at, prefix } = lineEnd(y, keyNode.range![1]);
  splice(y, at, 0, prefix + indent(block, keyCol + (y.style.indentSeq === false ? 0 : 2)));
}

/** Puts `key: value` first in the mapping at `path` (ids lead their record). */
export function setFirst(y: YamlFile, path: YamlPath, key: string, value: unknown): void {
  const map = nodeAtPath(y, path);
  if (!isMap(map) || !map.range) return cannot(y, path, value, 'it is not a mapping');
  if (map.items.some((p) => keyText(p.key) === key)) return cannot(y, path, value, `it already has ${key}`);
  const scalar = renderInline(value, y.style, versionOf(y));
  if (map.flow) {
    splice(y, map.range[0] + 1, 0, `${key}: ${scalar}${map.items.length ? ', ' : ''}`);
    return;
  }
  splice(y, map.range[0], 0, `${key}: ${scalar}\n${' '.repeat(colOf(y, map.range[0]))}`);
}

/** Sets the single value at `path` in place, or adds `key: value` to the mapping above it. */
export function setIn(y: YamlFile, path: YamlPath, value: unknown): void {
  const node = nodeAtPath(y, path);
  const inline = renderInline(value, y.style, versionOf(y));
  if (isScalar(node) && node.range) {
    const [from, to] = node.range;
    // A block scalar's text runs through its last line break: keep that break.
    splice(y, from, to - from, inline + (y.source[to - 1] === '\n' && to > from ? '\n' : ''));
    return;
  }
  if (node !== undefined && node !== null) cannot(y, path, value, 'it is not a single value', 'change');
  const key = path[path.length - 1];
  const parent = nodeAtPath(y, path.slice(0, -1));
  if (key === undefined || !isMap(parent) || !parent.range)
    return cannot(y, path, value, 'its parent is not a plain mapping (an alias or a list?)', 'change');
  if (parent.flow) {
    if (y.source[parent.range[1] - 1] !== '}') cannot(y, path, value, 'cannot find the end of the mapping');
    const lastPair = parent.items[parent.items.length - 1];
    const end = (lastPair?.value as Node | null)?.range?.[1] ?? (lastPair?.key as Node | null)?.range?.[1];
    splice(y, end ?? parent.range[0] + 1, 0, `${end !== undefined ? ', ' : ''}${String(key)}: ${inline}`);
    return;
  }
  const lastPair = parent.items[parent.items.length - 1];
  const end = (lastPair?.value as Node | null)?.range?.[1] ?? (lastPair?.key as Node | null)?.range?.[1] ?? parent.range[1];
  const { at, prefix } = lineEnd(y, Math.max(0, end - 1));
  splice(y, at, 0, `${prefix}${' '.repeat(colOf(y, parent.range[0]))}${String(key)}: ${inline}\n`);
}

/** Removes item `index` of the list at `path`: its lines in a block list, its text and a comma in `[...]`. */
export function removeItem(y: YamlFile, path: YamlPath, index: number): void {
  const seq = nodeAtPath(y, path);
  if (!isSeq(seq) || !seq.range) return cannot(y, path, index, 'it is not a list');
  const item = seq.items[index] as Node | undefined;
  if (!item?.range) return cannot(y, path, index, 'no such item');
  const [start, valueEnd, nodeEnd] = item.range;
  if (seq.flow) {
    const after = /^\s*,[ \t]*/.exec(y.source.slice(valueEnd));
    if (after) return splice(y, start, valueEnd - start + after[0].length, '');
    const before = /,\s*$/.exec(y.source.slice(seq.range[0], start));
    return splice(y, before ? start - before[0].length : start, valueEnd - (before ? start - before[0].length : start), '');
  }
  const lineStart = y.source.lastIndexOf('\n', start - 1) + 1;
  if (!/^[ \t]*-[ \t]*$/.test(y.source.slice(lineStart, start))) cannot(y, path, index, 'the item does not start its own line');
  const last = Math.max(valueEnd, nodeEnd) - 1;
  const end = y.source[last] === '\n' ? last + 1 : lineEnd(y, last).at;
  splice(y, lineStart, end - lineStart, '');
}

/** How many comments the file holds (a conversion to a form without comments would drop them). */
export function countComments(y: YamlFile): number {
  let n = (y.doc.commentBefore ? 1 : 0) + (y.doc.comment ? 1 : 0);
  visit(y.doc, (_key, node) => {
    const c = node as { commentBefore?: string | null; comment?: string | null };
    if (c.commentBefore) n++;
    if (c.comment) n++;
  });
  return n;
}

/** The file's text as it should be written. */
export function renderYaml(y: YamlFile): string {
  return y.source;
}

/** A new file from plain data in fokus's house style, with a comment at the top. */
export function newYamlFile(path: string, value: unknown, comment?: string, inline: Inline = {}): YamlFile {
  const y = parseYaml({ path, text: stringifyYaml(value, comment, inline), bom: false, eol: '\n' });
  y.read = null;
  return y;
}

/** Renders plain data as YAML in fokus's house style. */
export function stringifyYaml(value: unknown, comment?: string, inline: Inline = {}): string {
  const head = comment
    ? `${comment
        .split('\n')
        .map((l) => (l ? `# ${l}` : '#'))
        .join('\n')}\n`
    : '';
  return head + render(value, HOUSE, inline);
}

/** Deeper than any fokus file goes; the yaml library recurses per level (and can crash the process far deeper). */
export const MAX_YAML_NESTING = 100;

/**
 * A problem when `text` may nest deeper than MAX_YAML_NESTING, found by the yaml lexer (which does
 * not recurse) before the parser (which does) sees it. An upper bound: flow brackets count twice,
 * indentation levels twice, and each `-`, `?` or `:` once while it is on its line (in a block) or
 * until the next comma or bracket (inline, where `[a: b: c]` nests too).
 */
export function yamlTooDeep(file: string, text: string): Problem | undefined {
  let offset = 0;
  let onLine = 0;
  let lineStart = true;
  let indent = 0;
  let header = false;
  let body = false;
  const indents: number[] = [];
  // Indicators since the last comma, per open bracket, and their sum.
  const pairs: number[] = [];
  let open = 0;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    // Markers the lexer adds that are not in the text; a block scalar's text follows its header's.
    if (type === 'doc-mode' || type === 'flow-error-end') continue;
    if (type === 'scalar') {
      body = header;
      continue;
    }
    const at = offset;
    offset += token.length;
    if (body) {
      [body, header, lineStart, indent] = [false, false, true, 0];
      continue;
    }
    if (type === 'newline') {
      [lineStart, indent, onLine] = [true, 0, 0];
      continue;
    }
    if (type === 'comment' || (type === 'space' && !lineStart)) continue;
    if (type === 'space') {
      indent = token.length;
      continue;
    }
    if (lineStart && !pairs.length) {
      while (indents.length && indents[indents.length - 1]! > indent) indents.pop();
      if (indents[indents.length - 1] !== indent) indents.push(indent);
    }
    lineStart = false;
    if (type === 'block-scalar-header') header = true;
    else if (type === 'flow-seq-start' || type === 'flow-map-start') pairs.push(0);
    else if (type === 'flow-seq-end' || type === 'flow-map-end') open -= pairs.pop() ?? 0;
    else if (type === 'comma' && pairs.length) {
      open -= pairs[pairs.length - 1]!;
      pairs[pairs.length - 1] = 0;
    } else if (type === 'seq-item-ind' || type === 'explicit-key-ind' || type === 'map-value-ind') {
      if (!pairs.length) onLine++;
      else {
        pairs[pairs.length - 1]!++;
        open++;
      }
    } else if (type === 'doc-start' || type === 'doc-end') {
      pairs.length = 0;
      indents.length = 0;
      open = 0;
    }
    if (2 * pairs.length + open + onLine + 2 * indents.length > MAX_YAML_NESTING) {
      const before = text.slice(0, at).split('\n');
      return {
        severity: 'error',
        code: 'yaml-syntax',
        message: `YAML: nested more than ${MAX_YAML_NESTING} levels deep`,
        file,
        line: before.length,
        col: before[before.length - 1]!.length + 1,
      };
    }
  }
  return undefined;
}
