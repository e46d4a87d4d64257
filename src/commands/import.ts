// fokus import <session> <file>: a recording tool's transcript into the session, speakers as codes,
// spoken names replaced. Nothing is written until every speaker has a code.
import { normName } from '../core/text.js';
import { basename, extname, join, relative, resolve } from 'node:path';
import type { Run } from '../cli.js';
import { UserError, type Problem } from '../errors.js';
import { categoryLabel } from '../core/categories.js';
import { CODE_RE } from '../core/ids.js';
import { buildTranscript, keyLearning, planSpeakers, type SpeakerLabel } from '../core/import-plan.js';
import { UNKNOWN_SPEAKER, groupName, turnsOf, type Key, type TranscriptFormat, teamCodes } from '../core/model.js';
import { keyIndex, labelForms, nameFinder, resolveLabel, scrubText } from '../core/pseudonymise.js';
import { formatTime } from '../core/time.js';
import { importSource, readSource, type ImportFormat, type Imported } from '../importers/index.js';
import {
  FILES,
  isInside,
  readKey,
  removeFile,
  sessionById,
  transcriptPaths,
  type LoadedProject,
  type LoadedSession,
} from '../store/project.js';
import { planKeyAdditions, writeKey } from '../store/key.js';
import { pathKind } from '../store/setup.js';
import { readBytes, writeTextAtomic, type Encoding } from '../store/text-file.js';
import { writeTranscript, TRANSCRIPT_FORMS } from '../transcript/index.js';
import type { Choice } from '../ui/prompt.js';
import { openProject, parseMapping, plural } from './_shared.js';

