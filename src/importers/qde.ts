// Reads a REFI-QDA project (project.qde) or codebook (.qdc) into the exchange model. Real exports
// are not always tidy: what the schema requires and fokus needs is checked with its position,
// anything else fokus has no place for is counted in `skipped` rather than refused.
import { UserError } from '../errors.js';
import { GUID_RE } from '../core/ids.js';
import {
  normGuid,
  type At,
  type RefiCode,
  type RefiCoding,
  type RefiProject,
  type RefiSelection,
  type RefiSource,
  type RefiValue,
  type RefiVariable,
  type VariableType,
} from '../core/refi.js';
import { element, elements, parseXml, textOf, type XmlElement } from './xml.js';

const TYPES: readonly VariableType[] = ['Text', 'Boolean', 'Integer', 'Float', 'Date'];

class Reader {
  readonly skipped: Record<string, number> = {};
  constructor(readonly file: string) {}

  at(el: XmlElement): At {
    return { line: el.line, col: el.col };
  }

  fail(el: XmlElement, message: string): never {
    throw new UserError(message, { file: this.file, line: el.line, col: el.col }, 'bad-refi');
  }

  attr(el: XmlElement, name: string): string {
    const v = el.attrs[name];
    if (v === undefined) this.fail(el, `<${el.name}> has no ${name} attribute, which REFI-QDA requires`);
    return v;
  }

  guid(el: XmlElement, name = 'guid'): string {
    const v = this.attr(el, name);
    if (!GUID_RE.test(v.trim())) this.fail(el, `<${el.name}> ${name}="${v}" is not a GUID`);
    return normGuid(v);
  }

  optGuid(el: XmlElement, name: string): string | undefined {
    const v = el.attrs[name];
    return v !== undefined && GUID_RE.test(v.trim()) ? normGuid(v) : undefined;
  }

  int(el: XmlElement, name: string): number {
    const v = this.attr(el, name).trim();
    if (!/^[+-]?\d+$/.test(v)) this.fail(el, `<${el.name}> ${name}="${v}" is not a whole number`);
    return Number(v);
  }

  description(el: XmlElement): string | undefined {
    const d = element(el, 'Description');
    const t = d ? textOf(d).trim() : '';
    return t || undefined;
  }

  skip(name: string, n = 1): void {
    this.skipped[name] = (this.skipped[name] ?? 0) + n;
  }

