// A whole new project written at once (fokus import-qdpx): every file is made in a hidden folder
// beside the target, which is then renamed into place, so a failure leaves no half project.
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import type { ImportedSession, RefiImportPlan } from '../core/refi-import.js';
import { writeTranscript } from '../transcript/index.js';
import { ordered, TAG_ORDER } from './coding.js';
import { KEY_NOTE } from './key.js';
import { ensureDir, FILES, PROJECT_DIRS, sessionFileText } from './project.js';
import { checkFolderOrNone, planIgnored, writeIgnored, writeNewFile } from './setup.js';
import { stringifyYaml } from './yaml-doc.js';

export interface NewFile {
  /** Relative to the project folder, with `/`. */
  path: string;
  text: string;
  mode?: number;
}

function sessionFiles(s: ImportedSession, origin: string): NewFile[] {
  const dir = `${FILES.sessions}/${s.session.id}`;
  const { id: _id, ...session } = s.session;
  const out: NewFile[] = [{ path: `${dir}/session.yaml`, text: sessionFileText(session) }];
  if (s.transcript) out.push({ path: `${dir}/transcript.md`, text: writeTranscript('md', s.transcript) });
  for (const [observer, tags] of s.tags) {
    out.push({
      path: `${dir}/${FILES.tags}/${observer}.yaml`,
      text: stringifyYaml(
        { observer, tags: tags.map((t) => ordered(t, TAG_ORDER)) },
        `Tags by ${observer} on ${s.session.id}, imported from ${origin}.`,
      ),
    });
  }
  if (s.summary !== undefined) out.push({ path: `${dir}/summary.md`, text: s.summary });
  return out;
}

/** The files of an imported project, in fokus's house style. */
export function importedProjectFiles(plan: RefiImportPlan, origin: string): NewFile[] {
  const nb = plan.manifest.language === 'nb';
  return [
    {
      path: FILES.manifest,
      text: stringifyYaml(
        plan.manifest,
        nb ? `Importert fra ${origin} med fokus import-qdpx.` : `Imported from ${origin} with fokus import-qdpx.`,
      ),
    },
    {
      path: FILES.participants,
      text: stringifyYaml(
        { participants: plan.participants },
        nb ? 'Deltakere etter kode. Navn står aldri her, bare i key.yaml.' : 'Participants by code. Names never go here, only in key.yaml.',
        { flow: [] },
      ),
    },
    {
      path: FILES.codebook,
      text: stringifyYaml(
        { language: plan.manifest.language, codes: plan.codes },
        nb ? `Kodebok importert fra ${origin}.` : `Codebook imported from ${origin}.`,
      ),
    },
    {
      path: FILES.key,
      text: stringifyYaml(plan.key, KEY_NOTE),
      mode: 0o600,
    },
    ...plan.sessions.flatMap((s) => sessionFiles(s, origin)),
  ];
}

/** Writes a new project into `target` (absent, or an empty folder); nothing is left behind on failure. */
export function writeNewProject(target: string, files: readonly NewFile[]): void {
  const kind = checkFolderOrNone(target);
  if (kind === 'folder' && readdirSync(target).length)
    throw new UserError(
      'is not empty: import-qdpx makes a new project in a new or empty folder; nothing was changed',
      { file: target },
      'exists',
    );
  ensureDir(dirname(target));
  const tmp = join(dirname(target), `.${basename(target)}.fokus-${process.pid}-${Date.now()}`);
  try {
    for (const d of PROJECT_DIRS) ensureDir(join(tmp, d));
    for (const f of files) {
      ensureDir(dirname(join(tmp, f.path)));
      writeNewFile(join(tmp, f.path), f.text, f.mode);
    }
    // The key and raw/ kept out of git, as fokus init does.
    writeIgnored(planIgnored(tmp, [FILES.key, `${FILES.raw}/`]));
    if (kind === 'folder') {
      for (const name of readdirSync(tmp)) renameSync(join(tmp, name), join(target, name));
      rmSync(tmp, { recursive: true, force: true });
    } else renameSync(tmp, target);
  } catch (e) {
    if (existsSync(tmp)) rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
