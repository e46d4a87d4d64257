// All project file I/O: finding the project, loading its files into the model (with positions
// for messages), and writing changes back atomically. Commands never touch the file system
// for project files except through here.
import { teamCodes } from '../core/model.js';
import { existsSync, lstatSync, mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, type Problem } from '../errors.js';
import { CODE_RE, SLUG_HELP, SLUG_RE, checkSlug } from '../core/ids.js';
import type {
  Codebook,
  Feedback,
  FieldNotes,
  Guide,
  Key,
  Manifest,
  Participant,
  Session,
  TagFile,
  TranscriptFormat,
} from '../core/model.js';
import type { Located } from '../core/validate.js';
import {
  checkCodebook,
  checkFeedback,
  checkFieldNotes,
  checkGuide,
  checkKey,
  checkManifest,
  checkParticipants,
  checkSession,
  checkTagFile,
  type Checked,
} from '../core/schema.js';
import { readTranscript, type TranscriptRead } from '../transcript/index.js';
import { CACHE_DIR, fileStamp, openCache, type ParseCache } from './cache.js';
import { FILES } from './root.js';

export { FILES, findProjectRoot, isInside } from './root.js';
import { feedbackPath, readSummary, summaryPath, type LoadedSummary } from './summary.js';
import { CHANGED, encodeRaw, fileError, JOURNAL_NAME, readTextFile, writeFileAtomic } from './text-file.js';
import { LOCK_NAME, withLock } from './lock.js';
import {
  appendIn,
  locate,
  newYamlFile,
  setIn,
  parseYaml,
  renderYaml,
  stringifyYaml,
  yamlData,
  yamlProblems,
  type YamlFile,
  type YamlPath,
} from './yaml-doc.js';

export interface LoadedSession {
  session: Located<Session>;
  dir: string;
  transcript?: LoadedTranscript;
  /** One file per observer: `tags/<observer>.yaml`. */
  tags: ObserverFile<TagFile>[];
  notes: ObserverFile<FieldNotes>[];
  summary?: LoadedSummary;
  /** The validation record of this session's summary. */
  feedback?: Located<Feedback>;
}

/** A file of one observer's work; the observer's code is the file name. */
export type ObserverFile<T> = Located<T> & { observer: string };

export interface LoadedProject {
  root: string;
  manifest: Located<Manifest>;
  participants: Located<Participant[]>;
  /** Absent until the project has a codebook.yaml. */
  codebook?: Located<Codebook>;
  guides: Located<Guide>[];
  sessions: LoadedSession[];
  /** Problems found while reading: syntax and shape. Cross-checks are core/validate's. */
  problems: Problem[];
  yaml: YamlFiles;
}

/**
 * The parsed YAML documents of a project by path. A file whose contents came from the cache is
 * parsed only when a command edits it or points at a place in it.
 */
export class YamlFiles extends Map<string, YamlFile> {
  private readonly later = new Map<string, () => YamlFile>();

  defer(path: string, parse: () => YamlFile): void {
    this.later.set(path, parse);
  }

  override get(path: string): YamlFile | undefined {
    const parse = this.later.get(path);
    if (parse && !super.has(path)) {
      this.later.delete(path);
      super.set(path, parse());
    }
    return super.get(path);
  }

  override has(path: string): boolean {
    return super.has(path) || this.later.has(path);
  }

  /** Every file loaded, parsed or not. */
  paths(): string[] {
    return [...new Set([...super.keys(), ...this.later.keys()])];
  }

  /** A file's text (LF, NFC) without parsing it when it was not parsed. */
  text(path: string): string {
    const y = super.get(path);
    return y ? y.source.replace(/\r\n?/g, '\n').normalize('NFC') : readTextFile(path).text;
  }
}

/** What a command's load shares: problems found, the documents read, and the cache. */
interface Reading {
  problems: Problem[];
  yaml: YamlFiles;
  cache: ParseCache;
}

interface CachedYaml<T> {
  ok: boolean;
  value: T;
  problems: Problem[];
}