  code(el: XmlElement): RefiCode {
    const c: RefiCode = {
      guid: this.guid(el),
      name: this.attr(el, 'name'),
      isCodable: el.attrs.isCodable !== 'false' && el.attrs.isCodable !== '0',
      children: elements(el, 'Code').map((k) => this.code(k)),
      at: this.at(el),
    };
    const colour = el.attrs.color?.trim();
    if (colour && /^#([0-9a-f]{6}|[0-9a-f]{3})$/i.test(colour)) c.color = colour;
    const d = this.description(el);
    if (d) c.description = d;
    return c;
  }

  codes(book: XmlElement | undefined): RefiCode[] {
    if (!book) return [];
    const codes = element(book, 'Codes');
    if (element(book, 'Sets')) this.skip('Sets');
    return codes ? elements(codes, 'Code').map((c) => this.code(c)) : [];
  }

  coding(el: XmlElement): RefiCoding {
    const ref = element(el, 'CodeRef');
    if (!ref) this.fail(el, '<Coding> has no <CodeRef>');
    const c: RefiCoding = { guid: this.guid(el), code: this.guid(ref, 'targetGUID'), at: this.at(el) };
    const user = this.optGuid(el, 'creatingUser');
    if (user) c.user = user;
    return c;
  }

  values(el: XmlElement): RefiValue[] {
    const out: RefiValue[] = [];
    for (const v of elements(el, 'VariableValue')) {
      const ref = element(v, 'VariableRef');
      const val = elements(v).find((x) => x.name.endsWith('Value'));
      if (!ref || !val) continue;
      const text = textOf(val).trim();
      const value =
        val.name === 'BooleanValue'
          ? text === 'true' || text === '1'
          : val.name === 'IntegerValue' || val.name === 'FloatValue'
            ? Number(text)
            : text;
      if (typeof value === 'number' && !Number.isFinite(value)) continue;
      out.push({ variable: this.guid(ref, 'targetGUID'), value });
    }
    return out;
  }

  noteRefs(el: XmlElement): string[] {
    return elements(el, 'NoteRef').map((n) => this.guid(n, 'targetGUID'));
  }

  selection(el: XmlElement): RefiSelection {
    const start = this.int(el, 'startPosition');
    const end = this.int(el, 'endPosition');
    if (start < 0 || end < start)
      this.fail(el, `<PlainTextSelection> runs from ${start} to ${end}: the end must not come before the start`);
    const s: RefiSelection = {
      guid: this.guid(el),
      start,
      end,
      codings: elements(el, 'Coding').map((c) => this.coding(c)),
      notes: this.noteRefs(el),
      at: this.at(el),
    };
    if (el.attrs.name !== undefined) s.name = el.attrs.name;
    const d = this.description(el);
    if (d) s.description = d;
    const user = this.optGuid(el, 'creatingUser');
    if (user) s.user = user;
    return s;
  }

  source(el: XmlElement): RefiSource {
    const s: RefiSource = {
      guid: this.guid(el),
      selections: elements(el, 'PlainTextSelection').map((x) => this.selection(x)),
      codings: elements(el, 'Coding').map((c) => this.coding(c)),
      notes: this.noteRefs(el),
      values: this.values(el),
      at: this.at(el),
    };
    if (el.attrs.name !== undefined) s.name = el.attrs.name;
    const d = this.description(el);
    if (d) s.description = d;
    const content = element(el, 'PlainTextContent');
    if (content) s.text = textOf(content);
    else if (el.attrs.plainTextPath) s.plainTextPath = el.attrs.plainTextPath;
    else this.fail(el, '<TextSource> has neither a plainTextPath nor <PlainTextContent>, so its text cannot be found');
    const user = this.optGuid(el, 'creatingUser');
    if (user) s.user = user;
    return s;
  }
}

function checkRoot(r: Reader, root: XmlElement, want: 'Project' | 'CodeBook'): void {
  if (root.name !== want)
    r.fail(root, `expected a REFI-QDA ${want === 'Project' ? 'project' : 'codebook'} (<${want}>), found <${root.name}>`);
  if (root.uri && !root.uri.startsWith('urn:QDA-XML:'))
    r.fail(root, `<${root.name}> is in the namespace ${root.uri}, not REFI-QDA's urn:QDA-XML:…`);
}

/** project.qde as the exchange model; a codebook (.qdc) reads as a project with only codes. */
export function readProjectXml(file: string, xml: string): RefiProject {
  const r = new Reader(file);
  const root = parseXml(file, xml);
  if (root.name === 'CodeBook') {
    checkRoot(r, root, 'CodeBook');
    return {
      name: '',
      users: [],
      codes: r.codes(root),
      variables: [],
      cases: [],
      sources: [],
      notes: [],
      projectNotes: [],
      skipped: r.skipped,
    };
  }
  checkRoot(r, root, 'Project');
  const users = elements(element(root, 'Users') ?? root, 'User').map((u) => {
    const x: RefiProject['users'][number] = { guid: r.guid(u) };
    if (u.attrs.id) x.id = u.attrs.id;
    if (u.attrs.name) x.name = u.attrs.name;
    return x;
  });
  const variables: RefiVariable[] = elements(element(root, 'Variables') ?? root, 'Variable').map((v) => {
    const type = r.attr(v, 'typeOfVariable') as VariableType;
    const x: RefiVariable = { guid: r.guid(v), name: r.attr(v, 'name'), type: TYPES.includes(type) ? type : 'Text' };
    const d = r.description(v);
    if (d) x.description = d;
    return x;
  });
  const cases = elements(element(root, 'Cases') ?? root, 'Case').map((c) => {
    const x: RefiProject['cases'][number] = {
      guid: r.guid(c),
      values: r.values(c),
      sources: elements(c, 'SourceRef').map((s) => r.guid(s, 'targetGUID')),
    };
    if (c.attrs.name) x.name = c.attrs.name;
    const d = r.description(c);
    if (d) x.description = d;
    return x;
  });
  const sources: RefiSource[] = [];
  for (const s of elements(element(root, 'Sources') ?? root)) {
    if (s.name === 'TextSource') sources.push(r.source(s));
    else r.skip(s.name);
  }
  const notes = elements(element(root, 'Notes') ?? root, 'Note').map((n) => {
    const content = element(n, 'PlainTextContent');
    const x: RefiProject['notes'][number] = { guid: r.guid(n), text: content ? textOf(content) : '' };
    if (!content && n.attrs.plainTextPath) x.plainTextPath = n.attrs.plainTextPath;
    if (n.attrs.name) x.name = n.attrs.name;
    const user = r.optGuid(n, 'creatingUser');
    if (user) x.user = user;
    const d = r.description(n);
    if (d) x.description = d;
    return x;
  });
  for (const name of ['Links', 'Sets', 'Graphs']) if (element(root, name)) r.skip(name, elements(element(root, name)!).length);
  const p: RefiProject = {
    name: root.attrs.name ?? '',
    users,
    codes: r.codes(element(root, 'CodeBook')),
    variables,
    cases,
    sources,
    notes,
    projectNotes: r.noteRefs(root),
    skipped: r.skipped,
  };
  if (root.attrs.origin) p.origin = root.attrs.origin;
  const creator = r.optGuid(root, 'creatingUserGUID');
  if (creator) p.creatingUser = creator;
  const d = r.description(root);
  if (d) p.description = d;
  return p;
}
