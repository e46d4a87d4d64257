// The lead's own texts for reports, kept in the project under reports/: per milestone
// (reports/m2/foreword.md) or for every report (reports/foreword.md), one file per language
// (foreword.en.md) or in the project's language (foreword.md); and reports/coreq.yaml.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { LeadText, LeadTexts } from '../core/report-doc.js';
import type { Lang } from '../core/model.js';
import { checkCoreqAnswers } from '../core/schema.js';
import { readChecked } from './project.js';
import { readTextFile } from './text-file.js';

export const REPORTS_DIR = 'reports';
/** The files a text may be in, most specific first. */
function leadTextPaths(root: string, name: string, lang: Lang, projectLang: Lang, milestone?: string): string[] {
  const dirs = [...(milestone ? [join(root, REPORTS_DIR, milestone)] : []), join(root, REPORTS_DIR)];
  return dirs.flatMap((d) => [join(d, `${name}.${lang}.md`), ...(lang === projectLang ? [join(d, `${name}.md`)] : [])]);
}

function leadText(root: string, name: string, lang: Lang, projectLang: Lang, milestone?: string): LeadText {
  const paths = leadTextPaths(root, name, lang, projectLang, milestone);
  const found = paths.find((p) => existsSync(p));
  if (found) return { text: readTextFile(found).text };
  // The file to write: the milestone's own, in the project's language unless the report is in another.
  return { missing: relative(root, paths[lang === projectLang ? 1 : 0] ?? paths[0]!) };
}

export function readLeadTexts(root: string, lang: Lang, projectLang: Lang, milestone?: string): LeadTexts {
  const coreqPath = join(root, REPORTS_DIR, 'coreq.yaml');
  const coreq: Record<number, string> = {};
  if (existsSync(coreqPath)) {
    const { value } = readChecked(coreqPath, checkCoreqAnswers);
    for (const [n, a] of Object.entries(value.answers ?? {})) {
      const text = typeof a === 'string' ? (lang === projectLang ? a : undefined) : a[lang];
      if (text) coreq[Number(n)] = text;
    }
  }
  const text = (name: string) => leadText(root, name, lang, projectLang, milestone);
  return {
    foreword: text('foreword'),
    background: text('background'),
    conclusion: text('conclusion'),
    recommendations: text('recommendations'),
    coreq,
    coreqFile: relative(root, coreqPath),
  };
}
