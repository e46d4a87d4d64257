// Re-drafting a summary the researcher has already worked on. fokus remembers what it wrote for
// each point (a fingerprint in the draft record); a point still exactly as fokus wrote it is
// refreshed from the tags, a point the researcher edited (or the group validated) is kept word
// for word, a point they deleted stays deleted, and material that is new since the last draft is
// added as a proposal.
import type { Lang, Manifest } from './model.js';
import {
  OPEN_SECTION,
  SECTION_TITLE,
  blankAfter,
  blockHash,
  cloneSummary,
  insertSection,
  lastLines,
  newSection,
  type Block,
  type SummaryDoc,
} from './summary.js';
import { pointLines, type Draft, type DraftPoint } from './summary-draft.js';

export interface DraftedBlock {
  key: string;
  hash: string;
  proposed?: boolean;
}

/** `history/summary-drafted.yaml`: what fokus drafted, by block id. */
export interface DraftRecord {
  points: Record<string, DraftedBlock>;
}

export type MergeAction = 'added' | 'refreshed' | 'kept' | 'removed' | 'numbered';

export interface MergeChange {
  id: string;
  action: MergeAction;
  title: string;
  /** Why a point was kept as it is. */
  why?: 'edited' | 'validated';
}

export interface MergeInput {
  existing?: SummaryDoc;
  record: DraftRecord;
  draft: Draft;
  /** Point ids the group has responded to: never rewritten. */
  validated: ReadonlySet<string>;
  manifest: Manifest;
  lang: Lang;
  /** Front matter and head for a new summary. */
  fresh: { front: string[]; head: string[] };
}

export interface MergeResult {
  doc: SummaryDoc;
  record: DraftRecord;
  changes: MergeChange[];
}

interface Item {
  key: string;
  theme: { id: string; title: string };
  render: (id: string, proposed: boolean) => Block;
}

function items(input: MergeInput): Item[] {
  const { draft, manifest, lang } = input;
  const out: Item[] = [];
  for (const t of draft.themes)
    for (const p of t.points)
      out.push({
        key: p.key,
        theme: t,
        render: (id, proposed) => pointBlock(p, id, proposed, manifest, lang),
      });
  const open = { id: OPEN_SECTION, title: SECTION_TITLE[lang].open };
  for (const o of draft.open)
    out.push({ key: `open ${o.key}`, theme: open, render: (id) => ({ head: `- ${o.text} {#${id}}`, id, title: o.text, lines: [] }) });
  return out;
}

function pointBlock(p: DraftPoint, id: string, proposed: boolean, m: Manifest, lang: Lang): Block {
  return { head: `### ${p.title} {#${id}}`, id, title: p.title, lines: pointLines(p, m, lang, proposed) };
}

function nextId(prefix: 'p' | 'o', doc: SummaryDoc, record: DraftRecord): () => string {
  let n = 0;
  const see = (id: string | undefined) => {
    const m = id ? new RegExp(`^${prefix}(\\d+)$`).exec(id) : null;
    if (m) n = Math.max(n, Number(m[1]));
  };
  for (const s of doc.sections) for (const b of s.blocks) see(b.id);
  for (const id of Object.keys(record.points)) see(id);
  return () => `${prefix}${++n}`;
}

/** Ends the document with exactly one newline after its last line of text. */
function endWithNewline(doc: SummaryDoc): void {
  const last = doc.sections.at(-1);
  const lines = last ? (last.blocks.at(-1)?.lines ?? last.lines) : doc.head;
  while (lines.length > 1 && lines.at(-1) === '' && lines.at(-2) === '') lines.pop();
  if (lines.at(-1) !== '') lines.push('');
}

export function mergeSummary(input: MergeInput): MergeResult {
  const record: DraftRecord = { points: { ...input.record.points } };
  const changes: MergeChange[] = [];
  const fresh = items(input);
  const freshByKey = new Map(fresh.map((i) => [i.key, i]));
  const drafted = new Set(Object.values(record.points).map((r) => r.key));
  const proposing = input.existing !== undefined;
  const doc: SummaryDoc = input.existing
    ? cloneSummary(input.existing)
    : { front: input.fresh.front, head: input.fresh.head, sections: [] };
  const nextPoint = nextId('p', doc, record);
  const nextOpen = nextId('o', doc, record);

  // What is in the file: refresh what nobody touched, keep the rest.
  for (const s of doc.sections) {
    s.blocks = s.blocks.flatMap((b) => {
      if (!b.id) {
        const id = s.id === OPEN_SECTION ? nextOpen() : nextPoint();
        changes.push({ id, action: 'numbered', title: b.title });
        return [{ ...b, id, head: `${b.head.trimEnd()} {#${id}}` }];
      }
      const rec = record.points[b.id];
      if (!rec) return [b];
      const validated = input.validated.has(b.id);
      if (validated || blockHash(b) !== rec.hash) {
        changes.push({ id: b.id, action: 'kept', title: b.title, why: validated ? 'validated' : 'edited' });
        return [b];
      }
      const item = freshByKey.get(rec.key);
      if (!item) {
        delete record.points[b.id];
        changes.push({ id: b.id, action: 'removed', title: b.title });
        return [];
      }
      const next = item.render(b.id, rec.proposed === true);
      record.points[b.id] = { ...rec, hash: blockHash(next) };
      if (next.head !== b.head || next.lines.join('\n') !== b.lines.join('\n'))
        changes.push({ id: b.id, action: 'refreshed', title: next.title });
      return [next];
    });
  }

  // Material fokus has not drafted before: proposals in an existing summary, the draft in a new one.
  for (const item of fresh) {
    if (drafted.has(item.key)) continue;
    const open = item.theme.id === OPEN_SECTION;
    const id = open ? nextOpen() : nextPoint();
    const block = item.render(id, proposing && !open);
    let section = doc.sections.find((s) => s.id === item.theme.id);
    if (!section) {
      section = newSection(item.theme.id, item.theme.title);
      insertSection(doc, section, open);
    }
    if (!open || section.blocks.length === 0) blankAfter(lastLines(section));
    section.blocks.push(block);
    const rec: DraftedBlock = { key: item.key, hash: blockHash(block) };
    if (proposing && !open) rec.proposed = true;
    record.points[id] = rec;
    drafted.add(item.key);
    changes.push({ id, action: 'added', title: block.title });
  }
  // A list of open questions reads as one list: a blank line after it, none inside.
  const openSection = doc.sections.find((s) => s.id === OPEN_SECTION);
  if (openSection)
    openSection.blocks.forEach((b, i) => {
      if (record.points[b.id ?? '']?.hash === blockHash(b)) b.lines = i === openSection.blocks.length - 1 ? [''] : [];
    });
  endWithNewline(doc);
  return { doc, record, changes };
}