function loadYaml<T>(path: string, kind: string, check: (d: unknown) => Checked<T>, fallback: T, rd: Reading): Located<T> {
  const { problems, yaml } = rd;
  const hit = rd.cache.get<CachedYaml<T>>(path, kind);
  if (hit) {
    problems.push(...hit.problems);
    const seen = rd.cache.seen(path);
    yaml.defer(path, () => {
      const y = parseYaml(readTextFile(path));
      // Changed since the command took its values from the cache: it decided on what was there before.
      if (fileStamp(path) !== seen) y.stale = true;
      return y;
    });
    const at = (p: YamlPath, what: 'key' | 'value' = 'value') => {
      const y = yaml.get(path);
      return y ? locate(y, p, what) : { line: 1, col: 1 };
    };
    return { value: hit.value, file: path, ok: hit.ok, at };
  }
  const start = problems.length;
  const l = parseYamlFile(path, check, fallback, problems, yaml);
  if (l) rd.cache.set(path, kind, { ok: l.ok, value: l.value, problems: problems.slice(start) } satisfies CachedYaml<T>);
  return l ?? { value: fallback, file: path, ok: false, at: () => ({ line: 1, col: 1 }) };
}

/** Undefined when the file could not be read at all (the problem is in `problems`). */
function parseYamlFile<T>(
  path: string,
  check: (d: unknown) => Checked<T>,
  fallback: T,
  problems: Problem[],
  yaml: YamlFiles,
): Located<T> | undefined {
  let y: YamlFile;
  try {
    y = parseYaml(readTextFile(path));
  } catch (e) {
    if (e instanceof UserError) {
      problems.push(...e.problems);
      return undefined;
    }
    throw e;
  }
  yaml.set(path, y);
  const at = (p: YamlPath, what: 'key' | 'value' = 'value') => locate(y, p, what);
  const syntax = yamlProblems(y);
  problems.push(...syntax);
  if (syntax.some((p) => p.severity === 'error')) return { value: fallback, file: path, ok: false, at };
  let data: unknown;
  try {
    data = yamlData(y);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    problems.push(...e.problems);
    return { value: fallback, file: path, ok: false, at };
  }
  const r = check(data);
  if (!r.ok) {
    for (const i of r.issues) problems.push({ severity: 'error', code: 'schema', message: i.message, file: path, ...at(i.path, i.at) });
    return { value: fallback, file: path, ok: false, at };
  }
  return { value: r.value, file: path, ok: true, at };
}

export interface LoadOptions {
  /** false: leave the transcripts unread. */
  transcripts?: boolean;
  /** false: leave tags and field notes unread (status, the add commands). */
  coding?: boolean;
  /** false: leave summaries and their validation records unread (search). */
  summaries?: boolean;
  cache?: ParseCache;
}

