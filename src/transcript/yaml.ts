// transcript.yaml: `turns:` holding turns (id, speaker, start, end, text) and headings (heading, question).
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { Problem } from '../errors.js';
import { LOCAL_ID_RE } from '../core/ids.js';
import type { Block, Transcript, Turn } from '../core/model.js';
import { normalizeText, oneLine } from '../core/text.js';
import { formatTime, parseTime, secondsToMs } from '../core/time.js';
import { parseYaml, stringifyYaml, yamlProblems, type Pos, type YamlFile } from '../store/yaml-doc.js';
import { finishTranscript, keptTime, type Field, type TranscriptRead } from './common.js';

const TURN_KEYS = ['id', 'speaker', 'start', 'end', 'text'];
const HEADING_KEYS = ['heading', 'question'];

export function readYamlTranscript(file: string, text: string): TranscriptRead {
  const positions: Partial<Record<Field, Pos>>[] = [];
  const locate = (block: number, field: Field = 'block'): Pos =>
    positions[block]?.[field] ?? positions[block]?.block ?? { line: 1, col: 1 };
  const y = parseYaml({ path: file, text, bom: false, eol: '\n' });
  if (y.tooDeep) return finishTranscript(file, undefined, undefined, [], locate, [y.tooDeep]);
  const problems = yamlProblems(y).map((p) => hintUnknownSpeaker(p, text));
  const at = (node: Node | null | undefined): Pos => y.lc.linePos(node?.range?.[0] ?? 0);
  const err = (node: Node | null | undefined, message: string, code = 'transcript-syntax') =>
    problems.push({ severity: 'error', code, message, file, ...at(node) });
  if (problems.some((p) => p.severity === 'error')) return finishTranscript(file, undefined, undefined, [], locate, problems);

  const root = y.doc.contents;
  if (!isMap(root)) {
    err(
      root,
      root ? 'expected title:, source: and turns: at the top of the file' : 'the transcript is empty',
      root ? 'transcript-syntax' : 'empty-transcript',
    );
    return finishTranscript(file, undefined, undefined, [], locate, problems);
  }
  let title: string | undefined;
  let source: string | undefined;
  let turns: Node | null = null;
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    if ((key === 'title' || key === 'source') && isScalar(value) && value.value === null) continue; // no title, as in Markdown
    if (key === 'title' || key === 'source') {
      const s = scalarText(y, value);
      if (s === undefined) err(value ?? (pair.key as Node), `'${key}' must be text`);
      else if (key === 'title') title = oneLine(s);
      else source = oneLine(s);
    } else if (key === 'turns') turns = value;
    else err(pair.key as Node, `unknown field '${key}' (expected title, source, turns)`);
  }
  if (!isSeq(turns)) {
    if (turns === null || (isScalar(turns) && turns.value === null)) {
      err(root, 'the transcript has no turns: add a turns: list', 'empty-transcript');
    } else err(turns, 'turns: must be a list of turns and headings');
    return finishTranscript(file, title, source, [], locate, problems);
  }

  const drafts: (Block | (Omit<Turn, 'id'> & { id?: string }))[] = [];
  const textNodes: (Node | undefined)[] = [];
  for (const item of turns.items as (Node | null)[]) {
    const pos: Partial<Record<Field, Pos>> = { block: at(item) };
    positions.push(pos);
    if (!isMap(item)) {
      err(item, 'each item under turns: must be a turn (speaker, text) or a heading (heading, question)');
      drafts.push({ kind: 'heading', title: '' });
      continue;
    }
    const fields = new Map<string, Node | null>();
    for (const pair of item.items) {
      if (!isPair(pair)) continue;
      const k = isScalar(pair.key) ? String(pair.key.value) : '';
      fields.set(k, pair.value as Node | null);
      const fieldName: Field = k === 'start' || k === 'end' ? 'time' : k === 'heading' ? 'title' : (k as Field);
      if (!pos[fieldName]) pos[fieldName] = at((pair.value as Node | null) ?? (pair.key as Node));
    }
    const isHeading = fields.has('heading');
    const allowed = isHeading ? HEADING_KEYS : TURN_KEYS;
    for (const pair of item.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!allowed.includes(k))
        err(pair.key as Node, `unknown field '${k}' in a ${isHeading ? 'heading' : 'turn'} (expected ${allowed.join(', ')})`);
    }
    if (isHeading) {
      const h: Block = { kind: 'heading', title: oneLine(scalarText(y, fields.get('heading') ?? null) ?? '') };
      const q = fields.get('question');
      if (q !== undefined) {
        const qs = scalarText(y, q);
        if (qs === undefined || !LOCAL_ID_RE.test(qs)) err(q, `expected a question id like q3, got '${qs ?? ''}'`);
        else h.question = qs;
      }
      drafts.push(h);
      continue;
    }
    const draft: Omit<Turn, 'id'> & { id?: string } = { kind: 'turn', speaker: '', text: '' };
    const speaker = fields.get('speaker');
    const sp = speaker === undefined ? undefined : scalarText(y, speaker)?.trim();
    if (!sp)
      err(speaker ?? item, speaker === undefined ? 'a turn needs a speaker: field' : 'the speaker must not be empty', 'missing-speaker');
    else draft.speaker = sp;
    const id = fields.get('id');
    if (id !== undefined) {
      const s = scalarText(y, id);
      if (s === undefined || !LOCAL_ID_RE.test(s)) err(id, `expected a turn id like t12, got '${s ?? ''}'`, 'bad-id');
      else draft.id = s;
    }
    for (const k of ['start', 'end'] as const) {
      const node = fields.get(k);
      if (node === undefined || (isScalar(node) && node.value === null)) continue;
      const v = isScalar(node) ? node.value : undefined;
      const ms = keptTime(typeof v === 'number' && v >= 0 ? secondsToMs(v) : typeof v === 'string' ? parseTime(v) : undefined);
      if (ms === undefined)
        err(node, `expected a time like 00:04:12 or a number of seconds, got '${scalarText(y, node) ?? ''}'`, 'bad-time');
      else draft[k] = ms;
    }
    if (draft.end !== undefined && draft.start === undefined)
      err(fields.get('end'), 'a turn with an end time needs a start time', 'bad-time');
    const t = fields.get('text');
    textNodes[drafts.length] = t ?? undefined;
    if (t !== undefined && !(isScalar(t) && t.value === null)) {
      const s = scalarText(y, t);
      if (s === undefined) err(t, 'text must be text (use a block scalar |- for several lines)');
      else draft.text = normalizeText(s);
    }
    drafts.push(draft);
  }
  if (drafts.length === 0) err(turns, 'the transcript has no turns', 'empty-transcript');
  // A literal block (`|`) keeps lines as written, so a spot in the text maps to its line and column.
  const locateText = (block: number, offset: number): Pos => {
    const node = textNodes[block];
    if (!isScalar(node) || node.type !== 'BLOCK_LITERAL' || !node.range) return locate(block, 'text');
    const body = y.source.indexOf('\n', node.range[0]) + 1;
    const indent = /^ */.exec(y.source.slice(body))![0].length;
    const before = ((drafts[block] as { text?: string }).text ?? '').slice(0, offset).split('\n');
    return { line: y.lc.linePos(body).line + before.length - 1, col: indent + before[before.length - 1]!.length + 1 };
  };
  return finishTranscript(file, title, source, drafts, locate, problems, locateText);
}

