// The REFI-QDA exchange model (QDA-XML 1.0, the schema NVivo, ATLAS.ti, MAXQDA and QualCoder
// share), as plain data: readers of .qdpx/.qdc files produce it, the project export builds it,
// and one writer turns it into XML. Positions are in characters (Unicode code points) of a
// source's plain text, as the standard counts them.
import { createHash } from 'node:crypto';

export type VariableType = 'Text' | 'Boolean' | 'Integer' | 'Float' | 'Date';

export interface RefiUser {
  guid: string;
  id?: string;
  name?: string;
}

export interface RefiCode {
  guid: string;
  name: string;
  isCodable: boolean;
  /** `#rrggbb`. */
  color?: string;
  description?: string;
  children: RefiCode[];
  /** Where the element was read, for messages. */
  at?: At;
}

export interface RefiVariable {
  guid: string;
  name: string;
  type: VariableType;
  description?: string;
}

export interface RefiValue {
  /** The variable's GUID. */
  variable: string;
  value: string | number | boolean;
}

export interface RefiCase {
  guid: string;
  name?: string;
  description?: string;
  values: RefiValue[];
  /** GUIDs of the sources the case appears in. */
  sources: string[];
}

export interface RefiCoding {
  guid: string;
  /** The code's GUID. */
  code: string;
  /** The coding user's GUID. */
  user?: string;
  at?: At;
}

export interface RefiSelection {
  guid: string;
  name?: string;
  /** Code points into the source's plain text, end exclusive. */
  start: number;
  end: number;
  description?: string;
  user?: string;
  codings: RefiCoding[];
  /** GUIDs of notes about the selection (memos). */
  notes: string[];
  at?: At;
}

export interface RefiSource {
  guid: string;
  name?: string;
  description?: string;
  /** `internal://file.txt` (or a path), or the text itself in `text`. */
  plainTextPath?: string;
  text?: string;
  user?: string;
  selections: RefiSelection[];
  /** Codings of the source as a whole. */
  codings: RefiCoding[];
  notes: string[];
  values: RefiValue[];
  at?: At;
}

export interface RefiNote {
  guid: string;
  name?: string;
  text: string;
  /** Where the text is when it is not inline; a reader fills `text` from it. */
  plainTextPath?: string;
  user?: string;
  description?: string;
}

export interface RefiProject {
  name: string;
  origin?: string;
  creatingUser?: string;
  users: RefiUser[];
  codes: RefiCode[];
  variables: RefiVariable[];
  cases: RefiCase[];
  sources: RefiSource[];
  notes: RefiNote[];
  description?: string;
  /** Notes about the project as a whole. */
  projectNotes: string[];
  /** Parts of a read file fokus has no place for (sets, graphs, links, pictures, ...), by element. */
  skipped?: Record<string, number>;
}

export interface At {
  line: number;
  col: number;
}

// fokus's own namespace for name-based GUIDs (RFC 9562 version 5).
const FOKUS_NAMESPACE = '6f6b7573-0000-5000-8000-666f6b757321';

/** A version 5 UUID: the same name in the same namespace always gives the same GUID. */
export function uuid5(name: string, namespace = FOKUS_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** GUIDs are compared without braces or case: tools write `{ABC...}` and `abc...` for the same one. */
export function normGuid(g: string): string {
  return g
    .trim()
    .replace(/^\{|\}$/g, '')
    .toLowerCase();
}

/** The length of a string in code points, as REFI-QDA counts positions. */
export function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const p = s.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) n--;
    }
  }
  return n;
}

/** Converts UTF-16 indexes of `text` to code-point positions (cheap when the text has no astral characters). */
export function toCodePoints(text: string): (index: number) => number {
  if (!/[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(text)) return (i) => i;
  const before = new Int32Array(text.length + 1);
  let pairs = 0;
  for (let i = 0; i < text.length; i++) {
    before[i] = pairs;
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        pairs++;
        before[++i] = pairs - 1;
      }
    }
  }
  before[text.length] = pairs;
  return (i) => i - before[i]!;
}
