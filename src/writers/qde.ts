// REFI-QDA XML from the exchange model: project.qde (inside a .qdpx) and the codebook (.qdc).
// Elements come in the order the schema's sequences require; attributes and text are escaped.
import { escapeAttr, escapeXml } from './xml.js';
import type { RefiCode, RefiCoding, RefiProject, RefiSelection, RefiSource, RefiValue, RefiVariable } from '../core/refi.js';

const PROJECT_NS = 'urn:QDA-XML:project:1.0';
const CODEBOOK_NS = 'urn:QDA-XML:codebook:1.0';

type Attrs = Record<string, string | number | boolean | undefined>;

/** A small XML builder: one element per line, indented, so exports diff well. */
class Xml {
  private readonly lines: string[] = [];
  private depth = 0;

  private tag(name: string, attrs: Attrs): string {
    const a = Object.entries(attrs)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`)
      .join('');
    return `${name}${a}`;
  }

  open(name: string, attrs: Attrs = {}): this {
    this.lines.push(`${'  '.repeat(this.depth)}<${this.tag(name, attrs)}>`);
    this.depth++;
    return this;
  }

  close(name: string): this {
    this.depth--;
    this.lines.push(`${'  '.repeat(this.depth)}</${name}>`);
    return this;
  }

  empty(name: string, attrs: Attrs = {}): this {
    this.lines.push(`${'  '.repeat(this.depth)}<${this.tag(name, attrs)}/>`);
    return this;
  }

  text(name: string, text: string, attrs: Attrs = {}): this {
    this.lines.push(`${'  '.repeat(this.depth)}<${this.tag(name, attrs)}>${escapeXml(text)}</${name}>`);
    return this;
  }

  /** Opens an element with children, or writes it empty when `children` is false. */
  element(name: string, attrs: Attrs, children: boolean, body: () => void): this {
    if (!children) return this.empty(name, attrs);
    this.open(name, attrs);
    body();
    return this.close(name);
  }

  toString(): string {
    return `<?xml version="1.0" encoding="utf-8"?>\n${this.lines.join('\n')}\n`;
  }
}

function writeCode(x: Xml, c: RefiCode): void {
  x.element(
    'Code',
    { guid: c.guid, name: c.name, isCodable: c.isCodable, color: c.color },
    !!c.description || c.children.length > 0,
    () => {
      if (c.description) x.text('Description', c.description);
      for (const k of c.children) writeCode(x, k);
    },
  );
}

function writeValues(x: Xml, values: readonly RefiValue[], types: Map<string, RefiVariable>): void {
  for (const v of values) {
    const type = types.get(v.variable)?.type ?? 'Text';
    // The schema's integers and decimals have no exponents and no infinities.
    if (typeof v.value === 'number' && !Number.isFinite(v.value)) continue;
    const text = typeof v.value === 'number' ? decimal(v.value) : String(v.value);
    x.open('VariableValue').empty('VariableRef', { targetGUID: v.variable });
    x.text(`${type}Value`, text);
    x.close('VariableValue');
  }
}

/** A number with every digit it needs to read back the same, and no exponent: 5e-324 is not 0. */
function decimal(n: number): string {
  const [, sign, first, rest = '', exp] = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(n.toExponential())!;
  const digits = first! + rest;
  const e = Number(exp);
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
  if (e + 1 >= digits.length) return `${sign}${digits}${'0'.repeat(e + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
}

function writeCoding(x: Xml, c: RefiCoding): void {
  x.open('Coding', { guid: c.guid, creatingUser: c.user }).empty('CodeRef', { targetGUID: c.code }).close('Coding');
}

function writeSelection(x: Xml, s: RefiSelection): void {
  const attrs = { guid: s.guid, name: s.name, startPosition: s.start, endPosition: s.end, creatingUser: s.user };
  x.element('PlainTextSelection', attrs, !!s.description || s.codings.length > 0 || s.notes.length > 0, () => {
    if (s.description) x.text('Description', s.description);
    for (const c of s.codings) writeCoding(x, c);
    for (const n of s.notes) x.empty('NoteRef', { targetGUID: n });
  });
}

function writeSource(x: Xml, s: RefiSource, types: Map<string, RefiVariable>): void {
  const attrs = { guid: s.guid, name: s.name, plainTextPath: s.plainTextPath, creatingUser: s.user };
  const children = !!s.description || s.text !== undefined || s.selections.length + s.codings.length + s.notes.length + s.values.length > 0;
  x.element('TextSource', attrs, children, () => {
    if (s.description) x.text('Description', s.description);
    if (s.text !== undefined) x.text('PlainTextContent', s.text);
    for (const sel of s.selections) writeSelection(x, sel);
    for (const c of s.codings) writeCoding(x, c);
    for (const n of s.notes) x.empty('NoteRef', { targetGUID: n });
    writeValues(x, s.values, types);
  });
}

/** project.qde for a .qdpx archive. */
export function writeProjectXml(p: RefiProject): string {
  const x = new Xml();
  const types = new Map(p.variables.map((v) => [v.guid, v]));
  x.open('Project', {
    xmlns: PROJECT_NS,
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    'xsi:schemaLocation': `${PROJECT_NS} Project.xsd`,
    name: p.name,
    origin: p.origin,
    creatingUserGUID: p.creatingUser,
  });
  if (p.users.length) {
    x.open('Users');
    for (const u of p.users) x.empty('User', { guid: u.guid, id: u.id, name: u.name });
    x.close('Users');
  }
  if (p.codes.length) {
    x.open('CodeBook').open('Codes');
    for (const c of p.codes) writeCode(x, c);
    x.close('Codes').close('CodeBook');
  }
  if (p.variables.length) {
    x.open('Variables');
    for (const v of p.variables)
      x.element('Variable', { guid: v.guid, name: v.name, typeOfVariable: v.type }, !!v.description, () =>
        x.text('Description', v.description!),
      );
    x.close('Variables');
  }
  if (p.cases.length) {
    x.open('Cases');
    for (const c of p.cases) {
      x.element('Case', { guid: c.guid, name: c.name }, !!c.description || c.values.length + c.sources.length > 0, () => {
        if (c.description) x.text('Description', c.description);
        writeValues(x, c.values, types);
        for (const s of c.sources) x.empty('SourceRef', { targetGUID: s });
      });
    }
    x.close('Cases');
  }
  if (p.sources.length) {
    x.open('Sources');
    for (const s of p.sources) writeSource(x, s, types);
    x.close('Sources');
  }
  if (p.notes.length) {
    x.open('Notes');
    for (const n of p.notes) {
      x.open('Note', { guid: n.guid, name: n.name, creatingUser: n.user });
      if (n.description) x.text('Description', n.description);
      x.text('PlainTextContent', n.text);
      x.close('Note');
    }
    x.close('Notes');
  }
  if (p.description) x.text('Description', p.description);
  for (const n of p.projectNotes) x.empty('NoteRef', { targetGUID: n });
  x.close('Project');
  return x.toString();
}

/** A REFI-QDA codebook (.qdc): the code tree alone. */
export function writeCodebookXml(codes: readonly RefiCode[], origin: string): string {
  const x = new Xml();
  x.open('CodeBook', { xmlns: CODEBOOK_NS, origin }).open('Codes');
  for (const c of codes) writeCode(x, c);
  x.close('Codes').close('CodeBook');
  return x.toString();
}
