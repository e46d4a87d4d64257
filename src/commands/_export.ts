// The leak check at the door of every export: what is about to be written (a Word file part by
// part) is searched for every name in the key before anything touches the disk.
import { teamCodes } from '../core/model.js';
import type { Run } from '../cli.js';
import { docText, type Doc } from '../doc/model.js';
import { exportLeaks, leakSection, refuseLeaks, xmlText, type ExportText, type LeakCheck } from '../core/export-check.js';
import type { Manifest } from '../core/model.js';
import { dirname } from 'node:path';
import { isZip } from '../importers/magic.js';
import { ensureDir, readKey } from '../store/project.js';
import { writeFileAtomic } from '../store/text-file.js';

export interface PlannedFile {
  path: string;
  data: string | Uint8Array;
}

/** The text of a planned file as the check reads it: a zip (Word, REFI-QDA, Excel) part by part, anything else as text. */
async function exportTexts(f: PlannedFile, shown: string): Promise<ExportText[]> {
  if (typeof f.data === 'string') return [{ file: shown, text: f.data }];
  if (!isZip(f.data)) return [{ file: shown, text: Buffer.from(f.data).toString('utf8') }];
  const { unzip } = await import('../store/zip.js');
  return [...unzip(f.data)]
    .filter(([name]) => /\.(xml|rels|qde|txt)$/.test(name))
    .map(([name, part]) => {
      const text = part.toString('utf8');
      return { file: `${shown} › ${name}`, text: name.endsWith('.txt') ? text : xmlText(text) };
    });
}

/**
 * Refuses the export (exit 2, nothing written) when a name or listed identifier from the key is
 * in it. Researchers on the team may be named. Without a key the check cannot run, and says so.
 */
export async function checkExport(r: Run, root: string, manifest: Manifest, files: readonly PlannedFile[], doc?: Doc): Promise<LeakCheck> {
  const loaded = readKey(root);
  if (!loaded) {
    r.out.note(r.out.errStyle.yellow('note: the leak check could not run: this project has no key.yaml to check names against'));
    return 'no-key';
  }
  const allowed = teamCodes(manifest);
  // The document's own text too: a name split over two runs of a Word file is whole here.
  const texts = [
    ...(await Promise.all(files.map((f) => exportTexts(f, r.out.path(f.path))))).flat(),
    ...(doc ? [{ file: `${doc.title} (text)`, text: docText(doc) }] : []),
  ];
  const problems = exportLeaks(texts, loaded.key, allowed);
  if (problems.length) refuseLeaks(problems, doc ? leakSection(doc, loaded.key, allowed) : undefined);
  return 'passed';
}

/** Checks every planned file, then writes each atomically: an export is refused whole or written whole. */
export async function writeChecked(
  r: Run,
  root: string,
  manifest: Manifest,
  files: readonly PlannedFile[],
  opts: { doc?: Doc; check?: boolean } = {},
): Promise<LeakCheck | 'skipped'> {
  const leakCheck = opts.check === false ? 'skipped' : await checkExport(r, root, manifest, files, opts.doc);
  for (const f of files) {
    ensureDir(dirname(f.path));
    writeFileAtomic(f.path, f.data);
  }
  return leakCheck;
}
