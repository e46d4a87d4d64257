// Every YAML read and edit goes through this module. Files users edit are changed through the
// yaml Document model (never parse -> object -> stringify), so their comments, blank lines, key
// order and quoting survive; positions come from a LineCounter for file:line:col messages.
import { Document, LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Node, type ToStringOptions } from 'yaml';
import type { Problem } from '../errors.js';
import type { TextFile, TextLayout } from './text-file.js';

export type YamlPath = readonly (string | number)[];

export interface YamlFile extends TextLayout {
  path: string;
  /** The source text the document was parsed from. */
  source: string;
  doc: Document.Parsed;
  lc: LineCounter;
  /** Rendering options detected from the source, so a rewrite looks like what the user wrote. */
  style: ToStringOptions;
}

export interface Pos {
  line: number;
  col: number;
}

export function parseYaml(file: Pick<TextFile, 'path' | 'text' | 'bom' | 'eol'>): YamlFile {
  const lc = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  return { path: file.path, source: file.text, doc, lc, bom: file.bom, eol: file.eol, style: detectStyle(file.text) };
}

function detectStyle(source: string): ToStringOptions {
  const text = source.replace(/^\s*#.*$/gm, '');
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

/** The plain data of a parsed file (undefined for an empty file). */
export function yamlData(y: YamlFile): unknown {
  return y.doc.toJS({ maxAliasCount: 100 }) ?? undefined;
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
// Edits splice freshly rendered text into the source at positions read from the parsed document,
// then parse again. Everything the edit does not touch stays byte for byte as the user wrote it
// (re-rendering a whole document would re-wrap folded text and restyle lists).

const HOUSE: ToStringOptions = { lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false, indentSeq: true };

/** What to write inline: paths inside the value (`[['consent']]` for a record's consent). */
export interface Inline {
  flow?: YamlPath[];
}

function render(value: unknown, style: ToStringOptions, inline: Inline = {}): string {
  const doc = new Document(value);
  for (const p of inline.flow ?? []) {
    const n = p.length ? doc.getIn(p, true) : doc.contents;
    if (isMap(n) || isSeq(n)) n.flow = true;
  }
  return doc.toString(style);
}

/** A scalar or small collection as it would appear inside `[...]`. */
function renderFlowItem(value: unknown, style: ToStringOptions): string {
  const text = render([value], { ...style, flowCollectionPadding: false }, { flow: [[]] }).trim();
  return text.slice(1, -1).trim();
}

function indent(text: string, by: number): string {
  const pad = ' '.repeat(by);
  return text
    .split('\n')
    .map((l) => (l ? pad + l : l))
    .join('\n');
}

function splice(y: YamlFile, at: number, remove: number, insert: string): void {
  const next = y.source.slice(0, at) + insert + y.source.slice(at + remove);
  const fresh = parseYaml({ path: y.path, text: next, bom: y.bom, eol: y.eol });
  if (fresh.doc.errors.length) throw new Error(`editing ${y.path} would break its YAML: ${fresh.doc.errors[0]!.message}`);
  Object.assign(y, { source: fresh.source, doc: fresh.doc, lc: fresh.lc });
}

/** Offset of the start of the line after `offset` (adding a line break at the end if needed). */
function nextLine(y: YamlFile, offset: number): { at: number; prefix: string } {
  const nl = y.source.indexOf('\n', offset);
  return nl < 0 ? { at: y.source.length, prefix: '\n' } : { at: nl + 1, prefix: '' };
}

function colOf(y: YamlFile, offset: number): number {
  return y.lc.linePos(offset).col - 1;
}

function nodeAtPath(y: YamlFile, path: YamlPath): unknown {
  return path.length ? y.doc.getIn(path, true) : y.doc.contents;
}

/** Adds an item to the list at `path`, creating the list if it is missing or empty. */
export function appendIn(y: YamlFile, path: YamlPath, value: unknown, inline: Inline = {}): void {
  const seq = nodeAtPath(y, path);
  const style = y.style;
  if (isSeq(seq) && !seq.flow && seq.items.length) {
    const last = seq.items[seq.items.length - 1] as Node;
    const { at, prefix } = nextLine(y, Math.max(0, last.range![1] - 1));
    const itemIndent = colOf(y, seq.range![0]);
    splice(y, at, 0, prefix + indent(render([value], style, { flow: (inline.flow ?? []).map((p) => [0, ...p]) }), itemIndent));
    return;
  }
  if (isSeq(seq) && seq.flow && (seq.items.length || !(typeof value === 'object' && value !== null))) {
    const close = seq.range![1] - 1;
    if (y.source[close] !== ']') throw new Error(`cannot find the end of the list at ${path.join('.')}`);
    // Insert after the last item, before any padding the user keeps inside the brackets: `[ a, b ]`.
    const before = y.source.slice(seq.range![0] + 1, close);
    const trailing = seq.items.length ? before.length - before.trimEnd().length : 0;
    splice(y, close - trailing, 0, `${seq.items.length ? ', ' : ''}${renderFlowItem(value, style)}`);
    return;
  }
  // No list yet (missing key, `key:` with nothing, or `[]` about to hold records): write a block list.
  const key = path[path.length - 1];
  const parentPath = path.slice(0, -1);
  const parent = nodeAtPath(y, parentPath);
  if (!isMap(parent) || key === undefined) throw new Error(`not a list at ${path.join('.')}`);
  const pair = parent.items.find((p) => keyText(p.key) === String(key));
  const block = render([value], style, { flow: (inline.flow ?? []).map((p) => [0, ...p]) });
  const keyIndent = parent.range ? colOf(y, parent.range[0]) : 0;
  const listIndent = keyIndent + (style.indentSeq === false ? 0 : 2);
  if (pair && isNode(pair.value) && pair.value.range && (isSeq(pair.value) || (isScalar(pair.value) && pair.value.value === null))) {
    const v = pair.value;
    const [from, to] = [v.range![0], v.range![1]];
    // Drop the space left after `key:` so the line does not end in a blank.
    const lead = y.source[from - 1] === ' ' ? 1 : 0;
    splice(y, from - lead, to - from + lead, `\n${indent(block, listIndent).replace(/\n$/, '')}`);
    return;
  }
  if (pair) throw new Error(`not a list at ${path.join('.')}`);
  const end = parent.range ? parent.range[1] : y.source.length;
  const { at, prefix } = nextLine(y, Math.max(0, end - 1));
  splice(
    y,
    at,
    0,
    prefix + indent(`${render({ [key]: [value] }, style, { flow: (inline.flow ?? []).map((p) => [String(key), 0, ...p]) })}`, keyIndent),
  );
}

/** Puts `key: value` first in the mapping at `path` (ids lead their record). */
export function setFirst(y: YamlFile, path: YamlPath, key: string, value: unknown): void {
  const map = nodeAtPath(y, path);
  if (!isMap(map) || !map.range) throw new Error(`not a mapping at ${path.join('.')}`);
  if (map.items.some((p) => keyText(p.key) === key)) throw new Error(`${path.join('.')} already has ${key}`);
  const scalar = renderFlowItem(value, y.style);
  if (map.flow) {
    splice(y, map.range[0] + 1, 0, `${key}: ${scalar}${map.items.length ? ', ' : ''}`);
    return;
  }
  splice(y, map.range[0], 0, `${key}: ${scalar}\n${' '.repeat(colOf(y, map.range[0]))}`);
}

export function isMapRoot(y: YamlFile): boolean {
  return isMap(y.doc.contents);
}

export function renderYaml(y: YamlFile): string {
  return y.source;
}

/** A new file from plain data in fokus's house style, with a comment at the top. */
export function newYamlFile(path: string, value: unknown, comment?: string, inline: Inline = {}): YamlFile {
  const text = stringifyYaml(value, comment, inline);
  return parseYaml({ path, text, bom: false, eol: '\n' });
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
