// fokus prepare: the moderator's pack for a session, as Markdown and as a Word file.
import { resolve, join } from 'node:path';
import type { Run } from '../cli.js';
import { UserError } from '../errors.js';
import { buildSessionPack, type PackInput, type PackPerson, type PackSummary } from '../core/session-pack.js';
import { writeMarkdown } from '../writers/markdown.js';
import { isInside, readKey, sessionById, type LoadedProject, type LoadedSession } from '../store/project.js';
import { openProject, seriesOf } from './_shared.js';
import { writeChecked, type PlannedFile } from './_export.js';
import { groupName, sessionDate } from '../core/model.js';

export interface PrepareOpts {
  output?: string;
  format?: 'md' | 'docx' | 'both';
  withNames?: boolean;
  withOtherGroups?: boolean;
  json?: boolean;
}

const dateOf = (s: LoadedSession) => sessionDate(s.session.value);

function packSummary(p: LoadedProject, s: LoadedSession): PackSummary {
  return { groupName: groupName(p.manifest.value, s.session.value.group), session: s.session.value, summary: s.summary!.summary };
}

export async function run(r: Run, id: string, opts: PrepareOpts): Promise<number> {
  const p = openProject(r, { transcripts: false, coding: false });
  const s = sessionById(p, id);
  const v = s.session.value;
  const lang = p.manifest.value.language;
  const dir = opts.output ? resolve(r.ctx.cwd, opts.output) : s.dir;
  // Real names are for the moderator's printed copy only, never for the project's folders.
  if (opts.withNames && isInside(p.root, dir))
    throw new UserError(
      `--with-names writes real names: give -o a folder outside the project (e.g. -o ~/Desktop); nothing was written`,
      { file: dir },
      'names-in-project',
    );
  let names = new Map<string, string>();
  if (opts.withNames) {
    const key = readKey(p.root);
    if (!key) throw new UserError('--with-names needs the key (key.yaml), and this project has none', undefined, 'no-key');
    names = new Map(key.key.people.map((x) => [x.code, x.name]));
  }

  const guide = v.guide ? p.guides.find((g) => g.value.id === v.guide)?.value : undefined;
  const participants = p.participants.value;
  const expected = v.attendees?.length
    ? v.attendees
    : participants.filter((x) => x.group === v.group && !(x.withdrawn && x.withdrawn.date <= r.today)).map((x) => x.code);
  const people: PackPerson[] = expected.map((code) => {
    const x = participants.find((y) => y.code === code);
    const person: PackPerson = { code, category: x?.category ?? 'other' };
    if (x?.consent?.status) person.consent = x.consent.status;
    const name = names.get(code);
    if (name) person.name = name;
    return person;
  });

  const before = seriesOf(p, v.group)
    .filter((x) => x.session.value.number < v.number)
    .at(-1);
  const input: PackInput = {
    lang,
    manifest: p.manifest.value,
    session: v,
    groupName: groupName(p.manifest.value, v.group),
    people,
    others: [],
    withNames: !!opts.withNames,
  };
  if (guide) input.guide = guide;
  if (before?.summary) input.previous = packSummary(p, before);
  else if (before) input.previousMissing = before.session.value;
  if (opts.withOtherGroups) {
    const date = dateOf(s);
    const groups = [...new Set(p.sessions.map((x) => x.session.value.group))].filter((g) => g !== v.group);
    for (const g of groups) {
      const latest = p.sessions
        .filter((x) => x.session.value.group === g && x.summary && (!date || !dateOf(x) || dateOf(x)! <= date))
        .sort((a, b) => (dateOf(a) ?? '').localeCompare(dateOf(b) ?? '') || a.session.value.number - b.session.value.number)
        .at(-1);
      if (latest) input.others.push(packSummary(p, latest));
    }
  }
  const doc = buildSessionPack(input);

  const format = opts.format ?? 'both';
  const files: string[] = [];
  const base = join(dir, `${id}-pack`);
  // Both are built and checked before either is written.
  const planned: PlannedFile[] = [];
  if (format !== 'docx') planned.push({ path: `${base}.md`, data: writeMarkdown(doc) });
  if (format !== 'md') planned.push({ path: `${base}.docx`, data: await (await import('../writers/docx.js')).writeDocx(doc) });
  // The moderator's own copy carries names on purpose, and only outside the project.
  const leakCheck = await writeChecked(r, p.root, p.manifest.value, planned, { doc, check: !opts.withNames });
  files.push(...planned.map((f) => f.path));

  const warnings: string[] = [];
  if (!guide) warnings.push(v.guide ? `guide ${v.guide} not found` : `${id} has no guide (fokus guide next ${v.group})`);
  if (input.previousMissing) warnings.push(`${input.previousMissing.id} has no summary yet (fokus summarize ${input.previousMissing.id})`);
  const unconsented = people.filter((x) => x.consent !== 'given').map((x) => x.code);
  if (unconsented.length) warnings.push(`consent not given for ${unconsented.join(', ')}`);
  if (opts.json) {
    r.out.json({
      session: id,
      files,
      previous: input.previous?.session.id ?? null,
      others: input.others.map((o) => o.session.id),
      people: people.map(({ name: _, ...x }) => x),
      warnings,
      leakCheck,
    });
    return 0;
  }
  r.out.line(`Session pack for ${id}${input.previous ? ` (with the summary of ${input.previous.session.id} to validate)` : ''}:`);
  for (const f of files) r.out.line(`  ${r.out.path(f)}`);
  if (input.others.length) r.out.line(`  with the latest summaries of ${input.others.map((o) => o.session.id).join(', ')}`);
  for (const w of warnings) r.out.note(r.out.errStyle.yellow(`note: ${w}`));
  return 0;
}
