// Shared by the tests: run the real binary, build temporary projects, fingerprint a folder.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
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

export function tmp(prefix = 'fokus-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A copy of the bundled example project in a temporary folder. */
export function exampleCopy(): string {
  const dir = tmp('fokus-example-');
  cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

/** Every file under dir with a hash of its bytes and its mode: equal fingerprints, untouched folder. */
export function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
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
