// SubRip (.srt): numbered cues with `00:00:01,000 --> 00:00:04,000`; speakers, when present, as
// `Name: text`; a cue holding two speakers' lines marks each with a leading dash.
import { UserError } from '../errors.js';
import { applyLabels, parseTiming, plainCueText, splitBlocks } from './cues.js';
import type { Importer, Utterance } from './types.js';

export const readSrt: Importer = (file, text, opts) => {
  const utts: Utterance[] = [];
  for (const block of splitBlocks(text)) {
    const timingAt = block.lines.findIndex((l) => l.includes('-->'));
    if (timingAt < 0 || timingAt > 1 || (timingAt === 1 && !/^\s*\d+\s*$/.test(block.lines[0]!))) {
      throw new UserError(
        'expected a cue: a number, a timing line like 00:00:01,000 --> 00:00:04,000, then the text',
        { file, line: block.line, col: 1 },
        'bad-srt',
      );
    }
    const lineNo = block.line + timingAt;
    const { start, end } = parseTiming(file, block.lines[timingAt]!, lineNo, 'SRT');
    const lines = block.lines.slice(timingAt + 1).map((l) => plainCueText(l));
    const dialogue = lines.length > 1 && lines.every((l) => /^\s*[-–]\s/.test(l));
    const pieces = dialogue ? lines.map((l) => l.replace(/^\s*[-–]\s+/, '')) : [lines.join(' ')];
    pieces.forEach((p, k) => {
      const t = p.replace(/\s+/g, ' ').trim();
      if (t) utts.push({ text: t, start, end, line: lineNo + 1 + (dialogue ? k : 0), col: 1 });
    });
  }
  if (utts.length === 0) throw new UserError('the SRT file has no cues with text', { file, line: 1, col: 1 }, 'empty');
  const labelled = applyLabels(utts, opts);
  const named = labelled.some((u) => u.speaker !== undefined);
  return { format: 'srt', flavour: named ? 'SRT with "Name:" labels' : 'SRT without speakers', utterances: labelled };
};
