// Shared by the tests: run the real binary, build temporary projects, fingerprint a folder.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, type Context } from '../src/cli.js';
import type { Prompter } from '../src/ui/prompt.js';
import { UserError } from '../src/errors.js';

export const REPO = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(REPO, 'bin', 'fokus.js');
export const EXAMPLE = join(REPO, 'sessions');
export const FIXTURES = join(REPO, 'tests', 'fixtures');

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built fokus binary as a user would, without colour. */
export function fokus(args: string[], opts: { cwd?: string; env?: Record<string, string>; input?: string } = {}): Result {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? REPO,
    env: { ...process.env, NO_COLOR: '1', DEBUG: '', ...opts.env },
    encoding: 'utf8',
    input: opts.input ?? '',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export interface Finished extends Result {
  /** The signal that ended the process (SIGKILL when a test killed it), or null. */
  signal: NodeJS.Signals | null;
  /** Wall-clock milliseconds from start to exit. */
  ms: number;
}

/** Starts the built fokus binary without waiting for it: for several at once, or one to kill. */
export function fokusSpawn(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): { child: ChildProcess; done: Promise<Finished> } {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? REPO,
    env: { ...process.env, NO_COLOR: '1', DEBUG: '', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<Finished>((resolve, reject) => {
    child.on('error', reject);
    // 'close': the process has exited and its output has been read to the end.
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr, ms: performance.now() - started }));
  });
  return { child, done };
}

/** Runs fokus in-process (for prompts, which need an injected Prompter). */
export async function fokusIn(args: string[], ctx: Partial<Context> & { cwd: string }): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['node', 'fokus', ...args], {
    env: { NO_COLOR: '1' },
    interactive: false,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    ...ctx,
  });
  return { code, stdout, stderr };
}

/** A new empty folder, inside the run's own temporary folder (tests/global-setup.ts removes it). */
export function tmp(prefix = 'fokus-test-'): string {
  return mkdtempSync(join(process.env.FOKUS_TEST_TMP ?? tmpdir(), prefix));
}

/** A copy of the bundled example project in a temporary folder. */
export function exampleCopy(): string {
  const dir = tmp('fokus-example-');
  // Not the cache fokus may have kept in the example: a copy starts as a user's would.
  cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !src.startsWith(join(EXAMPLE, '.fokus')) });
  return dir;
}

/** Every file under dir with a hash of its bytes and its mode: equal fingerprints, untouched folder. */
export function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      // fokus's cache is not the user's: it may be written by any command, and deleted at will.
      if (d === dir && name === '.fokus') continue;
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else out[relative(dir, p)] = `${createHash('sha256').update(readFileSync(p)).digest('hex')} ${(st.mode & 0o777).toString(8)}`;
    }
  };
  walk(dir);
  return out;
}

/** A Prompter answering by question: the first key found in the message gives the answer. */
export function answers(map: Record<string, unknown>, asked: string[] = []): Prompter {
  const pick = (message: string) => {
    asked.push(message);
    const k = Object.keys(map).find((q) => message.includes(q));
    if (k === undefined) throw new Error(`unexpected question: ${message}`);
    return map[k];
  };
  return {
    input: async (q) => String(pick(q.message)),
    select: async <T>(q: { message: string }) => pick(q.message) as T,
    confirm: async (q) => Boolean(pick(q.message)),
    checkbox: async <T>(q: { message: string }) => pick(q.message) as T[],
    pickCodes: async (q) => pick(q.message) as string[],
  };
}

let smallTemplate: string | undefined;

/** A small valid project made through the real CLI (once per test file), copied fresh for each caller. */
export function smallProject(): string {
  smallTemplate ??= buildSmallProject();
  const dir = tmp('fokus-small-');
  cpSync(smallTemplate, dir, { recursive: true });
  return dir;
}

function buildSmallProject(): string {
  const dir = tmp('fokus-small-template-');
  const run = (args: string[]) => {
    const r = fokus(args, { cwd: dir });
    if (r.code !== 0) throw new Error(`fokus ${args.join(' ')} failed: ${r.stderr}`);
  };
  run(['init', '.', '--yes', '--title', 'Testprosjekt', '--lang', 'nb']);
  run(['team', 'add', 'M1', '--role', 'moderator']);
  run(['team', 'add', 'O1', '--role', 'observer']);
  run(['group', 'add', 'hamar', '--site', 'Hamar kommune', '--kind', 'staff']);
  run(['participant', 'add', 'P1', '--group', 'hamar', '--category', 'staff', '--consent', 'given', '--consent-date', '2025-01-10']);
  run(['participant', 'add', 'P2', '--group', 'hamar', '--category', 'user-representative', '--consent', 'given']);
  run(['participant', 'add', 'P3', '--group', 'hamar', '--category', 'staff', '--consent', 'given']);
  run([
    'session',
    'add',
    'hamar-1',
    '--group',
    'hamar',
    '--date',
    '2025-03-12',
    '--held',
    '2025-03-12',
    '--moderator',
    'M1',
    '--observer',
    'O1',
    '--attendees',
    'P1,P2,P3',
  ]);
  return dir;
}

export const TRANSCRIPT = `---
title: Hamar, samling 1
---

## Åpning #q1

**M1** [00:00:05] #t1: Velkommen. Fortell litt om hvor dere møter folk.

**P1** [00:00:40] #t2: Jeg er mest ute i hjemmene. Hjemmebesøk er kjernen for oss, for da ser vi hverdagen slik den er.

**P2** [00:01:30] #t3: For meg var det viktigste at noen kom hjem. Å sitte på et venterom var verre enn å la være.

**P3** [00:02:10] #t4: Vi har også gruppetilbud på dagtid, men det passer ikke alle.

## Verdier #q2

**M1** [00:03:00] #t5: Hva betyr respekt i praksis?

**P2** [00:03:20] #t6: At de hører på meg. At jeg får være med og bestemme, ikke bare få et vedtak i posten.

**P1** [00:04:05] #t7: Jeg er ikke helt enig. Noen ganger må vi bestemme, for å holde folk trygge.

**P3** [00:04:50] #t8: Ja. [pause] Respekt er også å si fra når det er vanskelig.
`;

/** A small project with a transcript, two observers and a codebook. */
export function codedProject(): string {
  const dir = smallProject();
  writeFileSync(join(dir, 'sessions', 'hamar-1', 'transcript.md'), TRANSCRIPT);
  const run = (args: string[]) => {
    const r = fokus(args, { cwd: dir });
    if (r.code !== 0) throw new Error(`fokus ${args.join(' ')}: ${r.stderr}`);
  };
  run(['team', 'add', 'O2', '--role', 'observer']);
  writeFileSync(
    join(dir, 'codebook.yaml'),
    `# Kodebok for testen
codes:
  - code: arenaer
    label: Arenaer
  - code: arenaer/hjemmet   # hjemmebesøk
    description: Hjelp der folk bor.
  - code: arenaer/gruppe
  - code: verdier
  - code: verdier/respekt
    colour: '#4e79a7'
  - code: verdier/medvirkning
`,
  );
  return dir;
}

/** Runs f and returns the UserError it throws (failing the test if it throws none). */
export function userError(f: () => unknown): UserError {
  try {
    f();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}
