// Whisper JSON: OpenAI whisper and WhisperX (`segments` with start/end in seconds and an optional
// `speaker` from diarisation), and whisper.cpp (`transcription` with `offsets` in milliseconds).
import { UserError } from '../errors.js';
import { secondsToMs } from '../core/time.js';
import { parseYaml, locate } from '../store/yaml-doc.js';
import type { Importer, Utterance } from './types.js';

export const readWhisper: Importer = (file, text) => {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UserError(`not valid JSON: ${jsonMessage(e)}`, { file, ...jsonPos(text, e) }, 'bad-json');
  }
  // Structural problems are rare; only then do we pay for a positioned parse to say where.
  const where = (path: (string | number)[]) => locate(parseYaml({ path: file, text, bom: false, eol: '\n' }), path);
  const fail = (path: (string | number)[], message: string): never => {
    throw new UserError(message, { file, ...where(path) }, 'bad-whisper');
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return fail([], 'expected a Whisper JSON object with "segments" (whisper, WhisperX) or "transcription" (whisper.cpp)');
  }
  const obj = data as Record<string, unknown>;
  const utts: Utterance[] = [];
  const paths: (string | number)[][] = [];
  let flavour: string;
  if (Array.isArray(obj.segments)) {
    flavour = 'Whisper JSON';
    obj.segments.forEach((seg, i) => {
      if (typeof seg !== 'object' || seg === null) fail(['segments', i], 'each segment must be an object with start, end and text');
      const s = seg as Record<string, unknown>;
      if (typeof s.text !== 'string') fail(['segments', i], 'segment has no "text"');
      for (const k of ['start', 'end'] as const) {
        if (s[k] !== undefined && (typeof s[k] !== 'number' || !Number.isFinite(s[k]) || (s[k] as number) < 0)) {
          fail(['segments', i, k], `"${k}" must be a number of seconds`);
        }
      }
      const u: Utterance = { text: (s.text as string).replace(/\s+/g, ' ').trim() };
      if (typeof s.start === 'number') u.start = secondsToMs(s.start);
      if (typeof s.end === 'number') u.end = secondsToMs(s.end);
      if (typeof s.speaker === 'string' && s.speaker.trim()) {
        u.speaker = s.speaker.trim();
        flavour = 'WhisperX JSON with speakers';
      }
      if (u.text) {
        utts.push(u);
        paths.push(['segments', i, ...(u.speaker !== undefined ? ['speaker'] : [])]);
      }
    });
  } else if (Array.isArray(obj.transcription)) {
    flavour = 'whisper.cpp JSON';
    obj.transcription.forEach((seg, i) => {
      const s = (typeof seg === 'object' && seg !== null ? seg : fail(['transcription', i], 'each entry must be an object')) as Record<
        string,
        unknown
      >;
      if (typeof s.text !== 'string') fail(['transcription', i], 'entry has no "text"');
      const off = s.offsets as { from?: unknown; to?: unknown } | undefined;
      const u: Utterance = { text: (s.text as string).replace(/\s+/g, ' ').trim() };
      if (off && typeof off.from === 'number') u.start = Math.round(off.from);
      if (off && typeof off.to === 'number') u.end = Math.round(off.to);
      if (u.text) {
        utts.push(u);
        paths.push(['transcription', i]);
      }
    });
  } else {
    return fail([], 'expected "segments" (whisper, WhisperX) or "transcription" (whisper.cpp) in the JSON');
  }
  if (utts.length === 0) throw new UserError('the Whisper file has no segments with text', { file, line: 1, col: 1 }, 'empty');
  return { format: 'whisper', flavour, utterances: utts, locate: (i) => where(paths[i] ?? []) };
};

function jsonMessage(e: unknown): string {
  return String((e as Error).message ?? e)
    .replace(/ in JSON at position \d+.*$/, '')
    .replace(/^Unexpected end of JSON input$/, 'the file ends in the middle of the JSON');
}

function jsonPos(text: string, e: unknown): { line: number; col: number } {
  const msg = String((e as Error).message ?? '');
  const lc = /line (\d+) column (\d+)/.exec(msg);
  if (lc) return { line: Number(lc[1]), col: Number(lc[2]) };
  const p = /position (\d+)/.exec(msg);
  const offset = p ? Number(p[1]) : text.length;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: (before[before.length - 1]?.length ?? 0) + 1 };
}
