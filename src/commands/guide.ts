// fokus guide new|list: questioning routes from the bundled templates.
import { join } from 'node:path';
import type { Run } from '../cli.js';
import { UserError } from '../errors.js';
import { checkSlug } from '../core/ids.js';
import type { Guide, Lang } from '../core/model.js';
import { nextGuide, type NextGuideInput } from '../core/guide-next.js';
import { newYamlFile, renderYaml } from '../store/yaml-doc.js';
import { didYouMean } from '../core/schema.js';
import { ensureDir, FILES, setInLoaded, transcriptPaths } from '../store/project.js';
import { writeNewFile } from '../store/setup.js';
import { checkGroup, openProject, seriesOf } from './_shared.js';
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

/** fokus guide next <group>: the last guide, plus what the last summary left open. */
export async function next(r: Run, group: string, opts: { id?: string; json?: boolean }): Promise<number> {
  const p = openProject(r, { transcripts: false, coding: false });
  const g = checkGroup(p, group);
  const series = seriesOf(p, group);
  // Transcripts are not parsed here: a session with one on disk has been held.
  const held = series.filter((s) => s.session.value.status === 'held' || transcriptPaths(s.dir).length > 0);
  const lastHeld = held.at(-1);
  const upcoming = series.find(
    (s) => s.session.value.status === 'planned' && s.session.value.number > (lastHeld?.session.value.number ?? 0),
  );
  const number = upcoming?.session.value.number ?? (lastHeld?.session.value.number ?? 0) + 1;
  const withGuide = [...held].reverse().find((s) => s.session.value.guide && p.guides.some((x) => x.value.id === s.session.value.guide));
  const last = withGuide ? p.guides.find((x) => x.value.id === withGuide.session.value.guide)!.value : undefined;
  const summarised = [...held].reverse().find((s) => s.summary);
  const id = opts.id ?? `${group}-${number}`;
  checkSlug('guide name', id);
  const twin = p.guides.find((x) => x.value.id === id);
  if (twin)
    throw new UserError(`guide ${id} already exists; nothing was changed (choose another with --id)`, { file: twin.file }, 'exists');
  if (!last && !summarised)
    throw new UserError(
      `${group} has no held session with a guide or a summary yet; start from a template: fokus guide new <name>`,
      undefined,
      'nothing-to-build-on',
    );

  const input: NextGuideInput = { id, lang: p.manifest.value.language, number, groupName: g.name };
  if (last) input.last = last;
  if (summarised) {
    const s = summarised.session.value;
    input.summary = { session: s.id, number: s.number, summary: summarised.summary!.summary };
    if (summarised.feedback) input.summary.feedback = summarised.feedback.value;
  }
  const built = nextGuide(input);
  const path = join(p.root, FILES.guides, `${id}.yaml`);
  const y = newYamlFile(
    path,
    guideRecord(built.guide),
    `Guide for ${g.name}, session ${number} (fokus guide next), built from ${last ? `guide ${last.id}` : 'no earlier guide'}${
      summarised ? ` and the summary of ${summarised.session.value.id}` : ''
    }.\nEdit freely: reorder, cut, rephrase. Questions from the summary say where they came from in note:.`,
    { flow: built.guide.questions.map((_, i) => ['questions', i, 'serves']) },
  );
  ensureDir(join(p.root, FILES.guides));
  writeNewFile(path, renderYaml(y));
  // The planned session takes the new guide, unless it already has one.
  let attached: string | undefined;
  if (upcoming && !upcoming.session.value.guide) {
    setInLoaded(p, upcoming.session.file, [[['guide'], id]]);
    attached = upcoming.session.value.id;
  }
  if (opts.json) {
    r.out.json({
      guide: id,
      file: path,
      from: last?.id ?? null,
      summary: summarised?.session.value.id ?? null,
      questions: built.guide.questions.length,
      added: built.added,
      session: attached ?? null,
    });
    return 0;
  }
  r.out.line(`Created ${r.out.path(path)}: ${built.guide.questions.length} questions for ${g.name}, session ${number}`);
  if (last) r.out.line(`  from guide ${last.id}`);
  const contested = built.added.filter((a) => a.kind === 'contested');
  const open = built.added.filter((a) => a.kind === 'open');
  if (summarised)
    r.out.line(
      `  with ${contested.length} contested or corrected point(s) and ${open.length} open question(s) from ${summarised.session.value.id}'s summary`,
    );
  if (attached) r.out.line(`  ${attached} now uses it`);
  else if (upcoming)
    r.out.line(
      `  ${upcoming.session.value.id} keeps its guide ${upcoming.session.value.guide}; to use this one: set guide: ${id} in its session.yaml`,
    );
  else
    r.out.line(r.out.style.dim(`  no session ${number} planned yet: fokus session add ${group}-${number} --group ${group} --guide ${id}`));
  return 0;
}

function guideRecord(g: Omit<Guide, 'id'>): Record<string, unknown> {
  const order = ['id', 'kind', 'presents', 'text', 'minutes', 'probes', 'serves', 'note'] as const;
  const out: Record<string, unknown> = { title: g.title };
  if (g.language) out.language = g.language;
  if (g.description) out.description = g.description;
  if (g.intro) out.intro = g.intro;
  out.questions = g.questions.map((q) => {
    const rec: Record<string, unknown> = {};
    for (const k of order) if (q[k] !== undefined) rec[k] = q[k];
    return rec;
  });
  return out;
}
