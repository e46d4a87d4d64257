// fokus init: a new project folder with commented starting files, the key kept private.
import { basename, join, resolve } from 'node:path';
import type { Run } from '../cli.js';
import { UserError } from '../errors.js';
import type { Lang } from '../core/model.js';
import { stringifyYaml } from '../store/yaml-doc.js';
import { ensureDir, FILES, PROJECT_DIRS } from '../store/project.js';
import { KEY_NOTE } from '../store/key.js';
import { checkFolderOrNone, makePrivate, pathKind, planIgnored, writeIgnored, writeNewFile } from '../store/setup.js';

interface Opts {
  title?: string;
  lang?: Lang;
  purpose?: string;
  yes?: boolean;
  json?: boolean;
}

const PHASES: Record<Lang, [string, string][]> = {
  nb: [
    ['focus', 'Enighet om fokus'],
    ['planning', 'Planlegging'],
    ['immersion', 'Fordypning i praksis'],
    ['reflection', 'Kritisk refleksjon'],
  ],
  en: [
    ['focus', 'Agreeing on the focus'],
    ['planning', 'Planning'],
    ['immersion', 'Immersion in practice'],
    ['reflection', 'Critical reflection'],
  ],
};

export async function run(r: Run, dir: string, opts: Opts): Promise<number> {
  const target = resolve(r.ctx.cwd, dir);
  checkFolderOrNone(target);
  if (pathKind(join(target, FILES.manifest)) !== 'none') {
    throw new UserError(
      `there is already a fokus project here (${FILES.manifest}); nothing was changed`,
      { file: join(target, FILES.manifest) },
      'exists',
    );
  }
  const quiet = opts.yes === true || !r.ctx.interactive;
  if (!r.ctx.interactive && !opts.yes && opts.title === undefined) {
    throw new UserError(
      'missing --title (there is no terminal to ask on; or give --yes to use the folder name)',
      undefined,
      'missing-flag',
    );
  }
  const fallbackTitle = basename(target);
  const title = (
    opts.title ??
    (quiet
      ? fallbackTitle
      : await r
          .ask('--title')
          .input({ message: 'Title of the study', default: fallbackTitle, validate: (s) => (s.trim() ? true : 'a title is needed') }))
  ).trim();
  if (!title) throw new UserError('--title must not be empty', undefined, 'bad-flag');
  const lang: Lang =
    opts.lang ??
    (quiet
      ? 'nb'
      : await r.ask('--lang').select<Lang>({
          message: 'Language of reports and templates',
          choices: [
            { name: 'norsk bokmål', value: 'nb' },
            { name: 'English', value: 'en' },
          ],
        }));
  const purpose =
    opts.purpose ??
    (quiet ? undefined : (await r.ask('--purpose').input({ message: 'Purpose in a sentence or two (optional)' })).trim() || undefined);

  // Everything is decided before anything is written: a key or participant list already here is
  // kept (the key made private), folders in the way are reported now, not half-way through.
  const plan: { name: string; text: string; mode?: number }[] = [];
  const kept: string[] = [];
  for (const [name, text, mode] of [
    [FILES.manifest, manifestText(title, lang, purpose), undefined],
    [FILES.participants, participantsText(lang), undefined],
    [FILES.key, keyText(), 0o600],
  ] as const) {
    const path = join(target, name);
    const kind = pathKind(path);
    if (kind === 'none') plan.push(mode === undefined ? { name, text } : { name, text, mode });
    else if (kind === 'file' && name !== FILES.manifest) kept.push(name);
    else throw new UserError('is in the way (a folder where fokus would write a file); nothing was changed', { file: path }, 'exists');
  }
  for (const d of [FILES.guides, FILES.sessions, FILES.raw]) {
    const path = join(target, d);
    if (!['folder', 'none'].includes(pathKind(path)))
      throw new UserError('is a file where fokus needs a folder; nothing was changed', { file: path }, 'exists');
  }

  const ignore = planIgnored(target, [FILES.key, `${FILES.raw}/`]);

  for (const d of PROJECT_DIRS) ensureDir(join(target, d));
  const created: string[] = [];
  for (const f of plan) {
    writeNewFile(join(target, f.name), f.text, f.mode);
    created.push(f.name);
  }
  if (kept.includes(FILES.key)) makePrivate(join(target, FILES.key));
  if (writeIgnored(ignore)) created.push(FILES.gitignore);

  if (opts.json) {
    r.out.json({ project: target, title, language: lang, created, kept });
  } else {
    r.out.line(`Created ${r.out.style.bold(title)} in ${r.out.path(target) || '.'}`);
    for (const c of created) r.out.line(`  ${c}${c === FILES.key ? r.out.style.dim('   (private: mode 600, git-ignored)') : ''}`);
    for (const k of kept)
      r.out.line(
        `  ${k} ${r.out.style.dim(`kept as it was${k === FILES.key ? ', made private (mode 600, git-ignored); fokus validate checks it' : ''}`)}`,
      );
    r.out.line('');
    r.out.line('Next: fokus group add <id> --site <site>, fokus participant add P1 --group <id> --category staff,');
    r.out.line('      fokus guide new <name> --template core-competence, fokus session add <id> --group <id> --date YYYY-MM-DD');
  }
  return 0;
}

function manifestText(title: string, lang: Lang, purpose: string | undefined): string {
  const phases = PHASES[lang].map(([id, name]) => ({ id, name }));
  const body = stringifyYaml({
    title,
    ...(purpose ? { purpose } : {}),
    language: lang,
    research_questions: [],
    design: { approach: 'action research', phases },
    team: [],
    groups: [],
  });
  return [
    '# The study. See docs/project-format.md in fokus for every field.',
    '# research_questions: - { id: rq1, text: ... }',
    '# team:   - { code: M1, roles: [moderator, lead], name: ... }   (fokus team add)',
    '# groups: - { id: ..., name: ..., site: ..., kind: mixed }     (fokus group add)',
    body,
  ].join('\n');
}

function participantsText(lang: Lang): string {
  const note =
    lang === 'nb'
      ? '# Deltakere etter kode (P1, P2, ...). Navn står aldri her, bare i key.yaml.'
      : '# Participants by code (P1, P2, ...). Names never go here, only in key.yaml.';
  return `${note}\n# fokus participant add P1 --group <id> --category staff --consent given\nparticipants: []\n`;
}

function keyText(): string {
  return [
    ...KEY_NOTE.split('\n').map((l) => `# ${l}`),
    '# people:      - { code: P1, name: Full Name, aliases: [First name, Name in Teams] }',
    '# identifiers: - words that would identify someone (a workplace, a street)',
    'people: []',
    'identifiers: []',
    '',
  ].join('\n');
}
