// transcript.md: `**P3** [00:04:12] #t12: text` turns and `## Title #q1` headings (docs/transcripts.md).
import { UserError, type Problem } from '../errors.js';
import { LOCAL_ID_RE } from '../core/ids.js';
import type { Block, Transcript, Turn } from '../core/model.js';
import { normalizeText, oneLine } from '../core/text.js';
import { formatTime, parseTime } from '../core/time.js';
import { locate, parseYaml, stringifyYaml, yamlData, yamlProblems, type Pos } from '../store/yaml-doc.js';
import { finishTranscript, keptTime, type Field, type TranscriptRead } from './common.js';

const BOLD = /^\*\*([^*\n]+?)\*\*(.*)$/;
const HEADING = /^(#{1,6})(?:[ \t]+(.*?))?[ \t]*$/;
const QUESTION_REF = /(^|[ \t])#([A-Za-z][A-Za-z0-9_-]*)$/;

interface Header {
  speaker: string;
  time?: { raw: string; col: number };
  id?: { raw: string; col: number };
  text: string;
  textCol: number;
}

/** Recognises a turn's first line; undefined when the line is not a turn header. */
function parseHeader(line: string): Header | undefined {
  const m = BOLD.exec(line);
  if (!m) return undefined;
  // `**P3: **` is `**P3:**`: blanks inside the bold go before the colon is looked for.
  let speaker = m[1]!.trim();
  let rest = m[2]!;
  let restCol = line.length - rest.length + 1;
  const colonInside = speaker.endsWith(':');
  if (colonInside) speaker = speaker.slice(0, -1).trim();
  if (!speaker) return undefined;
  const out: Header = { speaker, text: '', textCol: 0 };
  // Optional [time], then optional #id, then the colon (unless it was inside the bold).
  const time = /^([ \t]+)\[([^\]\n]*)\]/.exec(rest);
  if (time && (!colonInside || parseTimeSpan(time[2]!))) {
    out.time = { raw: time[2]!, col: restCol + time[1]!.length };
    rest = rest.slice(time[0].length);
    restCol += time[0].length;
  }
  const id = /^([ \t]+)#([^\s:]+)/.exec(rest);
  if (id) {
    out.id = { raw: id[2]!, col: restCol + id[1]!.length };
    rest = rest.slice(id[0].length);
    restCol += id[0].length;
  }
  const colon = colonInside ? /^[ \t]*/.exec(rest)! : /^[ \t]*:[ \t]?/.exec(rest);
  if (!colon) return undefined;
  out.text = rest.slice(colon[0].length);
  out.textCol = restCol + colon[0].length;
  return out;
}

function parseTimeSpan(raw: string): { start: number; end?: number } | undefined {
  const parts = raw.split(/[ \t]*[-–][ \t]*/);
  if (parts.length > 2) return undefined;
  const start = keptTime(parseTime(parts[0]!));
  if (start === undefined) return undefined;
  if (parts.length === 1) return { start };
  const end = keptTime(parseTime(parts[1]!));
  return end === undefined ? undefined : { start, end };
}

