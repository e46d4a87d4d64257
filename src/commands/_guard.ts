// The leak check on results printed to a file or a pipe. Apart from the export checks so that a
// piped command loads no zip or document code.
import type { Run } from '../cli.js';
import { exportLeaks } from '../core/export-check.js';
import { UserError } from '../errors.js';
import { findProjectRoot, readKey, readManifestTeam } from '../store/project.js';

/**
 * The check on JSON and CSV printed to a file or a pipe: a name from the key refuses the output.
 * Outside a project, or with a key that cannot be read (validate says why), there is nothing to check against.
 */
export function stdoutGuard(r: Run): (text: string) => void {
  return (text) => {
    let key;
    let team: Set<string>;
    try {
      const root = findProjectRoot(r.project, r.ctx.cwd);
      key = readKey(root)?.key;
      team = key ? readManifestTeam(root) : new Set();
    } catch (e) {
      if (e instanceof UserError) return;
      throw e;
    }
    if (!key) return;
    const problems = exportLeaks([{ file: '', text }], key, team);
    if (!problems.length) return;
    const p = problems[0]!;
    throw new UserError(
      `the output holds ${p.message.replace(/ (may appear|appears) here.*$/, '')} at line ${p.line}, column ${p.col}; nothing was printed. Replace it in the project (fokus validate shows where)`,
      undefined,
      'name-leak',
    );
  };
}
