// Communicative validation: at the group's next session the summary is presented point by point,
// and the group confirms, corrects, nuances or rejects each point and adds what was missing.
// The record (`sessions/<id>/feedback.yaml`) is kept beside the summary it validates; the summary
// carries one line per response, written from the record.
import { UserError, type Problem } from '../errors.js';
import type { AddedPoint, Feedback, Lang, Respondents, ResponseKind, ValidationResponse } from './model.js';

import {
  ADDED_SECTION,
  OPEN_SECTION,
  SECTION_TITLE,
  isMetaLine,
  isValidationLine,
  pointIds,
  blankAfter,
  cloneSummary,
  insertSection,
  lastLines,
  newSection,
  type Block,
  type SummaryDoc,
} from './summary.js';

const WORDS = {
  nb: {
    validated: (n: string, date?: string) => `Validert på samling ${n}${date ? ` (${date})` : ''}`,
    added: (n: string, date?: string) => `Lagt til på samling ${n}${date ? ` (${date})` : ''}`,
    response: { confirmed: 'bekreftet', corrected: 'korrigert', nuanced: 'nyansert', rejected: 'avvist' },
    by: (who: string) => `av ${who}`,
    group: 'gruppa',
  },
  en: {
    validated: (n: string, date?: string) => `Validated at session ${n}${date ? ` (${date})` : ''}`,
    added: (n: string, date?: string) => `Added at session ${n}${date ? ` (${date})` : ''}`,
    response: { confirmed: 'confirmed', corrected: 'corrected', nuanced: 'nuanced', rejected: 'rejected' },
    by: (who: string) => `by ${who}`,
    group: 'the group',
  },
} as const;

export function responseLabel(r: ResponseKind, lang: Lang): string {
  return WORDS[lang].response[r];
}

/** Who responded, in words: `gruppa`, `the group`, or the codes. */
export function who(by: Respondents | undefined, lang: Lang): string {
  if (by === undefined || by === 'group') return WORDS[lang].group;
  return by.join(', ');
}

/** Every point id the group has responded to or added. */
export function validatedIds(fb: Feedback | undefined): Set<string> {
  const out = new Set<string>();
  for (const v of fb?.validations ?? []) {
    for (const r of v.responses) out.add(r.point);
    for (const a of v.added ?? []) out.add(a.point);
  }
  return out;
}

/** The latest response to each point. */
export function latestResponses(fb: Feedback | undefined): Map<string, ValidationResponse & { at: string }> {
  const out = new Map<string, ValidationResponse & { at: string }>();
  for (const v of fb?.validations ?? []) for (const r of v.responses) out.set(r.point, { ...r, at: v.at });
  return out;
}

export interface NewRound {
  at: string;
  date?: string;
  responses: ValidationResponse[];
  added: { text: string; by?: Respondents; theme?: string }[];
  note?: string;
}

export interface RecordInput {
  doc: SummaryDoc;
  feedback: Feedback;
  round: NewRound;
  /** The summary's version now (the one presented). */
  version: number;
  /** Ids used before (drafted or deleted) that a new point must not take. */
  usedIds: Iterable<string>;
  /** A session's number in its series, for "validated at session 2". */
  numberOf: (session: string) => number | undefined;
  lang: Lang;
}

export interface RecordResult {
  doc: SummaryDoc;
  feedback: Feedback;
  /** True when this is the first record of a presentation: the summary gets a new version. */
  newVersion: boolean;
  added: AddedPoint[];
}

