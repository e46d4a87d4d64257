// fokus validate: every problem in the project, one per line as file:line:col: message, and the
// leak check over every text file and file name in it. It is the one command besides import that
// reads the key, and it also uses it to make sure nothing it prints repeats a name.
import { teamCodes } from '../core/model.js';
import { join, relative } from 'node:path';
import type { Run } from '../cli.js';
import { UserError, type Problem } from '../errors.js';
import { CODE_RE } from '../core/ids.js';
import { leakProblems, pathLeakProblems, type CheckedText } from '../core/leak-check.js';
import type { Key } from '../core/model.js';
import { scrubText } from '../core/pseudonymise.js';
import { validateProject } from '../core/validate.js';
import {
  FILES,
  isInside,
  keyMode,
  loadedTexts,
  loadProject,
  projectTextFiles,
  readKey,
  readKeyWords,
  type LoadedProject,
} from '../store/project.js';
import { REPORTS_DIR } from '../store/report.js';
import { gitState } from '../store/setup.js';
import { codingViewOf, plural, projectRoot, viewOf } from './_shared.js';
import { codingProblems } from '../core/coding-checks.js';
import { loopProblems } from '../core/summary-checks.js';

export async function run(r: Run, opts: { strict?: boolean; json?: boolean }): Promise<number> {
  const root = projectRoot(r);
  const p = loadProject(root);
  const keyPath = join(root, FILES.key);
  const unknownAs = p.manifest.value.language === 'nb' ? '[navn]' : '[name]';
  let key: Key | undefined;
  const keyProblems: Problem[] = [];
  try {
    key = readKey(root)?.key;
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    // The key holds names: its problems never show values, or field names that may be names.
    keyProblems.push(...e.problems.map((x) => ({ ...x, message: withoutValues(x.message) })));
  }
  const { files, paths } = projectTextFiles(root, loadedTexts(p));
  const problems = [...projectProblems(p), ...keyFileProblems(p, keyPath), ...keyProblems];
  if (key) {
    problems.push(...leakProblems(leakTexts(p, files), key, unknownAs));
    problems.push(
      ...pathLeakProblems(
        paths.map((path) => ({ path, shown: relative(root, path) })),
        key,
        unknownAs,
      ),
    );
  } else if (!keyProblems.length) {
    problems.push({ severity: 'warning', code: 'no-key', message: 'no key.yaml: the leak check could not run', file: keyPath });
  }
  // Nothing validate prints may repeat a name: messages and paths are scrubbed against the key, or
  // against every word in key.yaml when it cannot be read as a key.
  const scrubKey = key ?? wordsOfKey(keyPath);
  const shown = problems.map((x): Problem => {
    const { file, ...rest } = x;
    const message = scrubText(x.message, scrubKey);
    return file === undefined ? { ...rest, message } : { ...rest, message, file: scrubText(r.out.path(file), scrubKey) };
  });
  shown.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));

  const errors = shown.filter((x) => x.severity === 'error').length;
  const warnings = shown.length - errors;
  const failed = errors > 0 || (opts.strict === true && warnings > 0);
  if (opts.json) {
    r.out.json({ project: root, ok: !failed, errors, warnings, files: files.length, problems: shown });
  } else {
    r.out.problems(shown, 'stdout');
    const nfiles = new Set(shown.map((x) => x.file)).size;
    const summary = shown.length
      ? `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(nfiles, 'file')}`
      : `no problems in ${plural(files.length, 'file')}`;
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

/** Every text file but the key and raw/; researchers may be named in fokus.yaml's team list and in reports/. */
function leakTexts(p: LoadedProject, texts: { path: string; text: string }[]): CheckedText[] {
  const team = teamCodes(p.manifest.value);
  const reports = join(p.root, REPORTS_DIR);
  return texts.map((t) =>
    t.path === p.manifest.file || isInside(reports, t.path)
      ? { file: t.path, text: t.text, allowed: team }
      : { file: t.path, text: t.text },
  );
}

/** When key.yaml cannot be read as a key, every value in it is treated as a name to hide. */
function wordsOfKey(keyPath: string): Key {
  const names = readKeyWords(keyPath).filter(
    (w: string) => !/^(people|identifiers|code|name|aliases|text|replace)$/i.test(w) && !CODE_RE.test(w) && w !== '?',
  );
  // Code '*' is no one's: these words are hidden as "[a name]".
  return { people: names.map((name: string) => ({ code: '*', name })), identifiers: [] };
}

function withoutValues(message: string): string {
  return message
    .replace(/got '[^']*'/g, 'got a value not shown here')
    .replace(/unknown field '([^']*)'/g, (m, k: string) =>
      /^[a-z_]{1,24}$/.test(k) ? m : 'unknown field (not shown: key.yaml holds names)',
    );
}

/** Every check of a loaded project but the key's: reading, cross-references, coding, the loop. */
export function projectProblems(p: LoadedProject): Problem[] {
  return [
    ...p.problems,
    ...validateProject(viewOf(p)),
    ...codingProblems(codingViewOf(p)),
    ...loopProblems({
      manifest: p.manifest,
      participants: p.participants.value,
      sessions: p.sessions.map((s) => ({
        session: s.session.value,
        dir: s.dir,
        ...(s.summary ? { summary: s.summary } : {}),
        ...(s.feedback ? { feedback: s.feedback } : {}),
      })),
    }),
  ];
}
