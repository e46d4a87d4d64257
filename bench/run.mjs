#!/usr/bin/env node
// npm run bench: times fokus as whole processes on synthetic projects of three sizes and on the
// bundled example, beside reference programs on the same data (node -e 0, grep, pandoc), and
// checks the performance targets of issue 8. Prints a table, writes bench/results.json.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateProject, generatorFingerprint } from './generate.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, '..');
const FOKUS = join(ROOT, 'bin', 'fokus.js');
const EXAMPLE = join(ROOT, 'sessions');
const DATA = join(BENCH, '.data');
const SCRATCH = join(BENCH, '.scratch');
const RESULTS = join(BENCH, 'results.json');
const RSS_HOOK = join(BENCH, 'rss-hook.mjs');
const MiB = 1024 * 1024;
/** A run longer than this is not repeated. */
const LONG_MS = 60_000;

const help = () => `usage: node bench/run.mjs [options]        (npm run bench)

Times fokus commands as whole processes on synthetic projects (bench/.data/<size>/, generated
by bench/generate.mjs and reused while the generator is unchanged) and on the bundled example,
beside node -e 0, grep and pandoc, and checks the targets of issue 8.

options:
  --sizes 20,200,2000   project sizes in sessions (default: all three)
  --runs N              timed runs per command (default 5); the median is reported
  --warmup N            untimed runs before them (default 1)
  --only a,b            only these commands: ${ALL_IDS.join(', ')}
  --quick               --sizes 20,200 --runs 3 (flags given explicitly win)
  --strict              exit 1 when a target is missed
  --rss-hook            measure memory with bench/rss-hook.mjs even where GNU time exists
  -h, --help            this text

Each command gets one cold run first (with <project>/.fokus, fokus's cache, deleted), then the
warm-up and timed runs, then one more run for its peak memory. Exit: 0 done (even with targets
missed, unless --strict), 1 a target missed with --strict, 2 a command failed or bad options.
Results: bench/results.json; scratch output: bench/.scratch/.`;

// --- what is measured --------------------------------------------------------------------------

/** fokus commands per synthetic project; `p` is the project's plan, `out` its scratch folder. */
const SIZE_COMMANDS = [
  { id: 'status', args: () => ['status'] },
  { id: 'validate', args: () => ['validate'] },
  { id: 'stats', args: () => ['stats'] },
  { id: 'search', args: (p) => ['search', p.searchWord] },
  { id: 'agreement', args: () => ['agreement', '--all'] },
  { id: 'summarize', args: (p) => ['summarize', p.summarizeSession, '--dry-run'] },
  { id: 'report-md', args: (p, out) => ['report', '--milestone', p.milestone, '--format', 'md', '-o', join(out, 'r.md')] },
  { id: 'report-docx', args: (p, out) => ['report', '--milestone', p.milestone, '--format', 'docx', '-o', join(out, 'r.docx')] },
];
const EXAMPLE_COMMANDS = [
  { id: 'help', args: () => ['--help'], project: false },
  { id: 'status', args: () => ['status'] },
];
const ALL_IDS = [...new Set([...EXAMPLE_COMMANDS, ...SIZE_COMMANDS].map((c) => c.id))];

/** Each command is compared with a reference program on the same data. */
const REFERENCE_OF = { search: 'grep', 'report-docx': 'pandoc' };

// --- options -----------------------------------------------------------------------------------

