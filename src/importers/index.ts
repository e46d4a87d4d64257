// The importer registry: detect a file's format from its content (then its extension), read it
// into utterances, and join a speaker's consecutive cues into one utterance.
import { normName } from '../core/text.js';
import { extname } from 'node:path';
import { UserError } from '../errors.js';
import { decodeText, type Encoding } from '../store/text-file.js';
import { isZip, refuseOldWord } from './magic.js';
import { readPlain } from './plain.js';
import { readSrt } from './srt.js';
import type { ImportFormat, ImportOptions, Imported, Importer, TextFormat, Utterance } from './types.js';
import { readVtt } from './vtt.js';
import { readWhisper } from './whisper.js';

export * from './types.js';

export const IMPORTERS: Record<TextFormat, Importer> = {
  vtt: readVtt,
  srt: readSrt,
  text: readPlain,
  whisper: readWhisper,
};

export function detectFormat(file: string, text: string): TextFormat {
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

const FORMAT_NAMES: Record<TextFormat, string> = { vtt: 'WebVTT', srt: 'SRT', text: 'plain text', whisper: 'Whisper JSON' };

/** A file as the importers take it: a Word file's bytes, or any other file decoded to text. */
export type Source = { kind: 'docx'; bytes: Uint8Array } | { kind: 'text'; text: string };

/**
 * Tells a Word file (zip bytes, `.docx`, or `--format docx`) from text and decodes text, so that
 * decoding problems come out before anything else is checked, as they always have.
 */
export function readSource(file: string, bytes: Uint8Array, format: ImportFormat | undefined, encoding?: Encoding): Source {
  refuseOldWord(file, bytes);
  if (format === 'docx' || (format === undefined && (isZip(bytes) || extname(file).toLowerCase() === '.docx'))) {
    if (encoding !== undefined)
      throw new UserError(
        `--encoding is for text files; a Word .docx file says its own encoding, so leave --encoding out`,
        { file },
        'bad-flag',
      );
    return { kind: 'docx', bytes };
  }
  if (isZip(bytes))
    throw new UserError(
      `this is a zip container (such as a Word .docx file), not ${FORMAT_NAMES[format as TextFormat]}; leave out --format ${format} to import it as Word`,
      { file },
      'unsupported-format',
    );
  return { kind: 'text', text: decodeText(file, bytes, encoding).text };
}

export async function importSource(
  file: string,
  source: Source,
  format: ImportFormat | undefined,
  opts: ImportOptions = {},
): Promise<Imported> {
  // The Word reader (and its zip and XML libraries) loads only for a Word file.
  if (source.kind === 'docx') return (await import('./docx.js')).readDocx(file, source.bytes, opts);
  return importText(file, source.text, format === 'docx' ? undefined : format, opts);
}

export function importText(file: string, text: string, format: TextFormat | undefined, opts: ImportOptions = {}): Imported {
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
  // Subtitle cues break lines for display; separate labelled lines in a text file, and a Word
  // document's paragraphs or rows, are paragraphs.
  const sep = format === 'text' || format === 'docx' ? '\n\n' : ' ';
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