export function loadProject(root: string, opts: LoadOptions = {}): LoadedProject {
  const problems: Problem[] = [];
  const yaml = new YamlFiles();
  const rd: Reading = { problems, yaml, cache: opts.cache ?? openCache(root) };
  const manifest = loadYaml<Manifest>(join(root, FILES.manifest), 'manifest', checkManifest, { title: '', language: 'nb' }, rd);

  const participantsPath = join(root, FILES.participants);
  let participants: Located<Participant[]>;
  if (existsSync(participantsPath)) {
    const l = loadYaml(participantsPath, 'participants', checkParticipants, { participants: [] }, rd);
    // Positions are asked for relative to the list, which sits under `participants:`.
    participants = { ...l, value: l.value.participants ?? [], at: (path, what) => l.at(['participants', ...path], what) };
  } else {
    participants = { value: [], file: participantsPath, ok: true, at: () => ({ line: 1, col: 1 }) };
  }

  let codebook: Located<Codebook> | undefined;
  const codebookPath = join(root, FILES.codebook);
  if (existsSync(codebookPath)) {
    const l = loadYaml<Codebook>(codebookPath, 'codebook', checkCodebook, { codes: [] }, rd);
    codebook = { ...l, value: { ...l.value, codes: l.value.codes ?? [] } };
  }

  const guides: Located<Guide>[] = [];
  const guideFiles = new Map<string, string>();
  for (const name of listDir(join(root, FILES.guides))) {
    if (!name.endsWith('.yaml') && !name.endsWith('.yml')) continue;
    const id = name.replace(/\.ya?ml$/, '');
    const path = join(root, FILES.guides, name);
    const twin = guideFiles.get(id);
    if (twin) {
      problems.push({
        severity: 'error',
        code: 'duplicate-id',
        message: `two files hold guide ${id} (${twin} and ${name}); keep one`,
        file: path,
      });
      continue;
    }
    guideFiles.set(id, name);
    if (!SLUG_RE.test(id)) {
      problems.push({ severity: 'error', code: 'invalid-id', message: `guide file name '${name}': use ${SLUG_HELP}`, file: path });
      continue;
    }
    const l = loadYaml(path, 'guide', checkGuide, { title: '', questions: [] }, rd);
    guides.push({ ...l, value: { id, ...l.value } });
  }

  // Commands that never look at tags or notes (status, the add commands) skip parsing them.
  const skipCoding = opts.coding === false;
  const sessions: LoadedSession[] = [];
  const sessionsDir = join(root, FILES.sessions);
  const folders = listDir(sessionsDir);
  for (const id of folders) {
    const dir = join(sessionsDir, id);
    if (id.startsWith('.')) continue;
    if (isLink(dir)) {
      if (!isDir(dir)) continue;
      // A link could lead anywhere; fokus writes only inside the project.
      problems.push({
        severity: 'error',
        code: 'linked-folder',
        message: 'this session folder is a link; fokus works only with real folders inside the project',
        file: dir,
      });
      continue;
    }
    if (!isDir(dir)) continue;
    if (!SLUG_RE.test(id)) {
      problems.push({ severity: 'error', code: 'invalid-id', message: `session folder '${id}': use ${SLUG_HELP}`, file: dir });
      continue;
    }
    const path = join(dir, 'session.yaml');
    if (!existsSync(path)) {
      problems.push({
        severity: 'warning',
        code: 'no-session-file',
        message: 'this session folder has no session.yaml; add one with fokus session add',
        file: dir,
      });
      continue;
    }
    const l = loadYaml(path, 'session', checkSession, { group: '', number: 0, status: 'planned' }, rd);
    const loaded: LoadedSession = {
      session: { ...l, value: { id, ...l.value } },
      dir,
      tags: skipCoding
        ? []
        : loadObserverFiles(join(dir, FILES.tags), 'tags', checkTagFile, { tags: [] }, rd).map((f) => ({
            ...f,
            value: { ...f.value, tags: f.value.tags ?? [] },
          })),
      notes: skipCoding
        ? []
        : loadObserverFiles(join(dir, FILES.notes), 'notes', checkFieldNotes, { notes: [] }, rd).map((f) => ({
            ...f,
            value: { ...f.value, notes: f.value.notes ?? [] },
          })),
    };
    const summary = opts.summaries === false ? undefined : loadSummary(dir, rd);
    if (summary) loaded.summary = summary;
    if (opts.summaries !== false && existsSync(feedbackPath(dir))) {
      const f = loadYaml(feedbackPath(dir), 'feedback', checkFeedback, { validations: [] }, rd);
      loaded.feedback = { ...f, value: { validations: f.value.validations ?? [] } };
    }
    if (opts.transcripts !== false) {
      const t = loadTranscript(dir, rd);
      if (t) loaded.transcript = t;
    }
    sessions.push(loaded);
  }
  sessions.sort(
    (a, b) =>
      a.session.value.group.localeCompare(b.session.value.group) ||
      a.session.value.number - b.session.value.number ||
      a.session.value.id.localeCompare(b.session.value.id),
  );
  const project: LoadedProject = { root, manifest, participants, guides, sessions, problems, yaml };
  if (codebook) project.codebook = codebook;
  rd.cache.save(new Set(folders));
  return project;
}

/** `tags/O1.yaml`, `notes/O2.yaml`: the observer is the file name, and the file says so too. */
function loadObserverFiles<T extends { observer?: string }>(
  dir: string,
  kind: string,
  check: (d: unknown) => Checked<T>,
  fallback: T,
  rd: Reading,
): ObserverFile<T>[] {
  const { problems } = rd;
  const out: ObserverFile<T>[] = [];
  for (const name of listDir(dir)) {
    if (name.startsWith('.') || !/\.ya?ml$/.test(name)) continue;
    const path = join(dir, name);
    const observer = name.replace(/\.ya?ml$/, '');
    if (!CODE_RE.test(observer)) {
      problems.push({
        severity: 'error',
        code: 'invalid-id',
        message: `file name '${name}': name it after the observer's code (e.g. O1.yaml)`,
        file: path,
      });
      continue;
    }
    if (out.some((f) => f.observer === observer)) {
      problems.push({ severity: 'error', code: 'duplicate-id', message: `two files hold ${observer}'s work; keep one`, file: path });
      continue;
    }
    const l = loadYaml<T>(path, kind, check, fallback, rd);
    if (l.ok && l.value.observer !== undefined && l.value.observer !== observer) {
      problems.push({
        severity: 'error',
        code: 'observer-mismatch',
        message: `this file is named for ${observer} but says observer: ${l.value.observer}`,
        file: path,
        ...l.at(['observer']),
      });
    }
    out.push({ ...l, observer });
  }
  return out;
}