function parseOptions(argv) {
  const o = { sizes: undefined, runs: undefined, warmup: 1, only: undefined, quick: false, strict: false, rssHook: false };
  const value = (i, name) => {
    if (i >= argv.length) throw new Error(`${name} needs a value`);
    return argv[i];
  };
  const count = (s, name, min) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number of at least ${min}, got ${s}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let inline;
    if (a.startsWith('--') && a.includes('=')) [a, inline] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
    const next = () => inline ?? value(++i, a);
    if (a === '-h' || a === '--help') o.help = true;
    else if (a === '--sizes')
      o.sizes = next()
        .split(',')
        .map((s) => count(s, '--sizes', 1));
    else if (a === '--runs') o.runs = count(next(), '--runs', 1);
    else if (a === '--warmup') o.warmup = count(next(), '--warmup', 0);
    else if (a === '--only') {
      o.only = next().split(',').filter(Boolean);
      const bad = o.only.filter((x) => !ALL_IDS.includes(x));
      if (bad.length) throw new Error(`--only: unknown command ${bad.join(', ')} (known: ${ALL_IDS.join(', ')})`);
    } else if (a === '--quick') o.quick = true;
    else if (a === '--strict') o.strict = true;
    else if (a === '--rss-hook') o.rssHook = true;
    else throw new Error(`unknown option ${argv[i]} (see --help)`);
  }
  o.sizes ??= o.quick ? [20, 200] : [20, 200, 2000];
  o.sizes = [...new Set(o.sizes)].sort((a, b) => a - b);
  o.runs ??= o.quick ? 3 : 5;
  return o;
}

// --- running processes ---------------------------------------------------------------------------

const progress = (line) => process.stderr.write(`${line}\n`);

function probe(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return r.error ? undefined : `${r.stdout}${r.stderr}`;
}

/** How peak memory is measured here: GNU time, the node hook, or (for other programs) not at all. */
function memoryMethod(forceHook) {
  if (!forceHook && probe('/usr/bin/time', ['--version'])?.includes('GNU')) return 'gnu-time';
  return 'rss-hook';
}

