// The importer registry: detect a file's format from its content (then its extension), read it
// into utterances, and join a speaker's consecutive cues into one utterance.
import { normName } from '../core/text.js';
import { extname } from 'node:path';
import { UserError } from '../errors.js';
import { readPlain } from './plain.js';
import { readSrt } from './srt.js';
import type { ImportFormat, ImportOptions, Imported, Importer, Utterance } from './types.js';
import { readVtt } from './vtt.js';
import { readWhisper } from './whisper.js';

export * from './types.js';

export const IMPORTERS: Record<ImportFormat, Importer> = {
  vtt: readVtt,
  srt: readSrt,
  text: readPlain,
  whisper: readWhisper,
};

export function detectFormat(file: string, text: string): ImportFormat {
  const head = text.trimStart();
  if (/^WEBVTT(?:[ \t\n]|$)/.test(head)) return 'vtt';
  if (/^\d+[ \t]*\n[ \t]*\d{1,2}:\d{2}:\d{2}[,.]\d{3}[ \t]*-->/.test(head)) return 'srt';
  if (head.startsWith('{')) return 'whisper';
  const ext = extname(file).toLowerCase();
  if (ext === '.vtt') return 'vtt';
  if (ext === '.srt') return 'srt';
  if (ext === '.json') return 'whisper';
  return 'text';
}

/** Zip containers (Word files) are recognised so the error can say what to do instead. */
export function refuseBinary(file: string, bytes: Uint8Array): void {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    throw new UserError(
      'this is a zip container (such as a Word .docx file), which fokus cannot import yet; save the transcript as plain text (.txt) and import that',
      { file },
      'unsupported-format',
    );
  }
}

export function importText(file: string, text: string, format: ImportFormat | undefined, opts: ImportOptions = {}): Imported {
  if (!text.trim()) throw new UserError('the file is empty', { file, line: 1, col: 1 }, 'empty');
  const f = format ?? detectFormat(file, text);
  return IMPORTERS[f](file, text, opts);
}

/**
 * Consecutive utterances by one named speaker become one turn (Teams and Zoom split long
 * utterances over several cues). Unnamed utterances are never joined: we cannot know they are
 * one person.
 */
export function joinUtterances(utts: readonly Utterance[], format: ImportFormat): Utterance[] {
  // Subtitle cues break lines for display; separate labelled lines in a text file are paragraphs.
  const sep = format === 'text' ? '\n\n' : ' ';
  const out: Utterance[] = [];
  for (const u of utts) {
    const prev = out[out.length - 1];
    if (prev && u.speaker !== undefined && prev.speaker !== undefined && normName(prev.speaker) === normName(u.speaker)) {
      prev.text = prev.text && u.text ? `${prev.text}${sep}${u.text}` : prev.text || u.text;
      if (u.end !== undefined) prev.end = u.end;
      if (prev.start === undefined && u.start !== undefined) prev.start = u.start;
      continue;
    }
    out.push({ ...u });
  }
  return out;
}