export function transcriptPaths(dir: string): { format: TranscriptFormat; path: string }[] {
  return (['md', 'yaml'] as const)
    .map((format) => ({ format, path: join(dir, format === 'md' ? 'transcript.md' : 'transcript.yaml') }))
    .filter((t) => existsSync(t.path));
}

export type LoadedTranscript = TranscriptRead & { format: TranscriptFormat; text: string };

interface CachedTranscript {
  transcript: TranscriptRead['transcript'];
  problems: Problem[];
  unnumbered: number[];
}

function loadTranscript(dir: string, rd: Reading): LoadedTranscript | undefined {
  const { problems } = rd;
  const found = transcriptPaths(dir);
  if (found.length === 0) return undefined;
  if (found.length > 1) {
    problems.push({
      severity: 'error',
      code: 'two-transcripts',
      message: 'both transcript.md and transcript.yaml exist; keep one (fokus transcript convert writes one from the other)',
      file: found[1]!.path,
    });
  }
  const { format, path } = found[0]!;
  const kind = `transcript-${format}`;
  const hit = rd.cache.get<CachedTranscript>(path, kind);
  if (hit) {
    problems.push(...hit.problems);
    return cachedTranscript(path, format, hit);
  }
  try {
    const text = readTextFile(path).text;
    const read = readTranscript(format, path, text);
    problems.push(...read.problems);
    rd.cache.set(path, kind, {
      transcript: read.transcript,
      problems: read.problems,
      unnumbered: read.unnumbered,
    } satisfies CachedTranscript);
    return { ...read, format, text };
  } catch (e) {
    if (e instanceof UserError) {
      problems.push(...e.problems);
      return undefined;
    }
    throw e;
  }
}

/** A transcript from the cache: its text is read, and positions found, only when asked for. */
function cachedTranscript(path: string, format: TranscriptFormat, hit: CachedTranscript): LoadedTranscript {
  let text: string | undefined;
  let read: TranscriptRead | undefined;
  const full = () => (read ??= readTranscript(format, path, t.text));
  const t: LoadedTranscript = {
    file: path,
    format,
    transcript: hit.transcript,
    problems: hit.problems,
    unnumbered: hit.unnumbered,
    locate: (block, field) => full().locate(block, field),
    locateText: (block, offset) => full().locateText(block, offset),
    get text() {
      return (text ??= readTextFile(path).text);
    },
  };
  return t;
}

function loadSummary(dir: string, rd: Reading): LoadedSummary | undefined {
  const path = summaryPath(dir);
  const hit = rd.cache.get<{ summary?: LoadedSummary; problems: Problem[] }>(path, 'summary');
  if (hit) {
    rd.problems.push(...hit.problems);
    return hit.summary;
  }
  const start = rd.problems.length;
  const summary = readSummary(dir, rd.problems);
  rd.cache.set(path, 'summary', { summary, problems: rd.problems.slice(start) });
  return summary;
}

/**
 * Every text file in the project for the leak check, and every path walked: all but the key,
 * raw/ (recordings hold names by design), .git, node_modules and the cache (.fokus/, a copy of
 * what the files say). Binary files are passed over;
 * text that is not UTF-8 is read as Windows-1252, so no file escapes the check for its encoding.
 */
export function projectTextFiles(
  root: string,
  known: ReadonlyMap<string, string> = new Map(),
): { files: { path: string; text: string }[]; paths: string[] } {
  const files: { path: string; text: string }[] = [];
  const paths: string[] = [];
  const walk = (dir: string, top: boolean) => {
    for (const name of listDir(dir)) {
      if (name === '.git' || name === 'node_modules' || (top && (name === FILES.key || name === FILES.raw || name === CACHE_DIR))) continue;
      // fokus's own locks (a host name in one may read like a name) and journals (a list of renames);
      // a researcher's own `reflexive.journal` is checked like any file.
      if (LOCK_NAME.test(name) || JOURNAL_NAME.test(name)) continue;
      const path = join(dir, name);
      let st;
      try {
        st = lstatSync(path);
      } catch {
        continue;
      }
      paths.push(path);
      if (st.isDirectory()) walk(path, false);
      else if (st.isFile() && st.size <= 64 * 1024 * 1024) {
        const text = known.get(path) ?? scanText(path);
        if (text !== undefined) files.push({ path, text });
      }
    }
  };
  walk(root, true);
  return { files, paths };
}

