// The leak check at the door of every export: what is about to be written (a Word file part by
// part) is searched for every name in the key before anything touches the disk.
import type { Run } from '../cli.js';
import { docText, type Doc } from '../doc/model.js';
import { exportLeaks, leakSection, refuseLeaks, xmlText, type ExportText, type LeakCheck } from '../core/export-check.js';
import type { Manifest } from '../core/model.js';
import { readKey } from '../store/project.js';
import { unzip } from '../store/zip.js';

export interface PlannedFile {
  path: string;
  data: string | Uint8Array;
}

/** The text of a planned file as the check reads it: a zip (Word, REFI-QDA, Excel) part by part, anything else as text. */
export function exportTexts(f: PlannedFile, shown: string = f.path): ExportText[] {
  if (typeof f.data === 'string') return [{ file: shown, text: f.data }];
  const buf = Buffer.from(f.data);
  if (buf.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])))
    return [...unzip(buf)]
      .filter(([name]) => /\.(xml|rels|qde|txt)$/.test(name))
      .map(([name, part]) => {
        const text = part.toString('utf8');
        return { file: `${shown} › ${name}`, text: name.endsWith('.txt') ? text : xmlText(text) };
      });
  return [{ file: shown, text: buf.toString('utf8') }];
}

/**
 * Refuses the export (exit 2, nothing written) when a name or listed identifier from the key is
 * in it. Researchers on the team may be named. Without a key the check cannot run, and says so.
 */
export function checkExport(r: Run, root: string, manifest: Manifest, files: readonly PlannedFile[], doc?: Doc): LeakCheck {
  const loaded = readKey(root);
  if (!loaded) {
    r.out.note(r.out.errStyle.yellow('note: the leak check could not run: this project has no key.yaml to check names against'));
    return 'no-key';
  }
  const allowed = new Set((manifest.team ?? []).map((t) => t.code));
  // The document's own text too: a name split over two runs of a Word file is whole here.
  const texts = [
    ...files.flatMap((f) => exportTexts(f, r.out.path(f.path))),
    ...(doc ? [{ file: `${doc.title} (text)`, text: docText(doc) }] : []),
  ];
  const problems = exportLeaks(texts, loaded.key, allowed);
  if (problems.length) refuseLeaks(problems, doc ? leakSection(doc, loaded.key, allowed) : undefined);
  return 'passed';
}