/** The first line of a stderr file; for a V8 crash, its FATAL ERROR line (the first is a GC log). */
function firstLine(path) {
  let lines;
  try {
    lines = readFileSync(path, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  } catch {
    return '';
  }
  return lines.find((l) => l.startsWith('FATAL ERROR')) ?? lines[0] ?? '';
}

/** A rebuild of dist/ by someone else mid-run is not fokus being slow: wait and try again. */
const REBUILDING = /not built yet|Cannot find module .*dist|ERR_MODULE_NOT_FOUND.*dist/;

/**
 * One run of `argv`, stdout and stderr to files in `out` (captured, not printed). Times the
 * whole process with hrtime. With `rssFile`, wraps it to record its peak memory there.
 */
function runOnce(argv, { out, env, okCodes = [0], rss }) {
  let cmd = argv[0];
  let args = argv.slice(1);
  const runEnv = { ...env };
  if (rss?.method === 'gnu-time') {
    args = ['-f', '%M', '-o', rss.file, cmd, ...args];
    cmd = '/usr/bin/time';
  } else if (rss?.method === 'rss-hook') {
    runEnv.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(RSS_HOOK).href}`.trim();
    runEnv.BENCH_RSS_FILE = rss.file;
  }
  const stdout = join(out, 'stdout.txt');
  const stderr = join(out, 'stderr.txt');
  for (let attempt = 1; ; attempt++) {
    const fo = openSync(stdout, 'w');
    const fe = openSync(stderr, 'w');
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd: ROOT, env: runEnv, stdio: ['ignore', fo, fe] });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    closeSync(fo);
    closeSync(fe);
    const ok = !r.error && r.signal === null && okCodes.includes(r.status);
    if (!ok && attempt < 10 && REBUILDING.test(readFileSync(stderr, 'utf8'))) {
      progress(`    (dist/ is being rebuilt; trying again in 3 s)`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3000);
      continue;
    }
    if (ok) return { ms };
    const why = r.error ? r.error.message : r.signal ? `killed by ${r.signal}` : `exit ${r.status}`;
    return { ms, failure: { exitCode: r.status, signal: r.signal, reason: why, stderr: firstLine(stderr) } };
  }
}

/** Peak memory of one more run, in bytes, or null when it cannot be measured. */
function peakMemory(argv, ctx) {
  const node = argv[0] === process.execPath;
  if (ctx.memory === 'rss-hook' && !node) return { peak: null };
  const file = join(ctx.out, 'rss.txt');
  rmSync(file, { force: true });
  const r = runOnce(argv, { ...ctx, rss: { method: ctx.memory, file } });
  if (r.failure) return { peak: null, failure: r.failure };
  const ms = r.ms;
  try {
    // GNU time writes KiB on the last line (after a note if the command failed); the hook bytes.
    const last = readFileSync(file, 'utf8').trim().split('\n').at(-1);
    const n = Number(last);
    return { peak: Number.isFinite(n) ? (ctx.memory === 'gnu-time' ? n * 1024 : n) : null, ms };
  } catch {
    return { peak: null, ms };
  }
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s.at(-1) };
}

const round = (ms) => Math.round(ms * 10) / 10;

/**
 * Cold run (cache deleted), warm-ups, timed runs, one memory run. A failure ends the command's
 * measurement and is recorded with the first line of its stderr.
 */
function measure(tag, name, argv, ctx, { project, cold = true } = {}) {
  const res = { argv: show(argv) };
  const step = (what) => progress(`[${tag}] ${name}: ${what}`);
  const fail = (f) => {
    res.failure = f;
    progress(`[${tag}] ${name}: FAILED (${f.reason})${f.stderr ? `: ${f.stderr}` : ''}`);
    return res;
  };
  if (cold) {
    // fokus keeps a parse cache in <project>/.fokus: the first run after a change starts without it.
    if (project) rmSync(join(project, '.fokus'), { recursive: true, force: true });
    step('cold run');
    const r = runOnce(argv, ctx);
    if (r.failure) return fail(r.failure);
    res.cold = round(r.ms);
  }
  // A command that takes minutes (the Word report of 2000 sessions) is timed once, in the run that
  // measures its memory: the cold run has already warmed the cache and the file system.
  let long = res.cold !== undefined && res.cold > LONG_MS;
  const times = [];
  for (let i = 1; i <= ctx.warmup && !long; i++) {
    step(`warm-up ${i}/${ctx.warmup}`);
    const r = runOnce(argv, ctx);
    if (r.failure) return fail(r.failure);
    if (!cold && r.ms > LONG_MS) [long, times[0]] = [true, r.ms];
  }
  for (let i = 1; i <= ctx.runs && !long; i++) {
    step(`run ${i}/${ctx.runs}`);
    const r = runOnce(argv, ctx);
    if (r.failure) return fail(r.failure);
    times.push(r.ms);
  }
  step('peak memory');
  const m = peakMemory(argv, ctx);
  if (m.failure) return fail(m.failure);
  res.peakRssBytes = m.peak;
  if (long && !times.length) times.push(m.ms ?? runOnce(argv, ctx).ms);
  if (long) res.note = `over ${LONG_MS / 1000} s a run: timed once`;
  const s = stats(times);
  Object.assign(res, { median: round(s.median), min: round(s.min), max: round(s.max), runs: times.map(round) });
  progress(`[${tag}] ${name}: ${cold ? `cold ${fmtMs(res.cold)}, ` : ''}median ${fmtMs(res.median)}, peak ${fmtMB(res.peakRssBytes)}`);
  return res;
}

/** A command line as a person would type it, paths relative to the repository. */
function show(argv) {
  return argv
    .map((a, i) => {
      if (i === 0 && a === process.execPath) return 'node';
      if (a === FOKUS) return 'bin/fokus.js';
      return a.startsWith(ROOT) ? relative(ROOT, a) || '.' : a;
    })
    .join(' ')
    .replace(/^node bin\/fokus\.js/, 'fokus');
}

// --- projects ------------------------------------------------------------------------------------

/** Generates bench/.data/<size>, or reuses it when its stamp names this generator and size. */
function ensureProject(size) {
  const dir = join(DATA, String(size));
  const stampFile = join(DATA, `${size}.stamp.json`);
  const generator = generatorFingerprint();
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    stamp = undefined;
  }
  if (stamp?.generator === generator && stamp.sessions === size && existsSync(join(dir, 'fokus.yaml'))) {
    progress(`[${size}] reusing ${relative(ROOT, dir)} (generator ${generator})`);
    return { dir, plan: stamp.plan, reused: true };
  }
  progress(`[${size}] generating ${size} sessions in ${relative(ROOT, dir)} ...`);
  rmSync(stampFile, { force: true });
  rmSync(dir, { recursive: true, force: true });
  const t0 = process.hrtime.bigint();
  const plan = generateProject(dir, { sessions: size });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  progress(`[${size}] generated in ${(ms / 1000).toFixed(1)} s`);
  writeFileSync(stampFile, `${JSON.stringify({ generator, sessions: size, plan }, null, 2)}\n`);
  // fokus caches nothing changed in the last 3 s: a project is timed as a person finds it, settled.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3500);
  return { dir, plan, reused: false, generatedMs: round(ms) };
}

/** Bytes on disk of every file in the project, fokus's cache left out. */
function projectBytes(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === '.fokus') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) n += projectBytes(p);
    else if (e.isFile()) n += statSync(p).size;
  }
  return n;
}

/** The example's size: sessions and words from fokus status --json, or a rough count of the transcripts. */
function exampleCorpus(env) {
  const sessionsDir = join(EXAMPLE, 'sessions');
  const ids = readdirSync(sessionsDir, { withFileTypes: true }).filter((e) => e.isDirectory());
  let words;
  const r = spawnSync(process.execPath, [FOKUS, 'status', '--json', '--project', EXAMPLE], { cwd: ROOT, env, encoding: 'utf8' });
  try {
    words = JSON.parse(r.stdout).words;
  } catch {
    words = undefined;
  }
  if (typeof words !== 'number') {
    words = 0;
    for (const s of ids) {
      for (const f of ['transcript.md', 'transcript.yaml']) {
        const p = join(sessionsDir, s.name, f);
        if (existsSync(p)) words += readFileSync(p, 'utf8').split(/\s+/).filter(Boolean).length;
      }
    }
  }
  return { sessions: ids.length, words, bytes: projectBytes(EXAMPLE) };
}

// --- the run -------------------------------------------------------------------------------------

function freshDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

function runExample(opts, base) {
  const out = freshDir(join(SCRATCH, 'example'));
  const ctx = { ...base, out };
  const commands = {};
  for (const c of EXAMPLE_COMMANDS) {
    if (opts.only && !opts.only.includes(c.id)) continue;
    const project = c.project === false ? undefined : EXAMPLE;
    const argv = [process.execPath, FOKUS, ...c.args(), ...(project ? ['--project', EXAMPLE] : [])];
    commands[c.id] = measure('example', c.id, argv, ctx, { project });
  }
  if (!Object.keys(commands).length) return undefined;
  const references = { node: measure('example', 'node -e 0', [process.execPath, '-e', '0'], ctx, { cold: false }) };
  return { project: relative(ROOT, EXAMPLE), ...exampleCorpus(base.env), commands, references };
}

function runSize(size, opts, base) {
  const { dir, plan, reused, generatedMs } = ensureProject(size);
  const out = freshDir(join(SCRATCH, String(size)));
  const ctx = { ...base, out };
  const tag = String(size);
  const result = {
    project: relative(ROOT, dir),
    sessions: plan.sessions,
    words: plan.words,
    bytes: projectBytes(dir),
    turns: plan.turns,
    tags: plan.tags,
    files: plan.files,
    searchWord: plan.searchWord,
    searchTurns: plan.searchTurns,
    reused,
    ...(generatedMs === undefined ? {} : { generatedMs }),
    commands: {},
    references: {},
  };
  progress(
    `[${tag}] ${plan.sessions} sessions, ${plan.words.toLocaleString('en')} words, ${(result.bytes / MiB).toFixed(1)} MB, ${plan.tags.toLocaleString('en')} tags`,
  );
  const fokus = (args) => [process.execPath, FOKUS, ...args, '--project', dir];
  const selected = SIZE_COMMANDS.filter((c) => !opts.only || opts.only.includes(c.id));
  for (const c of selected) result.commands[c.id] = measure(tag, c.id, fokus(c.args(plan, out)), ctx, { project: dir });

  result.references.node = measure(tag, 'node -e 0', [process.execPath, '-e', '0'], ctx, { cold: false });
  if (result.commands.search) {
    // grep exits 1 when nothing matches: still a successful search.
    const grep = ['grep', '-rc', plan.searchWord, '--include=transcript.*', join(dir, 'sessions')];
    result.references.grep = measure(tag, 'grep', grep, { ...ctx, okCodes: [0, 1] }, { cold: false });
  }
  if (result.commands['report-docx']) {
    const md = join(out, 'r.md');
    if (!base.pandoc) {
      result.references.pandoc = { skipped: 'pandoc is not on PATH' };
    } else {
      if (!existsSync(md)) {
        // The peer converts the Markdown fokus wrote for the same report: write it if report-md was not run.
        progress(`[${tag}] writing r.md for pandoc (untimed)`);
        runOnce(fokus(SIZE_COMMANDS.find((c) => c.id === 'report-md').args(plan, out)), ctx);
      }
      result.references.pandoc = existsSync(md)
        ? measure(tag, 'pandoc', ['pandoc', md, '-o', join(out, 'p.docx')], ctx, { cold: false })
        : { skipped: 'fokus wrote no r.md to convert' };
    }
  }
  return result;
}

// --- targets -----------------------------------------------------------------------------------

const ok = (m) => m && !m.failure && !m.skipped && typeof m.median === 'number';

function ratioTarget(id, name, cmd, ref, limit, refName) {
  const t = { id, name, limit };
  if (!ok(cmd) || !ok(ref)) {
    t.status = 'skipped';
    t.reason = !cmd ? 'not run' : cmd.failure ? 'the command failed' : !ref ? `${refName} not run` : (ref.skipped ?? `${refName} failed`);
    return t;
  }
  Object.assign(t, { value: cmd.median, reference: ref.median, ratio: round2(cmd.median / ref.median) });
  t.status = t.ratio <= limit ? 'pass' : 'miss';
  return t;
}

const round2 = (x) => Math.round(x * 100) / 100;

function targets(results, opts) {
  const out = [];
  const ex = results.example;
  if (ex) {
    if (ex.commands.help)
      out.push(ratioTarget('1a', 'fokus --help ≤ 1.5 × node -e 0', ex.commands.help, ex.references.node, 1.5, 'node -e 0'));
    if (ex.commands.status)
      out.push(
        ratioTarget('1b', 'fokus status on the example ≤ 1.5 × node -e 0', ex.commands.status, ex.references.node, 1.5, 'node -e 0'),
      );
  }
  const sizes = opts.sizes.filter((s) => results.sizes[s]);
  const largest = sizes.at(-1);
  if (largest !== undefined && results.sizes[largest].commands.search) {
    const r = results.sizes[largest];
    out.push(ratioTarget('2', `search on the largest corpus (${largest}) ≤ 10 × grep`, r.commands.search, r.references.grep, 10, 'grep'));
  }
  for (const s of sizes) {
    const r = results.sizes[s];
    if (r.commands['report-docx'])
      out.push(ratioTarget(`3@${s}`, `Word report on ${s} ≤ 1.0 × pandoc`, r.commands['report-docx'], r.references.pandoc, 1.0, 'pandoc'));
  }
  for (let i = 1; i < sizes.length; i++) {
    const a = results.sizes[sizes[i - 1]];
    const b = results.sizes[sizes[i]];
    const data = b.words / a.words;
    for (const id of Object.keys(b.commands)) {
      const t = {
        id: `4:${id}@${sizes[i - 1]}-${sizes[i]}`,
        name: `${id} scales ${sizes[i - 1]}→${sizes[i]}: time ratio ≤ 1.2 × data ratio`,
      };
      const ca = a.commands[id];
      const cb = b.commands[id];
      t.dataRatio = round2(data);
      t.limit = round2(1.2 * data);
      if (!ok(ca) || !ok(cb)) {
        Object.assign(t, { status: 'skipped', reason: 'a command failed or was not run' });
      } else {
        Object.assign(t, { value: cb.median, reference: ca.median, ratio: round2(cb.median / ca.median) });
        t.status = t.ratio <= t.limit ? 'pass' : 'miss';
      }
      out.push(t);
    }
  }
  const memoryTargets = (label, corpus) => {
    const limit = 4 * corpus.bytes + 150 * MiB;
    for (const [id, c] of Object.entries(corpus.commands)) {
      const t = {
        id: `5:${id}@${label}`,
        name: `${id} on ${label}: peak memory ≤ 4 × corpus bytes + 150 MB`,
        limit,
        corpusBytes: corpus.bytes,
      };
      if (!c || c.failure || c.peakRssBytes == null)
        Object.assign(t, { status: 'skipped', reason: c?.failure ? 'the command failed' : 'not measured' });
      else Object.assign(t, { value: c.peakRssBytes, status: c.peakRssBytes <= limit ? 'pass' : 'miss' });
      out.push(t);
    }
  };
  if (ex) memoryTargets('example', ex);
  for (const s of sizes) memoryTargets(String(s), results.sizes[s]);
  return out;
}

// --- printing ------------------------------------------------------------------------------------

const fmtMs = (ms) => (ms == null ? '–' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`);
const fmtMB = (b) => (b == null ? 'not measured' : `${(b / MiB).toFixed(0)} MB`);

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ')).join('\n');
}

