// Plain text transcripts: `Name: text` or `[Name] text` lines, optionally with a time before the
// name, after it (`Name (00:01:02):`) or on a name line of its own (`Name  00:01:02`, as some
// services write). Other lines continue the current turn; a blank line starts a new paragraph.
import { normName } from '../core/text.js';
import { UserError } from '../errors.js';
import { parseTime } from '../core/time.js';
import { LEAD_TIME, NAME_LINE, acceptedLabels, candidateLabel, looksLikeName, type LabelSplit } from './labels.js';
import type { Importer, Utterance } from './types.js';

interface Line {
  no: number;
  raw: string;
  time?: number;
  timeLen: number;
  split?: LabelSplit;
  nameLine?: { label: string; time: number };
}

export const readPlain: Importer = (file, text, opts) => {
  if (!text.trim()) throw new UserError('the file is empty', { file, line: 1, col: 1 }, 'empty');
  const lines: Line[] = text.split('\n').map((raw, i) => {
    const lead = LEAD_TIME.exec(raw);
    const time = lead ? parseTime(lead[1]!) : undefined;
    const body = lead && time !== undefined ? raw.slice(lead[0].length) : raw;
    const l: Line = { no: i + 1, raw: body, timeLen: raw.length - body.length };
    if (time !== undefined) l.time = time;
    const split = candidateLabel(body);
    if (split) l.split = split;
    const nl = NAME_LINE.exec(raw);
    if (!split && nl && looksLikeName(nl[1]!.trim())) l.nameLine = { label: nl[1]!.trim(), time: parseTime(nl[2]!)! };
    return l;
  });
  const accepted = acceptedLabels(
    lines.flatMap((l) => (l.split ? [l.split.label] : l.nameLine ? [l.nameLine.label] : [])),
    opts.knownLabels,
  );

  const utts: Utterance[] = [];
  let cur: (Utterance & { paras: string[][] }) | undefined;
  const flush = () => {
    if (cur) {
      cur.text = cur.paras
        .map((p) => p.join(' '))
        .filter(Boolean)
        .join('\n\n');
      const { paras: _p, ...u } = cur;
      if (u.text || u.speaker !== undefined) utts.push(u);
    }
    cur = undefined;
  };
  for (const l of lines) {
    const label = l.split && accepted.has(normName(l.split.label)) ? l.split : undefined;
    if (label || (l.nameLine && accepted.has(normName(l.nameLine.label)))) {
      flush();
      const speaker = label ? label.label : l.nameLine!.label;
      let rest = label ? label.rest : '';
      let time = l.time ?? label?.time ?? l.nameLine?.time;
      // "Name: [00:01:02] text"
      const inner = /^[ \t]*[[(](\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)[\])][ \t]*/.exec(rest);
      if (inner && time === undefined) {
        time = parseTime(inner[1]!);
        rest = rest.slice(inner[0].length);
      }
      cur = { speaker, text: '', line: l.no, col: l.timeLen + 1, paras: [[]] };
      if (time !== undefined) cur.start = time;
      if (rest.trim()) cur.paras[0]!.push(rest.trim());
      continue;
    }
    const body = l.raw.trim();
    if (!cur) {
      if (!body) continue;
      cur = { text: '', line: l.no, col: 1, paras: [[]] };
      if (l.time !== undefined) cur.start = l.time;
    }
    if (!body) {
      if (cur.paras[cur.paras.length - 1]!.length) cur.paras.push([]);
    } else cur.paras[cur.paras.length - 1]!.push(body);
  }
  flush();
  if (utts.length === 0) throw new UserError('no text found in the file', { file, line: 1, col: 1 }, 'empty');
  const named = utts.some((u) => u.speaker !== undefined);
  return { format: 'text', flavour: named ? 'plain text with speaker labels' : 'plain text without speakers', utterances: utts };
};
