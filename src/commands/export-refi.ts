// fokus export qdc | qdpx: the codebook and the project in the REFI-QDA exchange format, so
// NVivo, ATLAS.ti, MAXQDA and QualCoder users can open the work. Leak-checked, written whole.
import { extname, resolve } from 'node:path';
import type { Run } from '../cli.js';
import { VERSION } from '../cli.js';
import { UserError } from '../errors.js';
import { buildRefiProject, refiCodes } from '../core/refi-export.js';
import { zip } from '../store/zip.js';
import { writeCodebookXml, writeProjectXml } from '../writers/qde.js';
import { writeChecked, type PlannedFile } from './_export.js';
import { codedSessions, openProject, plural } from './_shared.js';

interface Opts {
  output: string;
  json?: boolean;
}

const ORIGIN = `fokus ${VERSION}`;

function target(r: Run, output: string, ext: string): string {
  const path = resolve(r.ctx.cwd, output);
  if (extname(path).toLowerCase() !== ext)
    throw new UserError(`-o ${output}: a REFI-QDA ${ext === '.qdc' ? 'codebook' : 'project'} file ends in ${ext}`, undefined, 'bad-output');
  return path;
}

export async function qdc(r: Run, opts: Opts): Promise<number> {
  const path = target(r, opts.output, '.qdc');
  const p = openProject(r, { transcripts: false });
  if (!p.codebook?.value.codes.length)
    throw new UserError('the codebook is empty: nothing to export; add codes with fokus code add', undefined, 'empty');
  const codes = refiCodes(p.codebook.value, p.manifest.value.language);
  const file: PlannedFile = { path, data: writeCodebookXml(codes, ORIGIN) };
  const leakCheck = await writeChecked(r, p.root, p.manifest.value, [file]);
  const count = p.codebook.value.codes.length;
  if (opts.json) {
    r.out.json({ file: r.out.path(path), codes: count, leakCheck });
    return 0;
  }
  r.out.line(`Wrote the codebook (${plural(count, 'code')}) to ${r.out.path(path)}`);
  return 0;
}

export async function qdpx(r: Run, opts: Opts): Promise<number> {
  const path = target(r, opts.output, '.qdpx');
  const p = openProject(r);
  const coded = codedSessions(p);
  const built = buildRefiProject({
    manifest: p.manifest.value,
    participants: p.participants.value,
    ...(p.codebook ? { codebook: p.codebook.value } : {}),
    sessions: p.sessions.map((s, i) => ({
      coded: coded[i]!,
      ...(s.transcript ? { transcript: s.transcript.transcript } : {}),
      ...(s.summary ? { summary: s.summary.file.text } : {}),
      notes: s.notes.map((n) => ({ observer: n.observer, value: n.value })),
    })),
    origin: ORIGIN,
  });
  const entries: [string, string][] = [['project.qde', writeProjectXml(built.project)]];
  for (const [name, text] of built.texts) entries.push([`sources/${name}`, text]);
  const file: PlannedFile = { path, data: zip(entries) };
  const leakCheck = await writeChecked(r, p.root, p.manifest.value, [file]);

  const c = built.counts;
  if (opts.json) {
    r.out.json({ file: r.out.path(path), ...c, ...built.left, leakCheck });
    return 0;
  }
  r.out.line(
    `Wrote ${r.out.path(path)}: ${plural(c.sources, 'transcript')}, ${plural(c.selections, 'coded passage')}, ${plural(c.codes, 'code')}, ${plural(c.cases, 'case')}, ${plural(c.users, 'observer')}, ${plural(c.notes, 'note')}`,
  );
  const warn = (s: string) => r.out.note(r.out.errStyle.yellow(`note: ${s}`));
  if (built.left.sessionsWithoutTranscript.length)
    warn(`left out sessions without a transcript: ${built.left.sessionsWithoutTranscript.join(', ')}`);
  if (built.left.orphanedTags)
    warn(`${plural(built.left.orphanedTags, 'tag')} could not be placed in a transcript and were left out (fokus validate shows them)`);
  if (built.left.unknownCodes) warn(`${plural(built.left.unknownCodes, 'tag')} with codes missing from the codebook were left out`);
  if (leakCheck === 'passed') r.out.note(r.out.errStyle.dim('Leak check: no name or listed identifier from key.yaml in the export.'));
  return 0;
}