function sectionRows(corpus, refOf) {
  const rows = [];
  const row = (name, m, refName) => {
    if (!m) return;
    if (m.skipped) return rows.push([name, 'skipped', '', '', '', m.skipped]);
    if (m.failure) return rows.push([name, `FAILED (${m.failure.reason})`, '', '', '', m.failure.stderr.slice(0, 60)]);
    const ref = refName && corpus.references[refName];
    const ratio = ok(ref) ? `${(m.median / ref.median).toFixed(2)}× ${refName === 'node' ? 'node -e 0' : refName}` : '';
    rows.push([name, fmtMs(m.cold), fmtMs(m.median), `${fmtMs(m.min)}–${fmtMs(m.max)}`, ratio, fmtMB(m.peakRssBytes)]);
  };
  for (const [id, m] of Object.entries(corpus.commands)) row(id, m, refOf(id));
  for (const [id, m] of Object.entries(corpus.references)) row(id === 'node' ? 'node -e 0' : id, m, undefined);
  return rows;
}

function printReport(results) {
  const head = ['command', 'cold', 'median', 'min–max', 'vs reference', 'peak'];
  const refOf = (id) => REFERENCE_OF[id] ?? 'node';
  const lines = [];
  const ex = results.example;
  if (ex) {
    lines.push(
      `\nexample (${ex.project}): ${ex.sessions} sessions · ${ex.words.toLocaleString('en')} words · ${(ex.bytes / MiB).toFixed(1)} MB`,
    );
    lines.push(table([head, ...sectionRows(ex, refOf)]));
  }
  for (const [size, r] of Object.entries(results.sizes)) {
    lines.push(
      `\n${size} sessions (${r.project}): ${r.words.toLocaleString('en')} words · ${(r.bytes / MiB).toFixed(1)} MB · ${r.tags.toLocaleString('en')} tags · search "${r.searchWord}" in ${r.searchTurns.toLocaleString('en')} of ${r.turns.toLocaleString('en')} turns`,
    );
    lines.push(table([head, ...sectionRows(r, refOf)]));
  }
  lines.push('\nTargets');
  for (const t of results.targets) {
    const label = { pass: 'PASS', miss: 'MISS', skipped: 'SKIPPED' }[t.status];
    let detail;
    if (t.status === 'skipped') detail = t.reason;
    else if (t.id.startsWith('5:')) detail = `${fmtMB(t.value)} (limit ${fmtMB(t.limit)})`;
    else if (t.id.startsWith('4:'))
      detail = `${fmtMs(t.reference)} → ${fmtMs(t.value)}: ×${t.ratio} for ×${t.dataRatio} the words (limit ×${t.limit})`;
    else detail = `${fmtMs(t.value)} vs ${fmtMs(t.reference)}: ${t.ratio}× (limit ${t.limit}×)`;
    lines.push(`  ${label.padEnd(7)}  ${t.name}: ${detail}`);
  }
  console.log(lines.join('\n'));
}

