// The leak check on results printed to a file or a pipe. Apart from the export checks so that a
// piped command loads no zip or document code.
import type { Run } from '../cli.js';
import { leakHits } from '../core/leak-check.js';
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
    const hit = leakHits([{ file: '', text, allowed: team }], key)[0];
    if (!hit) return;
    throw new UserError(
      `the output holds ${hit.what} at line ${hit.line}, column ${hit.col}; nothing was printed. Replace it in the project (fokus validate shows where)`,
      undefined,
      'name-leak',
    );
  };
}
