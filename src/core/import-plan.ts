// From an imported recording to a transcript: who each speaker label is, turns from joined cues,
// names replaced by codes. Pure: the command does the reading, asking and writing.
import { normName } from './text.js';
import { joinUtterances, type Imported } from '../importers/index.js';
import { UNKNOWN_SPEAKER, type Identifier, type Transcript, type Turn } from './model.js';
import {
  describeLeak,
  findLeaks,
  isPersonName,
  labelForms,
  personName,
  replaceNames,
  resolveLabel,
  type NameFinder,
} from './pseudonymise.js';
import { normalizeText } from './text.js';

export interface SpeakerLabel {
  label: string;
  /** How many utterances carry it. */
  count: number;
  /** First utterance with it (index into imported.utterances). */
  first: number;
  code?: string;
  via?: 'code' | 'map' | 'key';
}

/** Every distinct speaker label in order of first appearance, resolved where possible. */
export function planSpeakers(
  imported: Imported,
  codes: ReadonlySet<string>,
  maps: ReadonlyMap<string, string>,
  index: ReadonlyMap<string, string>,
): SpeakerLabel[] {
  const byNorm = new Map<string, SpeakerLabel>();
  imported.utterances.forEach((u, i) => {
    if (u.speaker === undefined) return;
    const n = normName(u.speaker);
    const seen = byNorm.get(n);
    if (seen) {
      seen.count++;
      return;
    }
    const s: SpeakerLabel = { label: u.speaker, count: 1, first: i };
    const code = resolveLabel(u.speaker, codes, new Map(), new Map());
    const mapped = code === undefined ? resolveLabel(u.speaker, new Set(), maps, new Map()) : undefined;
    const keyed = code === undefined && mapped === undefined ? resolveLabel(u.speaker, new Set(), new Map(), index) : undefined;
    if (code !== undefined) Object.assign(s, { code, via: 'code' });
    else if (mapped !== undefined) Object.assign(s, { code: mapped, via: 'map' });
    else if (keyed !== undefined) Object.assign(s, { code: keyed, via: 'key' });
    byNorm.set(n, s);
  });
  return [...byNorm.values()];
}

/**
 * What the key should learn: every name given a code (by --map, by a question, or a --map for
 * someone who is only talked about), and the names nobody could put a code to. Codes written as
 * labels and per-file diariser labels (`SPEAKER_00`) teach it nothing.
 */
export function keyLearning(
  labels: readonly SpeakerLabel[],
  answered: ReadonlyMap<string, string>,
  maps: ReadonlyMap<string, { name: string; code: string }>,
): { code: string; name: string }[] {
  const people: { code: string; name: string }[] = [];
  const learn = (label: string, code: string) => {
    if (isPersonName(label)) people.push({ code, name: personName(label) });
  };
  const used = new Set<string>();
  for (const l of labels) {
    if (l.via === 'map') for (const f of labelForms(l.label)) used.add(f);
    if (l.via === 'code' || l.via === 'key') continue;
    const code = l.code ?? answered.get(normName(l.label));
    if (code !== undefined) learn(l.label, code);
  }
  for (const m of maps.values()) if (!labelForms(m.name).some((f) => used.has(f))) learn(m.name, m.code);
  return people;
}

export interface BuiltTranscript {
  transcript: Transcript;
  /** Names and identifiers replaced, by code or replacement. */
  replaced: Map<string, number>;
  /** Listed identifiers (without a replacement) still in the text: turn ids, for the researcher to check. */
  flagged: { turn: string; what: string }[];
  /** Utterances before joining, turns after. */
  utterances: number;
}

export function buildTranscript(
  imported: Imported,
  codeOf: (label: string | undefined) => string,
  finder: NameFinder,
  identifiers: readonly Identifier[],
  meta: { title?: string; source?: string },
): BuiltTranscript {
  const replaced = new Map<string, number>();
  const add = (counts: Map<string, number>) => {
    for (const [k, n] of counts) replaced.set(k, (replaced.get(k) ?? 0) + n);
  };
  const flagged: { turn: string; what: string }[] = [];
  // Codes first, then joining: two labels for one person join; unknown voices never do.
  const coded = imported.utterances.map((u) => {
    const code = codeOf(u.speaker);
    const { speaker: _label, ...rest } = u;
    return code === UNKNOWN_SPEAKER ? rest : { ...rest, speaker: code };
  });
  const turns: Turn[] = joinUtterances(coded, imported.format).map((u, i) => {
    const r = replaceNames(normalizeText(u.text), finder, identifiers);
    add(r.counts);
    const turn: Turn = { kind: 'turn', id: `t${i + 1}`, speaker: u.speaker ?? UNKNOWN_SPEAKER, text: r.text };
    if (u.start !== undefined) turn.start = u.start;
    if (u.end !== undefined && (u.start === undefined || u.end >= u.start)) turn.end = u.end;
    if (turn.end !== undefined && turn.start === undefined) delete turn.end;
    for (const leak of findLeaks(turn.text, finder, identifiers)) flagged.push({ turn: turn.id, what: describeLeak(leak) });
    return turn;
  });
  const transcript: Transcript = { blocks: turns };
  if (meta.title !== undefined) transcript.title = meta.title;
  if (meta.source !== undefined) {
    const r = replaceNames(meta.source, finder, identifiers);
    transcript.source = r.text;
  }
  return { transcript, replaced, flagged, utterances: imported.utterances.length };
}