function unescapeTitle(s: string): string {
  return s.replace(/\\([\\#])/g, '$1');
}

function escapeTitle(s: string): string {
  const t = s.replace(/\\/g, '\\\\');
  return t.replace(QUESTION_REF, (_m, pre: string, id: string) => `${pre}\\#${id}`);
}

export function readMarkdownTranscript(file: string, text: string): TranscriptRead {
  const lines = text.split('\n');
  const problems: Problem[] = [];
  const err = (line: number, col: number, message: string, code = 'transcript-syntax') =>
    problems.push({ severity: 'error', code, message, file, line, col });
  const positions: Partial<Record<Field, Pos>>[] = [];
  const drafts: (Block | (Omit<Turn, 'id'> & { id?: string }))[] = [];
  let title: string | undefined;
  let source: string | undefined;

  let i = 0;
  if (lines[0] === '---') {
    const close = lines.indexOf('---', 1);
    if (close < 0) {
      err(1, 1, "front matter opened with '---' is never closed");
      i = lines.length;
    } else {
      const front = parseFrontMatter(file, lines.slice(1, close).join('\n'), problems);
      title = front.title;
      source = front.source;
      i = close + 1;
    }
  }

  let turn: { draft: Omit<Turn, 'id'> & { id?: string }; lines: string[]; origins: Pos[] } | undefined;
  // Where each line of a turn's text starts in the file, to point at a spot inside the text.
  const textLines: Pos[][] = [];
  const flush = () => {
    if (turn) {
      turn.draft.text = normalizeText(turn.lines.join('\n'));
      textLines[drafts.length - 1] = textOrigins(turn.lines, turn.origins);
    }
    turn = undefined;
  };

  for (; i < lines.length; i++) {
    const line = lines[i]!;
    const lineNo = i + 1;
    const header = parseHeader(line);
    if (header) {
      flush();
      const draft: Omit<Turn, 'id'> & { id?: string } = { kind: 'turn', speaker: header.speaker, text: '' };
      const pos: Partial<Record<Field, Pos>> = {
        block: { line: lineNo, col: 1 },
        speaker: { line: lineNo, col: 3 },
        text: { line: lineNo, col: header.textCol },
      };
      if (header.time) {
        pos.time = { line: lineNo, col: header.time.col };
        const span = parseTimeSpan(header.time.raw);
        if (!span)
          err(lineNo, header.time.col, `expected a time like [00:04:12] or [00:04:12-00:04:40], got '[${header.time.raw}]'`, 'bad-time');
        else {
          draft.start = span.start;
          if (span.end !== undefined) draft.end = span.end;
        }
      }
      if (header.id) {
        pos.id = { line: lineNo, col: header.id.col };
        if (!LOCAL_ID_RE.test(header.id.raw)) err(lineNo, header.id.col, `expected a turn id like #t12, got '#${header.id.raw}'`, 'bad-id');
        else draft.id = header.id.raw;
      }
      positions.push(pos);
      drafts.push(draft);
      turn = { draft, lines: [header.text], origins: [{ line: lineNo, col: header.textCol }] };
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      let body = heading[2] ?? '';
      const pos: Partial<Record<Field, Pos>> = { block: { line: lineNo, col: 1 }, title: { line: lineNo, col: heading[1]!.length + 2 } };
      const h: Block = { kind: 'heading', title: '' };
      const ref = QUESTION_REF.exec(body);
      if (ref) {
        h.question = ref[2]!;
        const bodyStart = line.length - line.replace(/^#{1,6}[ \t]+/, '').length;
        pos.question = { line: lineNo, col: bodyStart + ref.index + ref[1]!.length + 1 };
        body = body.slice(0, ref.index);
      }
      h.title = oneLine(unescapeTitle(body));
      positions.push(pos);
      drafts.push(h);
      continue;
    }
    const bold = BOLD.exec(line);
    if (bold && /^[A-Za-z][A-Za-z0-9_-]*:?$|^\?:?$/.test(bold[1]!.trim())) {
      err(
        lineNo,
        1,
        "this looks like a turn but has no ':' after the speaker (and time and id), e.g. **P3** [00:04:12] #t12: text",
        'bad-turn-header',
      );
      continue;
    }
    if (turn) {
      const escaped = line.startsWith('\\');
      turn.lines.push(escaped ? line.slice(1) : line);
      turn.origins.push({ line: lineNo, col: escaped ? 2 : 1 });
    } else if (line.trim() !== '') {
      err(lineNo, 1, "text outside a turn: a turn starts with the speaker's code in bold, like **P3**: ...", 'text-outside-turn');
    }
  }
  flush();

  const locate = (block: number, field: Field = 'block'): Pos => {
    const p = positions[block];
    return p?.[field] ?? p?.block ?? { line: 1, col: 1 };
  };
  if (drafts.length === 0 && problems.length === 0) {
    problems.push({ severity: 'error', code: 'empty-transcript', message: 'the transcript has no turns', file, line: 1, col: 1 });
  }
  const locateText = (block: number, offset: number): Pos => {
    const origins = textLines[block];
    const text = drafts[block]?.kind === 'turn' ? (drafts[block] as { text: string }).text : '';
    if (!origins?.length) return locate(block, 'text');
    const before = text.slice(0, offset).split('\n');
    const j = before.length - 1;
    const o = origins[Math.min(j, origins.length - 1)]!;
    return { line: o.line, col: o.col + before[j]!.length };
  };
  return finishTranscript(file, title, source, drafts, locate, problems, locateText);
}

/** Origins of the lines normalizeText keeps: leading blank lines dropped, the first one left-trimmed. */
function textOrigins(lines: string[], origins: Pos[]): Pos[] {
  let k = 0;
  while (k < lines.length && lines[k]!.trim() === '') k++;
  const kept = origins.slice(k);
  if (kept.length) {
    const lead = lines[k]!.length - lines[k]!.replace(/^[ \t\u00a0]+/u, '').length;
    kept[0] = { line: kept[0]!.line, col: kept[0]!.col + lead };
  }
  return kept;
}

function parseFrontMatter(file: string, yaml: string, problems: Problem[]): { title?: string; source?: string } {
  // Front matter starts on line 2 of the file.
  const shift = (p: Problem): Problem => ({ ...p, line: (p.line ?? 1) + 1 });
  const y = parseYaml({ path: file, text: yaml, bom: false, eol: '\n' });
  const syntax = yamlProblems(y);
  problems.push(...syntax.map(shift));
  if (syntax.some((p) => p.severity === 'error')) return {};
  let data: unknown;
  try {
    data = yamlData(y);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    problems.push(...e.problems.map(shift));
    return {};
  }
  if (data === undefined) return {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    problems.push({
      severity: 'error',
      code: 'transcript-syntax',
      message: 'front matter must be key: value lines',
      file,
      line: 2,
      col: 1,
    });
    return {};
  }
  const out: { title?: string; source?: string } = {};
  for (const [k, v] of Object.entries(data)) {
    const at = locate(y, [k], 'key');
    const where = { file, line: at.line + 1, col: at.col };
    if (k !== 'title' && k !== 'source') {
      problems.push({
        severity: 'error',
        code: 'transcript-syntax',
        message: `unknown front matter field '${k}' (expected title, source)`,
        ...where,
      });
    } else if (v === null || v === undefined) {
      continue; // `title:` with nothing is no title, as in the YAML form
    } else if (typeof v === 'object') {
      problems.push({ severity: 'error', code: 'transcript-syntax', message: `front matter '${k}' must be text`, ...where });
    } else {
      // As written: `1.50` stays `1.50` (the same rule as the YAML form).
      const node = y.doc.get(k, true) as { range?: [number, number, number] } | undefined;
      out[k] = oneLine(typeof v === 'string' || !node?.range ? String(v) : y.source.slice(node.range[0], node.range[1]).trim());
    }
  }
  return out;
}

export function writeMarkdownTranscript(t: Transcript): string {
  const parts: string[] = [];
  const front: Record<string, string> = {};
  if (t.title !== undefined) front.title = t.title;
  if (t.source !== undefined) front.source = t.source;
  if (Object.keys(front).length) parts.push(`---\n${stringifyYaml(front)}---`);
  for (const b of t.blocks) {
    if (b.kind === 'heading') {
      const title = escapeTitle(b.title);
      parts.push(`##${title ? ` ${title}` : ''}${b.question ? ` #${b.question}` : ''}`);
      continue;
    }
    const time = b.start === undefined ? '' : ` [${formatTime(b.start)}${b.end === undefined ? '' : `-${formatTime(b.end)}`}]`;
    const [first = '', ...more] = b.text.split('\n');
    const body = [first, ...more.map((l) => (/^(\\|\*\*|#)/.test(l) ? `\\${l}` : l))].join('\n');
    parts.push(`**${b.speaker}**${time} #${b.id}:${body ? ` ${body}` : ''}`);
  }
  return `${parts.join('\n\n')}\n`;
}

/** Writes ids into the header lines of turns that had none, changing nothing else in the file. */
export function insertMarkdownIds(text: string, edits: { line: number; id: string }[]): string {
  const lines = text.split('\n');
  for (const e of edits) {
    const whole = lines[e.line - 1];
    const cr = whole?.endsWith('\r') ? '\r' : '';
    const line = cr ? whole!.slice(0, -1) : whole;
    const h = line === undefined ? undefined : parseHeader(line.normalize('NFC'));
    if (!h || h.id) throw new Error(`line ${e.line} is not a turn header without an id`);
    // The id goes after the speaker and time, before the colon: **P3** [00:01:02] #t9: ...
    const bold = BOLD.exec(line!)!;
    let cut = line!.length - bold[2]!.length;
    const time = /^([ \t]+)\[([^\]\n]*)\]/.exec(bold[2]!);
    if (h.time && time) cut += time[0].length;
    lines[e.line - 1] = `${line!.slice(0, cut)} #${e.id}${line!.slice(cut)}${cr}`;
  }
  return lines.join('\n');
}
