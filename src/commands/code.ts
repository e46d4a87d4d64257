// fokus code add|list|rename|merge|remove: the codebook, and every tag that uses a code.
import type { Run } from '../cli.js';
import { UserError } from '../errors.js';
import { withParents, checkCodePath, codeIndex, codeLabel, depth, isWithin, movePath, resolveCode, treeOrder } from '../core/codebook.js';
import type { Code, Codebook } from '../core/model.js';
import { appendCodes, planCodebook, planRecode, tagFilePath, writePlanned } from '../store/coding.js';
import type { YamlFile } from '../store/yaml-doc.js';
import type { LoadedProject } from '../store/project.js';
import { openProject, plural, printList } from './_shared.js';

function codebookOf(p: LoadedProject): Codebook {
  return p.codebook?.value ?? { codes: [] };
}

/** How many tags use each code, over every observer's file. */
function usage(p: LoadedProject): Map<string, number> {
  const n = new Map<string, number>();
  for (const s of p.sessions) for (const f of s.tags) for (const t of f.value.tags) n.set(t.code, (n.get(t.code) ?? 0) + 1);
  return n;
}

function usedUnder(p: LoadedProject, root: string): number {
  let n = 0;
  for (const [code, k] of usage(p)) if (isWithin(code, root)) n += k;
  return n;
}

