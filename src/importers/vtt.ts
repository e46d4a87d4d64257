// WebVTT as Microsoft Teams writes it (`<v Full Name>` voice tags, cue ids `<guid>/12-0`) and as
// Zoom writes it (`Full Name: text` in the cue).
import { UserError } from '../errors.js';
import { applyLabels, parseTiming, plainCueText, splitBlocks } from './cues.js';
import type { Importer, Utterance } from './types.js';

export const readVtt: Importer = (file, text, opts) => {
  const firstLine = text.split('\n', 1)[0] ?? '';
  if (!/^WEBVTT(?:[ \t]|$)/.test(firstLine)) {
    throw new UserError("not a WebVTT file: the first line must be 'WEBVTT'", { file, line: 1, col: 1 }, 'bad-vtt');
  }
  const utts: Utterance[] = [];
  let voiced = 0;
  const blocks = splitBlocks(text);
  for (const [bi, block] of blocks.entries()) {
    if (bi === 0) continue; // the WEBVTT header block
    const head = block.lines[0]!;
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(head)) continue;
    const timingAt = block.lines.findIndex((l) => l.includes('-->'));
    if (timingAt < 0 || timingAt > 1) {
      throw new UserError(
        'expected a cue: an optional id line, then a timing line like 00:00:01.000 --> 00:00:04.000',
        { file, line: block.line, col: 1 },
        'bad-vtt',
      );
    }
    const lineNo = block.line + timingAt;
    const { start, end } = parseTiming(file, block.lines[timingAt]!, lineNo, 'WebVTT');
    const payload = block.lines.slice(timingAt + 1).join('\n');
    const textLine = lineNo + 1;
    for (const piece of splitVoices(payload)) {
      const t = plainCueText(piece.text).replace(/\s+/g, ' ').trim();
      if (!t) continue;
      const u: Utterance = { text: t, start, end, line: textLine, col: 1 };
      if (piece.voice !== undefined) {
        u.speaker = piece.voice;
        voiced++;
      }
      utts.push(u);
    }
  }
  if (utts.length === 0) throw new UserError('the WebVTT file has no cues with text', { file, line: 1, col: 1 }, 'empty');
  if (voiced > 0) return { format: 'vtt', flavour: 'WebVTT with voice tags (Microsoft Teams)', utterances: utts };
  const labelled = applyLabels(utts, opts);
  const named = labelled.some((u) => u.speaker !== undefined);
  return { format: 'vtt', flavour: named ? 'WebVTT with "Name:" labels (Zoom)' : 'WebVTT without speakers', utterances: labelled };
};

/** `<v Name>text</v><v Other>more` -> pieces per voice; text before any voice has none. */
function splitVoices(payload: string): { voice?: string; text: string }[] {
  const out: { voice?: string; text: string }[] = [];
  const re = /<v(?:\.[^\s>]*)?(?:[ \t]+([^>]*))?>/g;
  let last = 0;
  let voice: string | undefined;
  for (let m = re.exec(payload); m; m = re.exec(payload)) {
    const before = payload.slice(last, m.index).replace(/<\/v>/g, '');
    if (before.trim()) out.push(voice === undefined ? { text: before } : { voice, text: before });
    voice = (m[1] ?? '').trim() || undefined;
    last = m.index + m[0].length;
  }
  const rest = payload.slice(last).replace(/<\/v>/g, '');
  if (rest.trim()) out.push(voice === undefined ? { text: rest } : { voice, text: rest });
  return out;
}
