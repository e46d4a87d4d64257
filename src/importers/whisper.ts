// Whisper JSON: OpenAI whisper and WhisperX (`segments` with start/end in seconds and an optional
// `speaker` from diarisation), and whisper.cpp (`transcription` with `offsets` in milliseconds).
import { UserError } from '../errors.js';
import { secondsToMs } from '../core/time.js';
import { parseYaml, locate } from '../store/yaml-doc.js';
import type { Importer, Utterance } from './types.js';

export const readWhisper: Importer = (file, text) => {
  // Whisper nests four levels; far deeper would overflow the stack of the error finder or the YAML parser.
  const deep = tooDeep(text);
  if (deep !== undefined)
    throw new UserError(
      `the JSON nests more than ${MAX_NESTING} levels deep: not a Whisper file`,
      { file, ...jsonPos(text, deep) },
      'bad-json',
    );
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const { offset, message } = jsonError(text);
    throw new UserError(`not valid JSON: ${message}`, { file, ...jsonPos(text, offset) }, 'bad-json');
  }
  // Structural problems are rare; only then do we pay for a positioned parse to say where, once.
  let positioned: ReturnType<typeof parseYaml> | undefined;
  const where = (path: (string | number)[]) => locate((positioned ??= parseYaml({ path: file, text, bom: false, eol: '\n' })), path);
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
      for (const k of ['from', 'to'] as const) {
        const v = off?.[k];
        if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) {
          fail(['transcription', i, 'offsets', k], `"${k}" must be a number of milliseconds (zero or more)`);
        }
      }
      if (typeof off?.from === 'number') u.start = Math.round(off.from);
      if (typeof off?.to === 'number') u.end = Math.round(off.to);
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

/**
 * Where and why JSON.parse gave up. Node's messages vary by version, often carry no position and
 * quote the file (which may hold names), so this small scanner finds the spot itself.
 */
export function jsonError(text: string): { offset: number; message: string } {
  let i = 0;
  const fail = (message: string): never => {
    throw { offset: i, message };
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a "quoted" property name');
        string();
        ws();
        if (text[i] !== ':') fail("expected ':' after the property name");
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === '}') fail("a ',' before '}' (trailing commas are not allowed in JSON)");
          continue;
        }
        if (text[i] === '}') return void i++;
        fail(i >= text.length ? 'the file ends inside an object' : "expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === ']') fail("a ',' before ']' (trailing commas are not allowed in JSON)");
          continue;
        }
        if (text[i] === ']') return void i++;
        fail(i >= text.length ? 'the file ends inside a list' : "expected ',' or ']'");
      }
    }
    if (c === '"') return string();
    const lit = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 64));
    if (lit) return void (i += lit[0].length);
    fail(
      i >= text.length
        ? 'the file ends where a value should be'
        : 'expected a value (text in "quotes", a number, true, false, null, [ or {)',
    );
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u' ? !/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5)) : !'"\\/bfnrt'.includes(text[i] ?? 'x')) {
          fail('a backslash that starts no valid escape inside "quotes"');
        }
        if (text[i] === 'u') i += 4;
      } else if (text.charCodeAt(i) < 0x20) fail('a line break or control character inside "quotes"');
      i++;
    }
    if (i >= text.length) fail('a "quoted" text is never closed');
    i++;
  };
  try {
    value();
    ws();
    if (i < text.length) fail('more after the end of the JSON');
    return { offset: text.length, message: 'not valid JSON' };
  } catch (e) {
    if (typeof e === 'object' && e !== null && 'offset' in e) return e as { offset: number; message: string };
    throw e;
  }
}

const MAX_NESTING = 100;

/** Where `[` and `{` outside "quotes" first nest deeper than MAX_NESTING, if they do. */
function tooDeep(text: string): number | undefined {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '[' || c === '{') {
      if (++depth > MAX_NESTING) return i;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return undefined;
}

function jsonPos(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: (before[before.length - 1]?.length ?? 0) + 1 };
}
