// fokus guide new|list: questioning routes from the bundled templates.
import { join } from 'node:path';
import type { Run } from '../cli.js';
import { UserError } from '../errors.js';
import { checkSlug } from '../core/ids.js';
import type { Lang } from '../core/model.js';
import { didYouMean } from '../core/schema.js';
import { ensureDir, FILES } from '../store/project.js';
import { writeNewFile } from '../store/setup.js';
import { openProject } from './_shared.js';
import { guideTemplates, templateText } from '../store/templates.js';

export async function create(r: Run, name: string, opts: { template: string; lang?: Lang; json?: boolean }): Promise<number> {
  checkSlug('guide name', name);
  const p = openProject(r, { transcripts: false, coding: false });
  const lang = opts.lang ?? p.manifest.value.language;
  const all = guideTemplates();
  const names = [...new Set(all.map((t) => t.name))];
  const t = all.find((x) => x.name === opts.template && x.lang === lang);
  if (!t) {
    throw new UserError(
      names.includes(opts.template)
        ? `template ${opts.template} has no '${lang}' version`
        : `no template '${opts.template}'${didYouMean(opts.template, names)}; templates: ${names.join(', ')}`,
      undefined,
      'unknown-template',
    );
  }
  const dir = join(p.root, FILES.guides);
  const path = join(dir, `${name}.yaml`);
  const twin = p.guides.find((g) => g.value.id === name);
  if (twin) throw new UserError('a guide with this name already exists; nothing was changed', { file: twin.file }, 'exists');
  ensureDir(dir);
  // Copied as written, comments and all: the moderator edits it from here.
  writeNewFile(path, templateText(t));
  if (opts.json) r.out.json({ guide: name, template: t.name, language: t.lang, file: path });
  else r.out.line(`Created ${r.out.path(path)} from template ${t.name} (${t.lang}); edit it, then: fokus session add <id> --guide ${name}`);
  return 0;
}

export async function list(r: Run, opts: { json?: boolean }): Promise<number> {
  const p = openProject(r, { transcripts: false, coding: false });
  const guides = p.guides.map((g) => ({
    id: g.value.id,
    title: g.value.title,
    questions: g.value.questions.length,
    minutes: g.value.questions.reduce((n, q) => n + (q.minutes ?? 0), 0),
    sessions: p.sessions.filter((s) => s.session.value.guide === g.value.id).map((s) => s.session.value.id),
  }));
  const tpl = guideTemplates().map(({ name, lang }) => ({ name, lang }));
  if (opts.json) {
    r.out.json({ guides, templates: tpl });
    return 0;
  }
  if (guides.length) {
    r.out.table(
      ['guide', 'title', 'questions', 'minutes', 'used by'],
      guides.map((g) => [g.id, g.title, g.questions, g.minutes, g.sessions.join(', ')]),
      ['l', 'l', 'r', 'r', 'l'],
    );
  } else r.out.line('No guides yet.');
  r.out.line('');
  const byName = new Map<string, string[]>();
  for (const t of tpl) byName.set(t.name, [...(byName.get(t.name) ?? []), t.lang]);
  r.out.line(
    `Templates (fokus guide new <name> --template <template>): ${[...byName].map(([n, l]) => `${n} (${l.join(', ')})`).join(', ')}`,
  );
  return 0;
}