function scanText(path: string): string | undefined {
  try {
    return readTextFile(path).text;
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    if (e.problems[0]?.code !== 'encoding') return undefined; // binary or unreadable
    try {
      return readTextFile(path, 'windows-1252').text;
    } catch (again) {
      // Not UTF-8 and holding NUL bytes: a binary file (a Word file, a recording).
      if (again instanceof UserError) return undefined;
      throw again;
    }
  }
}

/** The text of every file the project was loaded from (NFC, LF), so no file is read twice. */
export function loadedTexts(p: LoadedProject): Map<string, string> {
  const out = new Map<string, string>();
  for (const path of p.yaml.paths()) out.set(path, p.yaml.text(path));
  for (const s of p.sessions) {
    if (s.transcript) out.set(s.transcript.file, s.transcript.text);
    if (s.summary) out.set(s.summary.path, s.summary.file.text);
  }
  return out;
}

/** Refuses to go on when the files could not be read into the model. */
export function requireReadable(p: LoadedProject): void {
  const errors = p.problems.filter((x) => x.severity === 'error');
  if (errors.length) {
    const more =
      errors.length > 1
        ? [{ severity: 'error' as const, code: 'more', message: `${errors.length - 1} more problem(s); see fokus validate` }]
        : [];
    throw UserError.of([errors[0]!, ...more]);
  }
}

export function sessionById(p: LoadedProject, id: string): LoadedSession {
  checkSlug('session id', id);
  const s = p.sessions.find((x) => x.session.value.id === id);
  if (!s) {
    const known = p.sessions.map((x) => x.session.value.id);
    throw new UserError(
      `no session '${id}'${known.length ? ` (sessions: ${known.join(', ')})` : ''}; add it with fokus session add ${id}`,
      undefined,
      'no-session',
    );
  }
  return s;
}

// --- the key: read only by importers and the leak check -------------------------------------------

export interface LoadedKey {
  key: Key;
  file: YamlFile;
}

/** Reads key.yaml. Only importers (to replace names) and the leak check may call this. */
export function readKey(root: string): LoadedKey | undefined {
  const path = join(root, FILES.key);
  if (!existsSync(path)) return undefined;
  const { file, value } = readChecked(path, (d) => checkKey(d ?? {}));
  const key: Key = {
    people: value.people ?? [],
    identifiers: (value.identifiers ?? []).map((i) => (typeof i === 'string' ? { text: i } : i)),
  };
  return { key, file };
}

/** The codes of the team in fokus.yaml: researchers, who may be named where participants may not. */
export function readManifestTeam(root: string): Set<string> {
  const { value } = readChecked(join(root, FILES.manifest), checkManifest);
  return teamCodes(value);
}

/** Reads a YAML file and checks its shape; one that is not valid is refused with every problem at its position. */
export function readChecked<T>(path: string, check: (d: unknown) => Checked<T>): { file: YamlFile; value: T } {
  const y = parseYaml(readTextFile(path));
  const syntax = yamlProblems(y).filter((p) => p.severity === 'error');
  if (syntax.length) throw UserError.of(syntax);
  const r = check(yamlData(y));
  if (!r.ok) {
    throw UserError.of(
      r.issues.map((i) => ({ severity: 'error', code: 'schema', message: i.message, file: path, ...locate(y, i.path, i.at) })),
    );
  }
  return { file: y, value: r.value };
}

