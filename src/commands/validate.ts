// fokus validate: every problem in the project, one per line as file:line:col: message, and the
// leak check over every text file in it. It is the one command besides import that reads the key,
// and it uses it also to make sure no message of its own repeats a name.
import { join } from 'node:path';
import type { Run } from '../cli.js';
import { UserError, type Problem } from '../errors.js';
import { leakProblems, type CheckedText } from '../core/leak-check.js';
import type { Key } from '../core/model.js';
import { describeLeak, findLeaks, nameFinder } from '../core/pseudonymise.js';
import { validateProject } from '../core/validate.js';
import { FILES, keyMode, loadProject, projectTextFiles, readKey, type LoadedProject } from '../store/project.js';
import { gitState } from '../store/setup.js';
import { plural, projectRoot, viewOf } from './_shared.js';

export async function run(r: Run, opts: { strict?: boolean; json?: boolean }): Promise<number> {
  const root = projectRoot(r);
  const p = loadProject(root);
  const keyPath = join(root, FILES.key);
  let key: Key | undefined;
  const keyProblems: Problem[] = [];
  try {
    key = readKey(root)?.key;
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    // The key holds names: its problems never show the values.
    keyProblems.push(...e.problems.map((x) => ({ ...x, message: withoutValues(x.message) })));
  }
  const texts = projectTextFiles(root);
  const problems = [...p.problems, ...validateProject(viewOf(p)), ...keyFileProblems(p, keyPath), ...keyProblems];
  if (key) problems.push(...leakProblems(leakTexts(p, texts), key));
  else if (!keyProblems.length)
    problems.push({ severity: 'warning', code: 'no-key', message: 'no key.yaml: the leak check could not run', file: keyPath });
  const shown = key ? scrub(problems, key) : problems;
  shown.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));

  const errors = shown.filter((x) => x.severity === 'error').length;
  const warnings = shown.length - errors;
  const failed = errors > 0 || (opts.strict === true && warnings > 0);
  if (opts.json) {
    r.out.json({
      project: root,
      ok: !failed,
      errors,
      warnings,
      files: texts.length,
      problems: shown.map((x) => ({ ...x, file: x.file ? r.out.path(x.file) : undefined })),
    });
  } else {
    r.out.problems(shown, 'stdout');
    const files = new Set(shown.map((x) => x.file)).size;
    const summary = shown.length
      ? `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(files, 'file')}`
      : `no problems in ${plural(texts.length, 'file')}`;
    r.out.note(failed ? r.out.errStyle.red(summary) : r.out.errStyle.green(summary));
  }
  return failed ? 1 : 0;
}

/** The key stays private: owner-only, and never committed. */
function keyFileProblems(p: LoadedProject, keyPath: string): Problem[] {
  const out: Problem[] = [];
  if (p.manifest.value.fictional === true) return out;
  const mode = keyMode(p.root);
  if (mode === undefined) return out;
  if ((mode & 0o077) !== 0) {
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
  return out;
}

/** Every text file but the key and raw/; researchers may be named in fokus.yaml's team list. */
function leakTexts(p: LoadedProject, texts: { path: string; text: string }[]): CheckedText[] {
  const team = new Set((p.manifest.value.team ?? []).map((t) => t.code));
  return texts.map((t) => (t.path === p.manifest.file ? { file: t.path, text: t.text, allowed: team } : { file: t.path, text: t.text }));
}

/** No message repeats a name from the key, whatever file the name sat in. */
function scrub(problems: Problem[], key: Key): Problem[] {
  const finder = nameFinder(key);
  return problems.map((x) => {
    const leaks = findLeaks(x.message, finder, key.identifiers);
    if (!leaks.length) return x;
    let message = x.message;
    for (const l of [...leaks].reverse()) message = `${message.slice(0, l.index)}[${describeLeak(l)}]${message.slice(l.index + l.length)}`;
    return { ...x, message };
  });
}

function withoutValues(message: string): string {
  return message.replace(/got '[^']*'/g, 'got a value not shown here').replace(/'[^']*' (?=is|was)/g, '');
}