export async function add(
  r: Run,
  path: string,
  opts: { label?: string; description?: string; useWhen?: string; avoidWhen?: string; colour?: string; json?: boolean },
): Promise<number> {
  const code = checkCodePath(path);
  if (opts.colour !== undefined && !/^#[0-9a-fA-F]{6}$/.test(opts.colour))
    throw new UserError(`--colour expects a colour like #4e79a7, got '${opts.colour}'`, undefined, 'bad-flag');
  const p = openProject(r, { transcripts: false });
  const have = codeIndex(codebookOf(p));
  if (have.has(code)) throw new UserError(`code '${code}' is already in the codebook`, { file: p.codebook!.file }, 'exists');
  const c: Code = { code };
  if (opts.label) c.label = opts.label;
  if (opts.description) c.description = opts.description;
  if (opts.useWhen) c.use_when = opts.useWhen;
  if (opts.avoidWhen) c.avoid_when = opts.avoidWhen;
  if (opts.colour) c.colour = opts.colour.toLowerCase();
  const added = withParents(have.keys(), [c]);
  appendCodes(p.root, added);
  if (opts.json) r.out.json({ added });
  else r.out.line(`Added ${added.map((a) => a.code).join(', ')} to codebook.yaml`);
  return 0;
}

export async function list(r: Run, opts: { json?: boolean }): Promise<number> {
  const p = openProject(r, { transcripts: false });
  const used = usage(p);
  const rows = treeOrder(codebookOf(p).codes).map((c) => ({ ...c, tags: used.get(c.code) ?? 0 }));
  return printList(r, opts.json, rows, 'No codes yet: fokus code add arenaer/hjemmet (or copy a starter from templates/codebooks/)', (rs) =>
    r.out.table(
      ['code', 'label', 'tags', 'description'],
      rs.map((c) => [`${'  '.repeat(depth(c.code) - 1)}${c.code}`, codeLabel(c), String(c.tags), c.description ?? '']),
    ),
  );
}

/**
 * Recodes every tag and the codebook: each file is edited in memory first, and only when every
 * one of them could take the edit are they written (codebook last, so an interrupted run can be
 * run again to finish).
 */
function recode(
  p: LoadedProject,
  moveTo: (c: string) => string,
  drop: (c: string) => boolean,
  add: Code[] = [],
): { tags: number; files: number } {
  const planned: { file: YamlFile; changed: number }[] = [];
  for (const s of p.sessions)
    for (const f of s.tags) {
      if (!f.value.tags.some((t) => moveTo(t.code) !== t.code)) continue;
      const plan = planRecode(tagFilePath(s.dir, f.observer), moveTo);
      if (plan) planned.push(plan);
    }
  const codebook = planCodebook(p.root, moveTo, drop, add);
  writePlanned([...planned.map((x) => x.file), codebook]);
  return { tags: planned.reduce((n, x) => n + x.changed, 0), files: planned.length };
}

/** Moves `from` (and its sub-codes) to `to` in the codebook and in every tag. */
function move(p: LoadedProject, from: string, to: string): { tags: number; files: number } {
  const cb = codebookOf(p);
  const have = codeIndex(cb);
  const moveTo = (c: string) => movePath(c, from, to);
  // An entry that lands on a code already there is dropped: the existing entry's text wins.
  const drop = (c: string) => isWithin(c, from) && have.has(moveTo(c)) && moveTo(c) !== c;
  const moved = cb.codes.filter((c) => isWithin(c.code, from) && !drop(c.code)).map((c) => moveTo(c.code));
  // Parents a moved code needs that the codebook will not otherwise have.
  const kept = cb.codes.filter((c) => !isWithin(c.code, from)).map((c) => c.code);
  return recode(
    p,
    moveTo,
    drop,
    withParents(
      [...kept, ...moved],
      moved.map((code) => ({ code })),
    ),
  );
}

/** The code the user means: the path as typed when the codebook or a tag has it, else a unique match. */
function existing(p: LoadedProject, typed: string): string {
  const path = checkCodePath(typed);
  if (codeIndex(codebookOf(p)).has(path) || usedUnder(p, path) > 0) return path;
  return resolveCode(codebookOf(p), typed).code;
}

export async function rename(r: Run, fromArg: string, toArg: string, opts: { json?: boolean }): Promise<number> {
  const p = openProject(r, { transcripts: false });
  const cb = codebookOf(p);
  const from = existing(p, fromArg);
  const to = checkCodePath(toArg);
  const have = codeIndex(cb);
  if (isWithin(to, from) && to !== from)
    throw new UserError(`cannot rename '${from}' into its own sub-code '${to}'`, undefined, 'bad-flag');
  if (have.has(to))
    throw new UserError(`code '${to}' already exists; to join the two, use fokus code merge ${from} ${to}`, undefined, 'exists');
  const done = move(p, from, to);
  if (opts.json) r.out.json({ from, to, ...done });
  else r.out.line(`Renamed ${from} to ${to}: ${plural(done.tags, 'tag')} rewritten in ${plural(done.files, 'file')}`);
  return 0;
}

export async function merge(r: Run, fromArg: string, intoArg: string, opts: { json?: boolean }): Promise<number> {
  const p = openProject(r, { transcripts: false });
  const cb = codebookOf(p);
  const from = existing(p, fromArg);
  const into = resolveCode(cb, intoArg).code;
  if (into === from) throw new UserError(`'${from}' cannot be merged into itself`, undefined, 'bad-flag');
  if (isWithin(into, from)) throw new UserError(`cannot merge '${from}' into '${into}', which lies under it`, undefined, 'bad-flag');
  const done = move(p, from, into);
  if (opts.json) r.out.json({ from, into, ...done });
  else r.out.line(`Merged ${from} into ${into}: ${plural(done.tags, 'tag')} rewritten in ${plural(done.files, 'file')}`);
  return 0;
}

export async function remove(r: Run, pathArg: string, opts: { moveTo?: string; json?: boolean }): Promise<number> {
  const p = openProject(r, { transcripts: false });
  const cb = codebookOf(p);
  const code = resolveCode(cb, pathArg).code;
  const inUse = usedUnder(p, code);
  if (opts.moveTo !== undefined) {
    const into = resolveCode(cb, opts.moveTo).code;
    if (isWithin(into, code))
      throw new UserError(`--move-to '${into}' lies under '${code}', which is being removed`, undefined, 'bad-flag');
    // Sub-codes go with their parent: their tags move to the target too.
    const moveTo = (c: string) => (isWithin(c, code) ? into : c);
    const { tags } = recode(p, moveTo, (c) => isWithin(c, code));
    if (opts.json) r.out.json({ removed: code, movedTo: into, tags });
    else r.out.line(`Removed ${code}; ${plural(tags, 'tag')} moved to ${into}`);
    return 0;
  }
  if (inUse > 0) {
    throw new UserError(
      `code '${code}' is used by ${plural(inUse, 'tag')}; give --move-to <code> to move them, or fokus code merge ${code} <code>`,
      undefined,
      'in-use',
    );
  }
  const sub = cb.codes.filter((c) => isWithin(c.code, code)).length - 1;
  recode(
    p,
    (c) => c,
    (c: string) => isWithin(c, code),
  );
  if (opts.json) r.out.json({ removed: code, subcodes: sub });
  else r.out.line(`Removed ${code}${sub > 0 ? ` and its ${plural(sub, 'sub-code')}` : ''} from codebook.yaml`);
  return 0;
}
