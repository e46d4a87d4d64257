// The leak check every export passes before it is written: the text that would be written (for a
// Word file, the XML of each part) searched for every name, alias and listed identifier in the
// key. A hit refuses the export and says where, by whose name it is, never by the name.
import { UserError, formatProblem, type Problem } from '../errors.js';
import { blockText, type Doc } from '../doc/model.js';
import { leakProblems } from './leak-check.js';
import type { Key } from './model.js';
import { findLeaks, nameFinder } from './pseudonymise.js';

export interface ExportText {
  /** The file as shown: `report.docx` or `report.docx › word/document.xml`. */
  file: string;
  text: string;
}

export type LeakCheck = 'passed' | 'no-key';

/** XML text with its character references read, so `&amp;` or `&#xE5;` cannot hide a name. */
export function xmlText(xml: string): string {
  return xml.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const k = e.toLowerCase();
    if (k === 'amp') return '&';
    if (k === 'lt') return '<';
    if (k === 'gt') return '>';
    if (k === 'quot') return '"';
    if (k === 'apos') return "'";
    return String.fromCodePoint(k.startsWith('#x') ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10));
  });
}

/** Every hit in the texts; `allowed`: team codes whose names the output may carry (researchers are named). */
export function exportLeaks(texts: readonly ExportText[], key: Key, allowed: ReadonlySet<string>): Problem[] {
  return leakProblems(
    texts.map((t) => ({ ...t, allowed })),
    key,
  );
}

/** Where in a document a hit is: the headings above the first block that holds it. */
export function leakSection(doc: Doc, key: Key, allowed: ReadonlySet<string>): string | undefined {
  const finder = nameFinder(key);
  const trail: string[] = [];
  const hit = (s: string) => findLeaks(s, finder, key.identifiers).some((l) => l.kind !== 'name' || !allowed.has(l.codes[0]!));
  for (const b of doc.blocks) {
    if (b.kind === 'heading') {
      trail.length = b.level - 1;
      trail[b.level - 1] = b.text;
    }
    if (hit(blockText(b))) return trail.filter(Boolean).join(' › ') || doc.title;
  }
  return undefined;
}

/** Refuses an export with a hit: one line, the first hit's place, how many more. */
export function refuseLeaks(problems: readonly Problem[], section?: string): never {
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  const where = section ? ` under «${section}»` : '';
  throw new UserError(
    `${formatProblem({ ...first, severity: 'error' })}${where}${more}; nothing was written. Replace it in the project (fokus validate shows where) and export again`,
    undefined,
    'name-leak',
  );
}