/** Every value written in key.yaml, as well as can be read when it is not a valid key. */
export function readKeyWords(path: string): string[] {
  let text: string;
  try {
    text = readTextFile(path).text;
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    try {
      text = readTextFile(path, 'windows-1252').text;
    } catch {
      return [];
    }
  }
  const words = new Set<string>();
  for (const line of text.split('\n')) {
    const body = line.replace(/(^|\s)#.*$/, '');
    body.split(/[:,[\]{}]+|^\s*-\s*/).forEach((part, i, all) => {
      const w = part
        .trim()
        .replace(/^["']|["']$/g, '')
        .trim();
      // A word before a colon that looks like a field name (`alias:`) is a field, not a name.
      const isKey = i < all.length - 1 && /^[a-z_]{1,24}$/.test(w);
      if (w && !isKey) words.add(w);
    });
  }
  return [...words];
}

export function keyMode(root: string): number | undefined {
  try {
    return statSync(join(root, FILES.key)).mode & 0o777;
  } catch {
    return undefined;
  }
}

// --- writing -----------------------------------------------------------------------------------

/**
 * Writes a YAML file, holding its lock. A file read from disk that has changed there since (another
 * fokus, an editor) is not overwritten: the command is refused and can simply be run again.
 */
export function writeYamlFile(y: YamlFile, mode?: number): void {
  withLock(y.path, () => {
    const now = onDisk(y.path);
    if (y.stale || (y.read === null ? now !== undefined : y.read !== undefined && now !== y.read))
      throw new UserError(
        'changed on disk while fokus was working on it; nothing was written: run the command again',
        { file: y.path },
        CHANGED,
      );
    // The source already holds the file's own line endings: write it as it is.
    const raw = renderYaml(y);
    writeFileAtomic(y.path, encodeRaw(raw, y), mode);
    y.read = raw;
  });
}

function onDisk(path: string): string | undefined {
  try {
    return readTextFile(path).raw;
  } catch {
    return undefined;
  }
}

/** Folders fokus creates, with a file-system failure reported as the user's problem. */
export function ensureDir(path: string): void {
  try {
    mkdirSync(path, { recursive: true });
  } catch (e) {
    throw fileError(path, e, 'create the folder');
  }
}

export function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch (e) {
    throw fileError(path, e, 'remove');
  }
}

function rank(order: string[], k: string): number {
  const i = order.indexOf(k);
  return i < 0 ? order.length : i;
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Appends to a list in fokus.yaml (team, groups) through the document, keeping the rest as written. */
export function appendToManifest(
  p: LoadedProject,
  list: 'team' | 'groups' | 'phases' | 'milestones',
  value: object,
  flow: string[] = [],
): void {
  const y = p.yaml.get(p.manifest.file);
  if (!y) throw new Error('fokus.yaml was not loaded');
  const path = list === 'phases' || list === 'milestones' ? ['design', list] : [list];
  if (path.length > 1 && !p.manifest.value.design)
    throw new UserError(
      `fokus.yaml has no design: section; add "design:" on a line of its own, then run this again`,
      { file: y.path },
      'no-design',
    );
  appendIn(y, path, value, { flow: flow.map((k) => [k]) });
  writeYamlFile(y);
}

/** Sets values in a YAML file the project was loaded from (a phase's dates, a session's guide), in one write. */
export function setInLoaded(p: LoadedProject, file: string, values: readonly [YamlPath, unknown][]): void {
  const y = p.yaml.get(file);
  if (!y) throw new Error(`${file} was not loaded`);
  for (const [path, value] of values) setIn(y, path, value);
  writeYamlFile(y);
}

export function appendParticipant(p: LoadedProject, value: object): void {
  const y = p.yaml.get(p.participants.file);
  if (y) {
    appendIn(y, ['participants'], value, { flow: [['consent']] });
    writeYamlFile(y);
    return;
  }
  const fresh = newYamlFile(
    p.participants.file,
    { participants: [value] },
    'Participants by code. Names never go here, only in key.yaml.',
    {
      flow: [['participants', 0, 'consent']],
    },
  );
  writeYamlFile(fresh);
}

/** The folders of a project, the root first. */
export const PROJECT_DIRS = ['', FILES.guides, FILES.sessions, FILES.raw] as const;

/** A new session.yaml: its fields in the order people read them, lists of codes on one line. */
export function sessionFileText(session: object): string {
  const order = ['group', 'number', 'guide', 'status', 'planned', 'held', 'duration', 'setting', 'moderator', 'observers', 'attendees'];
  const ordered = Object.fromEntries(Object.entries(session).sort(([a], [b]) => rank(order, a) - rank(order, b)));
  return stringifyYaml(ordered, undefined, { flow: [['observers'], ['attendees']] });
}

/** Writes sessions/<id>/session.yaml for a new session; refuses to replace one. */
export function createSessionFile(root: string, id: string, session: object): string {
  const dir = join(root, FILES.sessions, id);
  const path = join(dir, 'session.yaml');
  if (existsSync(path)) throw new UserError('already exists; nothing was changed', { file: path }, 'exists');
  const y = parseYaml({ path, text: sessionFileText(session), bom: false, eol: '\n' });
  ensureDir(dir);
  writeYamlFile(y);
  return path;
}