/** A scalar's text as the user wrote it: `1.50` stays `1.50`, `no` stays `no`. */
function scalarText(y: YamlFile, node: Node | null | undefined): string | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'string') return node.value;
  if (node.value === null) return '';
  if (node.range && (typeof node.value === 'number' || typeof node.value === 'boolean')) {
    return y.source.slice(node.range[0], node.range[1]).trim();
  }
  return String(node.value);
}

function hintUnknownSpeaker(p: Problem, text: string): Problem {
  if (p.line === undefined || p.col === undefined) return p;
  const line = text.split('\n')[p.line - 1] ?? '';
  if (/^\s*-?\s*speaker:\s*\?\s*$/.test(line)) {
    return { ...p, message: 'write an unknown speaker as speaker: "?" (in quotes: a bare ? means something else in YAML)' };
  }
  return p;
}

export function writeYamlTranscript(t: Transcript): string {
  const data: Record<string, unknown> = {};
  if (t.title !== undefined) data.title = t.title;
  if (t.source !== undefined) data.source = t.source;
  data.turns = t.blocks.map((b) => {
    if (b.kind === 'heading') return b.question === undefined ? { heading: b.title } : { heading: b.title, question: b.question };
    const o: Record<string, unknown> = { id: b.id, speaker: b.speaker };
    if (b.start !== undefined) o.start = formatTime(b.start);
    if (b.end !== undefined) o.end = formatTime(b.end);
    o.text = b.text;
    return o;
  });
  return stringifyYaml(data);
}