interface Opts {
  format?: ImportFormat;
  map?: string[];
  to: TranscriptFormat;
  encoding?: Encoding;
  force?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

export async function run(r: Run, sessionId: string, file: string, opts: Opts): Promise<number> {
  // Transcripts are not read: a broken one (perhaps the very one being replaced) must not block an import.
  const p = openProject(r, { transcripts: false, coding: false });
  const s = sessionById(p, sessionId);
  const existing = transcriptPaths(s.dir);
  if (existing.length && !opts.force && !opts.dryRun) {
    throw new UserError('the session already has a transcript; give --force to replace it', { file: existing[0]!.path }, 'exists');
  }
  for (const e of existing) {
    if (pathKind(e.path) !== 'file') throw new UserError('is in the way (not a file); nothing was changed', { file: e.path }, 'exists');
  }

  const path = resolve(r.ctx.cwd, file);
  // A Word file is kept as bytes; anything else is decoded here, so its problems come first.
  const source = readSource(path, readBytes(path), opts.format, opts.encoding);

  const loadedKey = readKey(p.root);
  const key: Key = loadedKey?.key ?? { people: [], identifiers: [] };
  const codes = speakerCodes(p);
  // Each --map, under every form of its name ("Nordmann, Kari" is "Kari Nordmann").
  const maps = new Map<string, { name: string; code: string }>();
  const mapCodes = new Map<string, string>();
  for (const m of opts.map ?? []) {
    const { name, code } = parseMapping(m);
    if (code !== UNKNOWN_SPEAKER && !codes.has(code)) {
      throw new UserError(`--map "${m}": ${code} is not a participant or team code in this project`, undefined, 'unknown-participant');
    }
    if (CODE_RE.test(name) && codes.has(name)) throw new UserError(`--map "${m}": ${name} is a code, not a name`, undefined, 'bad-flag');
    for (const f of labelForms(name)) {
      const before = mapCodes.get(f);
      if (before !== undefined && before !== code)
        throw new UserError(`--map gives "${name}" two codes, ${before} and ${code}`, undefined, 'map-conflict');
      mapCodes.set(f, code);
    }
    maps.set(normName(name), { name, code });
  }
  const index = keyIndex(key);
  // A --map that contradicts the key would split one person in two: refuse it.
  for (const { name, code } of maps.values()) {
    const inKey = resolveLabel(name, new Set(), new Map(), index);
    if (inKey !== undefined && inKey !== code) {
      throw new UserError(`--map says "${name}" is ${code}, but key.yaml says ${inKey}; correct one of them`, undefined, 'map-conflict');
    }
  }
  const imported = await importSource(path, source, opts.format, { knownLabels: new Set([...index.keys(), ...mapCodes.keys()]) });
  const labels = planSpeakers(imported, codes, mapCodes, index);

  // Speakers nobody has named yet: ask on a terminal, otherwise say which flag names them.
  const answered = new Map<string, string>();
  const unknown = labels.filter((l) => l.code === undefined);
  if (unknown.length && !r.ctx.interactive && !r.ctx.prompter) {
    throw UserError.of(
      unknown.map((l): Problem => ({
        severity: 'error',
        code: 'unknown-speaker',
        message: `unknown speaker "${l.label}" (${plural(l.count, 'utterance')}${placeOf(imported, l.first)}); name them with --map "${l.label}=P1" (the code), or "=?" if nobody knows`,
        file: path,
        ...where(imported, l.first),
      })),
    );
  }
  for (const l of unknown)
    answered.set(normName(l.label), await askWho(r, p, s.session.value.attendees ?? [], l, imported.utterances[l.first]!));

  const codeOf = (label: string | undefined): string => {
    if (label === undefined) return UNKNOWN_SPEAKER;
    const n = normName(label);
    const l = labels.find((x) => normName(x.label) === n);
    return l?.code ?? answered.get(n) ?? UNKNOWN_SPEAKER;
  };
  // Everything the key learns is planned (and checked) before anything is written.
  const plan = planKeyAdditions(p.root, loadedKey, keyLearning(labels, answered, maps));
  const finder = nameFinder(plan.key, p.manifest.value.language === 'nb' ? '[navn]' : '[name]');
  const built = buildTranscript(imported, codeOf, finder, plan.key.identifiers, {
    title: sessionTitle(p, s),
    source: sourceName(p.root, path, plan.key),
  });

  const target = join(s.dir, TRANSCRIPT_FORMS[opts.to].file);
  const speakers = new Map<string, number>();
  for (const t of turnsOf(built.transcript)) speakers.set(t.speaker, (speakers.get(t.speaker) ?? 0) + 1);
  const summary = {
    session: sessionId,
    source: path,
    format: imported.format,
    detected: imported.flavour,
    utterances: built.utterances,
    turns: turnsOf(built.transcript).length,
    transcript: target,
    speakers: Object.fromEntries(speakers),
    replaced: Object.fromEntries(built.replaced),
    flagged: built.flagged,
    keyAdded: plan.added,
    written: !opts.dryRun,
  };

  if (!opts.dryRun) {
    writeTextAtomic(target, writeTranscript(opts.to, built.transcript));
    for (const old of existing) if (old.path !== target) removeFile(old.path);
    writeKey(plan);
  }

  if (opts.json) {
    r.out.json({ ...summary, source: r.out.path(path), transcript: r.out.path(target) });
    return 0;
  }
  const st = r.out.style;
  r.out.line(
    `${opts.dryRun ? 'Would import' : 'Imported'} ${plural(summary.turns, 'turn')} (${plural(summary.utterances, 'cue')}) from ${r.out.path(path)} [${imported.flavour}]${opts.dryRun ? '' : ` into ${r.out.path(target)}`}`,
  );
  r.out.line(`  speakers: ${[...speakers].map(([c, n]) => `${c} ×${n}`).join(', ')}`);
  if (built.replaced.size) r.out.line(`  names replaced in the talk: ${[...built.replaced].map(([c, n]) => `${c} ×${n}`).join(', ')}`);
  if (plan.added.length) {
    const what = plan.added.map((a) =>
      a.code === UNKNOWN_SPEAKER
        ? "an unknown voice's name (replaced in the talk)"
        : `${a.code} (${a.as === 'person' ? 'new' : 'another spelling'})`,
    );
    r.out.line(`  ${opts.dryRun ? 'would remember' : 'remembered'} in ${FILES.key}: ${what.join(', ')}`);
  }
  for (const f of built.flagged) r.out.line(st.yellow(`  warning: ${f.what} in turn ${f.turn}; check it before sharing`));
  return 0;
}

/** "Fjordvik, samling 3": the group's name and the session's place in its series. */
function sessionTitle(p: LoadedProject, s: LoadedSession): string {
  const v = s.session.value;
  const group = groupName(p.manifest.value, v.group);
  return `${group}, ${p.manifest.value.language === 'nb' ? 'samling' : 'session'} ${v.number}`;
}

function speakerCodes(p: LoadedProject): Set<string> {
  return new Set([...p.participants.value.map((x) => x.code), ...teamCodes(p.manifest.value)]);
}

function where(imported: Imported, i: number): { line?: number; col?: number } {
  const u = imported.utterances[i]!;
  if (u.line !== undefined) return { line: u.line, col: u.col ?? 1 };
  return imported.locate ? imported.locate(i) : {};
}

/** ", first in paragraph 12": where a file without lines (Word) has the utterance, in words. */
function placeOf(imported: Imported, i: number): string {
  const place = imported.utterances[i]!.place;
  return place === undefined ? '' : `, first in ${place}`;
}

/** The source file's path for the front matter, unless its name holds a name in any case or form (then withheld). */
function sourceName(root: string, path: string, key: Key): string {
  const shown = isInside(root, path) ? relative(root, path).split('\\').join('/') : basename(path);
  // "intervju-kari.txt", "KariNordmann.vtt": separators and capitals split words, as people read them.
  const spaced = shown.replace(/([\p{Ll}])(\p{Lu})/gu, '$1 $2').replace(/[_./\\-]+/g, ' ');
  if (scrubText(spaced, key) === spaced) return shown;
  const slash = shown.lastIndexOf('/');
  return `${shown.slice(0, slash + 1)}(name withheld)${extname(shown)}`;
}

async function askWho(
  r: Run,
  p: LoadedProject,
  attendees: string[],
  l: SpeakerLabel,
  first: { start?: number; text: string; place?: string },
): Promise<string> {
  const at = first.start !== undefined ? ` at ${formatTime(first.start)}` : first.place !== undefined ? ` in ${first.place}` : '';
  const snippet = first.text.length > 60 ? `${first.text.slice(0, 57)}...` : first.text;
  const choices: Choice<string>[] = [];
  const seen = new Set<string>();
  const push = (code: string, name: string) => {
    if (seen.has(code)) return;
    seen.add(code);
    choices.push({ name, value: code });
  };
  const m = p.manifest.value;
  for (const c of attendees) {
    const x = p.participants.value.find((y) => y.code === c);
    push(c, `${c}  ${x ? categoryLabel(m, x.category) : ''} (attended)`);
  }
  for (const t of m.team ?? []) push(t.code, `${t.code}  ${t.roles.join(', ')}`);
  for (const x of p.participants.value) push(x.code, `${x.code}  ${categoryLabel(m, x.category)}, ${x.group}`);
  push(UNKNOWN_SPEAKER, '?   nobody knows (unknown speaker)');
  return r.ask(`--map "${l.label}=CODE"`).select<string>({
    message: `Who is "${l.label}"? (${plural(l.count, 'utterance')}; first${at}: "${snippet}")`,
    choices,
  });
}
