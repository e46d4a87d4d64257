// Every YAML read and edit goes through this module. Files users edit are changed through the
// yaml Document model (never parse -> object -> stringify), so their comments, blank lines, key
// order and quoting survive; positions come from a LineCounter for file:line:col messages.
import { Document, LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Node, type ToStringOptions, type YAMLSeq } from 'yaml';
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

function detectStyle(text: string): ToStringOptions {
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
      const { line, col } = y.lc.linePos(e.pos[0]);
      out.push({ severity, code: 'yaml-syntax', message: cleanYamlMessage(e.message), file: y.path, line, col });
    }
  }
  return out;
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
      best = isNode(node) && node.range ? node : keyNode ?? best;
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

/** Adds an item to the sequence at `path`, creating it if missing; `flow` names keys of the new item to write inline. */
export function appendIn(y: YamlFile, path: YamlPath, value: unknown, opts: { flow?: string[] } = {}): void {
  const node = y.doc.createNode(value);
  if (isMap(node) && opts.flow) {
    for (const pair of node.items) {
      if (opts.flow.includes(String(keyText(pair.key))) && (isMap(pair.value) || isSeq(pair.value))) pair.value.flow = true;
    }
  }
  const seq = y.doc.getIn(path, true);
  if (isSeq(seq)) {
    seq.items.push(node);
  } else if (seq === undefined || seq === null || (isScalar(seq) && seq.value === null)) {
    const created = y.doc.createNode([]) as YAMLSeq;
    created.items.push(node);
    if (path.length === 0) y.doc.contents = created as unknown as Document.Parsed['contents'];
    else y.doc.setIn(path, created);
  } else {
    throw new Error(`not a list at ${path.join('.')}`);
  }
}

export function setIn(y: YamlFile, path: YamlPath, value: unknown, opts: { flow?: boolean } = {}): void {
  const node = y.doc.createNode(value);
  if (opts.flow && (isMap(node) || isSeq(node))) node.flow = true;
  if (y.doc.contents === null || isScalar(y.doc.contents)) y.doc.contents = y.doc.createNode({}) as never;
  y.doc.setIn(path, node);
}

/** Writes the collection at `path` inline: `[P1, P2]`. */
export function setFlow(y: YamlFile, path: YamlPath): void {
  const n = y.doc.getIn(path, true);
  if (isMap(n) || isSeq(n)) n.flow = true;
}

/** Writes the named keys of the mapping at `path` inline. */
export function appendFlow(y: YamlFile, path: YamlPath, keys: string[]): void {
  for (const k of keys) setFlow(y, [...path, k]);
}

/** Puts `key: value` first in the mapping at `path` (ids lead their record). */
export function setFirst(y: YamlFile, path: YamlPath, key: string, value: unknown): void {
  const map = y.doc.getIn(path, true);
  if (!isMap(map)) throw new Error(`not a mapping at ${path.join('.')}`);
  const existing = map.items.findIndex((p) => keyText(p.key) === key);
  if (existing >= 0) map.items.splice(existing, 1);
  map.items.unshift(y.doc.createPair(key, value));
}

export function isMapRoot(y: YamlFile): boolean {
  return isMap(y.doc.contents);
}

export function hasIn(y: YamlFile, path: YamlPath): boolean {
  return y.doc.hasIn(path);
}

export function renderYaml(y: YamlFile): string {
  return y.doc.toString(y.style);
}

/** A new file from plain data, with a comment at the top. */
export function newYamlFile(path: string, value: unknown, comment?: string): YamlFile {
  const doc = new Document(value) as unknown as Document.Parsed;
  if (comment) doc.commentBefore = comment.split('\n').map((l) => (l ? ` ${l}` : '')).join('\n');
  return {
    path,
    source: '',
    doc,
    lc: new LineCounter(),
    bom: false,
    eol: '\n',
    style: { lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false, indentSeq: true },
  };
}

/** Renders plain data as YAML in fokus's house style (used for new files). */
export function stringifyYaml(value: unknown, comment?: string): string {
  return renderYaml(newYamlFile('', value, comment));
}
