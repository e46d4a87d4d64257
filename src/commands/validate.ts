// fokus validate: every problem in the project, one per line as file:line:col: message.
import { join } from 'node:path';
import type { Run } from '../cli.js';
import type { Problem } from '../errors.js';
import { leakProblems, type CheckedText } from '../core/leak-check.js';
import { FILES, keyMode, loadProject, readKey, type LoadedProject } from '../store/project.js';
import { gitState } from '../store/setup.js';
import { readTextFile } from '../store/text-file.js';
import { existsSync } from 'node:fs';
import { plural, projectRoot, viewOf } from './_shared.js';
import { validateProject } from '../core/validate.js';
import { UserError } from '../errors.js';

export async function run(r: Run, opts: { strict?: boolean; json?: boolean }): Promise<number> {
  const root = projectRoot(r);
  const p = loadProject(root);
  const problems = [...p.problems, ...validateProject(viewOf(p)), ...privacyProblems(p)];
  problems.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  const errors = problems.filter((x) => x.severity === 'error').length;
  const warnings = problems.length - errors;
  const failed = errors > 0 || (opts.strict === true && warnings > 0);
  if (opts.json) {
    r.out.json({
      project: root,
      ok: !failed,
      errors,
      warnings,
      problems: problems.map((x) => ({ ...x, file: x.file ? r.out.path(x.file) : undefined })),
    });
  } else {
    r.out.problems(problems, 'stdout');
    const files = new Set(problems.map((x) => x.file)).size;
    const summary = problems.length
      ? `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(files, 'file')}`
      : `no problems in ${plural(p.yaml.size + p.sessions.filter((s) => s.transcript).length, 'file')}`;
    r.out.note(failed ? r.out.errStyle.red(summary) : r.out.errStyle.green(summary));
  }
  return failed ? 1 : 0;
}

/** The key stays private, and no name from it appears in the project's other files. */
function privacyProblems(p: LoadedProject): Problem[] {
  const out: Problem[] = [];
  const keyPath = join(p.root, FILES.key);
  const fictional = p.manifest.value.fictional === true;
  if (existsSync(keyPath) && !fictional) {
    const mode = keyMode(p.root);
    if (mode !== undefined && (mode & 0o077) !== 0) {
      out.push({
        severity: 'warning',
        code: 'key-permissions',
        message: `key.yaml can be read by others (mode ${mode.toString(8)}); run chmod 600 key.yaml`,
        file: keyPath,
      });
    }
    const git = gitState(p.root, FILES.key);
    if (git === 'tracked') {
      out.push({
        severity: 'error',
        code: 'key-committed',
        message:
          'key.yaml is tracked by git, so the names travel with every clone; run git rm --cached key.yaml and remove it from the history',
        file: keyPath,
      });
    } else if (git === 'not-ignored') {
      out.push({
        severity: 'warning',
        code: 'key-not-ignored',
        message: 'key.yaml is not git-ignored; add it to .gitignore so the key is never committed',
        file: keyPath,
      });
    }
  }
  let key;
  try {
    key = readKey(p.root);
  } catch (e) {
    if (e instanceof UserError) return [...out, ...e.problems];
    throw e;
  }
  if (!key) {
    out.push({ severity: 'warning', code: 'no-key', message: 'no key.yaml: the leak check could not run', file: keyPath });
    return out;
  }
  const teamCodes = new Set((p.manifest.value.team ?? []).map((t) => t.code));
  const texts: CheckedText[] = [];
  for (const [path, y] of p.yaml)
    texts.push(path === p.manifest.file ? { file: path, text: y.source, allowed: teamCodes } : { file: path, text: y.source });
  for (const s of p.sessions) {
    if (s.transcript) texts.push({ file: s.transcript.file, text: readTextFile(s.transcript.file).text });
  }
  out.push(...leakProblems(texts, key.key));
  return out;
}
