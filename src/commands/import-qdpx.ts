// fokus import-qdpx <file.qdpx> <dir>: a new project from another tool's REFI-QDA project (or
// fokus's own export). Everything is read and planned first; the project appears whole or not at all.
import { basename, extname, resolve } from 'node:path';
import type { Run } from '../cli.js';
import { UserError, formatProblem } from '../errors.js';
import { CODE_RE } from '../core/ids.js';
import type { Lang } from '../core/model.js';
import { leakProblems, pathLeakProblems } from '../core/leak-check.js';
import { planRefiImport } from '../core/refi-import.js';
import type { RefiProject } from '../core/refi.js';
import { normName } from '../core/text.js';
import { turnsOf } from '../core/model.js';
import { readProjectXml } from '../importers/qde.js';
import { importedProjectFiles, writeNewProject } from '../store/new-project.js';
import { FILES } from '../store/project.js';
import { decodeText, readBytes } from '../store/text-file.js';
import { isZip } from '../importers/magic.js';
import { unzip } from '../store/zip.js';
import { parseMapping, plural } from './_shared.js';

interface Opts {
  lang?: Lang;
  map?: string[];
  json?: boolean;
}

/** The archive's project.qde and the text of each source it names (looked up by name when the path is not internal://). */
function readArchive(path: string, bytes: Buffer): { project: RefiProject; texts: Map<string, string | undefined> } {
  if (!isZip(bytes)) {
    const project = readProjectXml(path, decodeText(path, bytes).raw);
    if (!project.name) project.name = basename(path, extname(path));
    return { project, texts: new Map() };
  }
  const entries = unzip(bytes, path);
  const qde =
    [...entries.keys()].find((k) => /^([^/]*\/)?project\.qde$/i.test(k)) ??
    [...entries.keys()].find((k) => k.toLowerCase().endsWith('.qde'));
  if (!qde) throw new UserError('is a zip without a project.qde: not a REFI-QDA project (.qdpx)', { file: path }, 'bad-refi');
  const project = readProjectXml(`${path} › ${qde}`, decodeText(`${path} › ${qde}`, entries.get(qde)!).raw);
  const byName = new Map<string, string>();
  for (const k of entries.keys()) if (/^([^/]*\/)?sources\//i.test(k)) byName.set(k.slice(k.lastIndexOf('/') + 1).toLowerCase(), k);
  const texts = new Map<string, string | undefined>();
  for (const s of project.sources) {
    if (s.text !== undefined || !s.plainTextPath) continue;
    const name = fileName(s.plainTextPath);
    const entry = byName.get(name);
    texts.set(s.guid, entry === undefined ? undefined : decodeText(`${path} › ${entry}`, entries.get(entry)!).raw);
  }
  // Notes kept in files (memos) are read into the note.
  for (const n of project.notes) {
    if (!n.plainTextPath) continue;
    const entry = byName.get(fileName(n.plainTextPath));
    if (entry !== undefined) n.text = decodeText(`${path} › ${entry}`, entries.get(entry)!).text;
  }
  return { project, texts };
}

/** The file name a path ends in (`internal://a.txt`, `file:///C:/x/a%20b.txt`), lower-cased. */
function fileName(path: string): string {
  const bare = path.replace(/^[a-z]+:\/\/+/i, '');
  let decoded = bare;
  try {
    decoded = decodeURIComponent(bare);
  } catch {
    // A literal % in the name: keep it as written.
  }
  return decoded.split(/[\\/]/).pop()!.toLowerCase();
}

export async function run(r: Run, file: string, dir: string, opts: Opts): Promise<number> {
  const path = resolve(r.ctx.cwd, file);
  const target = resolve(r.ctx.cwd, dir);
  const maps = new Map<string, string>();
  for (const m of opts.map ?? []) {
    const { name, code } = parseMapping(m);
    if (!CODE_RE.test(code))
      throw new UserError(`--map "${m}": ${code} is not a code (a letter, then letters, digits, - or _)`, undefined, 'bad-flag');
    maps.set(normName(name), code);
  }
  const { project, texts } = readArchive(path, readBytes(path));
  const plan = planRefiImport({ project, texts, maps, ...(opts.lang ? { lang: opts.lang } : {}) });

  const origin = project.origin ? `${project.origin} (${basename(path)})` : basename(path);
  const files = importedProjectFiles(plan, origin);
  // validate's leak check on every file before it is written: names the replacing could not settle (a surname alone, a shared first name).
  const checked = files.filter((f) => f.path !== FILES.key);
  const flagged = [
    ...pathLeakProblems(
      checked.map((f) => ({ path: f.path, shown: f.path })),
      plan.key,
    ),
    ...leakProblems(
      checked.map((f) => ({ file: f.path, text: f.text })),
      plan.key,
    ),
  ].map((p) => formatProblem(p));
  writeNewProject(target, files);

  const summary = {
    project: r.out.path(target),
    from: r.out.path(path),
    origin: project.origin ?? null,
    title: plan.manifest.title,
    language: plan.manifest.language,
    ...plan.counts,
    observers: (plan.manifest.team ?? []).map((t) => t.code),
    participants: plan.participants.map((p) => p.code),
    sessions: plan.sessions.map((s) => ({
      id: s.session.id,
      source: s.source,
      turns: s.transcript ? turnsOf(s.transcript).length : 0,
      tags: [...s.tags.values()].reduce((a, t) => a + t.length, 0),
      ...(s.crlf ? { crlfCountedAs: s.crlf } : {}),
    })),
    speakers: plan.speakers,
    namesInKey: plan.key.people.length,
    dropped: plan.dropped,
    warnings: plan.warnings,
    flagged,
  };
  if (opts.json) {
    r.out.json(summary);
    return 0;
  }
  const c = plan.counts;
  r.out.line(
    `Created ${r.out.style.bold(plan.manifest.title)} in ${r.out.path(target)} from ${r.out.path(path)}${project.origin ? ` (${project.origin})` : ''}`,
  );
  r.out.line(`  codebook: ${plural(c.codes, 'code')}`);
  r.out.line(`  sessions: ${plural(plan.sessions.length, 'session')} (${plural(c.turns, 'turn')}), one per text source`);
  r.out.line(
    `  tags: ${plural(c.tags, 'tag')} from ${plural(c.codings, 'coding')} on ${plural(c.selections, 'selection')}${c.memos ? `, ${plural(c.memos, 'memo')}` : ''}`,
  );
  r.out.line(
    `  team: ${(plan.manifest.team ?? []).map((t) => t.code).join(', ') || 'none'}; participants: ${plan.participants.map((p) => p.code).join(', ') || 'none'}`,
  );
  if (plan.key.people.length)
    r.out.line(`  key.yaml: ${plural(plan.key.people.length, 'speaker name')} replaced by codes in the talk (private, git-ignored)`);
  const warn = (s: string) => r.out.note(r.out.errStyle.yellow(`note: ${s}`));
  for (const [why, n] of Object.entries(plan.dropped)) warn(`not imported: ${n} ${why}`);
  for (const w of plan.warnings) warn(w);
  for (const f of flagged.slice(0, 10)) warn(f);
  if (flagged.length > 10) warn(`${flagged.length - 10} more places may hold a name: fokus validate lists them`);
  return 0;
}
