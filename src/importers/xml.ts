// XML read into a small tree of elements with their positions, for the readers of other tools'
// files (REFI-QDA projects, Word documents). saxes checks well-formedness and tracks lines.
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { UserError } from '../errors.js';

export interface XmlElement {
  /** The local name, without prefix: `Code`, `p`. */
  name: string;
  /** The namespace URI ('' for none). */
  uri: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  line: number;
  col: number;
}

export type XmlNode = XmlElement | string;

/** Deeper than REFI-QDA code trees or Word tables go. */
const MAX_DEPTH = 256;

/** Parses `text`; malformed XML is a UserError at the file, line and column. */
export function parseXml(file: string, text: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let start = { line: 1, col: 1 };
  let failure: UserError | undefined;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  parser.on('opentagstart', (tag) => {
    // The parser has read `<name` and the character after it (a line break, perhaps): the element starts at its `<`.
    const at = src.lastIndexOf(`<${tag.name}`, parser.position - tag.name.length - 2);
    const lineStart = Math.max(src.lastIndexOf('\n', at - 1), src.lastIndexOf('\r', at - 1)) + 1;
    start = { line: parser.line - (src.slice(at, parser.position).match(/\r\n?|\n/g)?.length ?? 0), col: at - lineStart + 1 };
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    // saxes looks up namespaces through every open element: nesting without end costs time squared.
    if (stack.length >= MAX_DEPTH) {
      failure ??= new UserError(`elements nested more than ${MAX_DEPTH} deep`, { file, ...start }, 'bad-xml');
      throw failure;
    }
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) if (a.prefix !== 'xmlns' && a.name !== 'xmlns') attrs[a.local] = a.value;
    const el: XmlElement = { name: tag.local, uri: tag.uri, attrs, children: [], line: start.line, col: start.col };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else root = el;
    if (!tag.isSelfClosing) stack.push(el);
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) stack.pop();
  });
  const onText = (t: string) => {
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(t);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('error', (e) => {
    // saxes messages read "file:line:col: message"; keep the message and place it ourselves.
    failure ??= new UserError(
      `not well-formed XML: ${e.message.replace(/^(?:[^\n]*?:)?\d+:\d+: /, '')}`,
      { file, line: parser.line, col: Math.max(1, parser.column) },
      'bad-xml',
    );
  });
  try {
    parser.write(src).close();
  } catch {
    // saxes throws after reporting through 'error'; so do we, on nesting too deep.
  }
  if (failure) throw failure;
  if (!root) throw new UserError('no XML element in the file', { file, line: 1, col: 1 }, 'bad-xml');
  return root;
}

export function elements(el: XmlElement, name?: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== 'string' && (name === undefined || c.name === name));
}

export function element(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === name);
}

/** All the text inside an element, in document order. */
export function textOf(el: XmlElement): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}