// --- main ------------------------------------------------------------------------------------------

function main() {
  let opts;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (e) {
    console.error(`bench: ${e.message}`);
    return 2;
  }
  if (opts.help) {
    console.log(help());
    return 0;
  }
  if (!existsSync(join(ROOT, 'dist'))) progress('bench: dist/ is missing; fokus will say so (run npm install or npm run build)');
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  const pandocVersion = probe('pandoc', ['--version'])?.split('\n')[0];
  if (!pandocVersion) progress('bench: pandoc is not on PATH; the Word report target is skipped');
  const base = { env, runs: opts.runs, warmup: opts.warmup, memory: memoryMethod(opts.rssHook), pandoc: pandocVersion };
  if (base.memory === 'rss-hook') progress('bench: memory measured with bench/rss-hook.mjs (node processes only)');

  const cpus = os.cpus();
  const t0 = Date.now();
  const results = {
    machine: {
      node: process.version,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      cpu: cpus[0]?.model ?? 'unknown',
      cores: cpus.length,
      memoryBytes: os.totalmem(),
      date: new Date().toISOString(),
    },
    options: {
      sizes: opts.sizes,
      runs: opts.runs,
      warmup: opts.warmup,
      only: opts.only ?? null,
      strict: opts.strict,
      memory: base.memory,
      peakMemoryRun: 'one extra run per command after the timed runs (warm cache)',
      pandoc: pandocVersion ?? null,
      generator: generatorFingerprint(),
    },
    example: runExample(opts, base),
    sizes: {},
  };
  for (const size of opts.sizes) results.sizes[size] = runSize(size, opts, base);
  results.targets = targets(results, opts);
  const failures = [];
  const collect = (where, corpus) => {
    for (const [id, m] of Object.entries({ ...corpus.commands, ...corpus.references }))
      if (m?.failure) failures.push({ where, command: id, argv: m.argv, ...m.failure });
  };
  if (results.example) collect('example', results.example);
  for (const [s, r] of Object.entries(results.sizes)) collect(s, r);
  results.failures = failures;
  results.elapsedMs = Date.now() - t0;
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);

  printReport(results);
  const missed = results.targets.filter((t) => t.status === 'miss').length;
  const passed = results.targets.filter((t) => t.status === 'pass').length;
  const skipped = results.targets.length - missed - passed;
  console.log(`\n${passed} passed, ${missed} missed, ${skipped} skipped · results in ${relative(ROOT, RESULTS)}`);
  if (missed)
    console.log(`\n*** ${missed} TARGET${missed > 1 ? 'S' : ''} MISSED ***${opts.strict ? '' : ' (exit 0; --strict makes this exit 1)'}`);
  if (failures.length) {
    console.log(`\n*** BENCH FAILURE: ${failures.length} command${failures.length > 1 ? 's' : ''} failed ***`);
    for (const f of failures) console.log(`  [${f.where}] ${f.argv}: ${f.reason}${f.stderr ? `: ${f.stderr}` : ''}`);
    return 2;
  }
  return missed && opts.strict ? 1 : 0;
}

process.exitCode = main();