/** Adds a round of responses (or more responses to a round already begun) and writes the lines into the summary. */
export function recordValidation(input: RecordInput): RecordResult {
  const { round, lang } = input;
  const ids = new Set(pointIds(input.doc));
  const problems: Problem[] = [];
  const known = [...ids].join(', ');
  const validations = input.feedback.validations.map((v) => ({ ...v, responses: [...v.responses], added: [...(v.added ?? [])] }));
  let current = validations.find((v) => v.at === round.at);
  const newVersion = current === undefined;
  if (!current) {
    current = { at: round.at, version: input.version, responses: [], added: [] };
    if (round.date) current.date = round.date;
    validations.push(current);
  }
  const seen = new Set<string>();
  for (const r of round.responses) {
    if (!ids.has(r.point)) {
      problems.push({
        severity: 'error',
        code: 'unknown-point',
        message: `the summary has no point ${r.point}${known ? ` (points: ${known})` : ''}`,
      });
      continue;
    }
    const before = current.responses.find((x) => x.point === r.point);
    if (before || seen.has(r.point)) {
      problems.push({
        severity: 'error',
        code: 'answered',
        message: `${r.point} already has a response from ${round.at}${before ? ` (${before.response})` : ''}; edit feedback.yaml to change it`,
      });
      continue;
    }
    seen.add(r.point);
    current.responses.push(r);
  }
  if (problems.length) throw UserError.of(problems);
  if (round.note) current.note = current.note ? `${current.note}\n${round.note}` : round.note;

  const doc = cloneSummary(input.doc);
  let n = 0;
  for (const id of [...ids, ...input.usedIds]) {
    const m = /^p(\d+)$/.exec(id);
    if (m) n = Math.max(n, Number(m[1]));
  }
  const added: AddedPoint[] = [];
  for (const a of round.added) {
    const point: AddedPoint = { point: `p${++n}`, text: a.text.trim() };
    if (a.by) point.by = a.by;
    if (a.theme) point.theme = a.theme;
    added.push(point);
    current.added.push(point);
    addPointBlock(doc, point, lang);
  }
  const feedback: Feedback = {
    validations: validations.map((v) => {
      const { added: more, ...rest } = v;
      return more.length ? { ...rest, added: more } : rest;
    }),
  };
  writeValidationLines(doc, feedback, input.numberOf, lang);
  return { doc, feedback, newVersion, added };
}

function titleOf(text: string): { title: string; rest: string } {
  const one = text.replace(/\s+/g, ' ').trim();
  const m = /^(.{12,90}?[.!?])\s+(.+)$/.exec(one);
  if (m) return { title: m[1]!.replace(/[.!]$/, ''), rest: m[2]! };
  return { title: one.replace(/[.!]$/, ''), rest: '' };
}

function addPointBlock(doc: SummaryDoc, a: AddedPoint, lang: Lang): void {
  const { title, rest } = titleOf(a.text);
  const block: Block = { head: `### ${title} {#${a.point}}`, id: a.point, title, lines: [''] };
  if (rest) block.lines.push(rest, '');
  let section = doc.sections.find((s) => s.id !== OPEN_SECTION && s.id === (a.theme ?? ADDED_SECTION));
  if (!section) {
    section = newSection(ADDED_SECTION, SECTION_TITLE[lang].added);
    insertSection(doc, section);
  }
  blankAfter(lastLines(section));
  section.blocks.push(block);
}

/** The summary's validation lines, rewritten from the record: one per response, under the point's meta line. */
export function writeValidationLines(doc: SummaryDoc, fb: Feedback, numberOf: (session: string) => number | undefined, lang: Lang): void {
  const lines = new Map<string, string[]>();
  const push = (id: string, line: string) => lines.set(id, [...(lines.get(id) ?? []), line]);
  const w = WORDS[lang];
  for (const v of fb.validations) {
    const n = String(numberOf(v.at) ?? v.at);
    for (const r of v.responses) {
      const note = r.note ? ` ${r.note.trim().replace(/\s+/g, ' ')}` : '';
      push(r.point, `**${w.validated(n, v.date)}:** ${w.response[r.response]} ${w.by(who(r.by, lang))}.${note}`);
    }
    for (const a of v.added ?? []) push(a.point, `**${w.added(n, v.date)}** ${w.by(who(a.by, lang))}.`);
  }
  for (const s of doc.sections) {
    if (s.id === OPEN_SECTION) continue;
    for (const b of s.blocks) {
      const own = b.id ? (lines.get(b.id) ?? []) : [];
      b.lines = withValidationLines(b.lines, own);
    }
  }
}

function withValidationLines(lines: string[], add: string[]): string[] {
  const out: string[] = [];
  for (const l of lines) {
    if (isValidationLine(l)) {
      if (out.at(-1) === '') out.pop();
      continue;
    }
    out.push(l);
  }
  if (!add.length) return out;
  const meta = out.findIndex(isMetaLine);
  if (meta >= 0) {
    out.splice(meta + 1, 0, ...add.flatMap((l) => ['', l]));
    return out;
  }
  if (!out.length) return ['', ...add.flatMap((l, i) => (i ? ['', l] : [l])), ''];
  out.splice(1, 0, ...add.flatMap((l) => [l, '']));
  return out;
}
