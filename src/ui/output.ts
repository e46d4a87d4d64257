// Printing: plain lines, JSON, aligned tables, and colour (chalk) only where a person is watching.
import { relative, isAbsolute, sep } from 'node:path';
import { Chalk } from 'chalk';
import { formatProblem, type Problem } from '../errors.js';

export interface Stream {
  write(s: string): unknown;
  isTTY?: boolean;
}

export interface Style {
  bold: (s: string) => string;
  dim: (s: string) => string;
  red: (s: string) => string;
  yellow: (s: string) => string;
  green: (s: string) => string;
  cyan: (s: string) => string;
}

function styleOf(on: boolean): Style {
  const c = new Chalk({ level: on ? 1 : 0 });
  return { bold: c.bold, dim: c.dim, red: c.red, yellow: c.yellow, green: c.green, cyan: c.cyan };
}

/** Colour when writing to a terminal, unless NO_COLOR is set (https://no-color.org) or --no-color given. */
export function useColour(stream: Stream, env: NodeJS.ProcessEnv, flag?: boolean): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export class Output {
  readonly style: Style;
  readonly errStyle: Style;
  /** Whether results are printed in colour. */
  readonly colour: boolean;
  /**
   * Checks results bound for a file or another program (JSON, CSV) before they are printed; throws
   * to refuse. 'not loaded': output is piped but the command was not expected to print data.
   */
  guard?: ((text: string) => void) | 'not loaded';

  constructor(
    readonly stdout: Stream,
    readonly stderr: Stream,
    readonly cwd: string,
    colour: { out: boolean; err: boolean },
  ) {
    this.colour = colour.out;
    this.style = styleOf(colour.out);
    this.errStyle = styleOf(colour.err);
  }

  line(s = ''): void {
    this.stdout.write(`${s}\n`);
  }

  json(value: unknown): void {
    this.data(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Results as data (JSON, CSV): checked by the guard, then printed whole or not at all. */
  data(text: string): void {
    if (this.guard === 'not loaded') throw new Error('results printed to a pipe without the leak check');
    this.guard?.(text);
    this.stdout.write(text);
  }

  /** Notes for the person (progress, hints): to stderr, so stdout stays clean for pipes. */
  note(s: string): void {
    this.stderr.write(`${s}\n`);
  }

  /** A path as the user would type it from where they are. */
  path(p: string): string {
    if (!isAbsolute(p)) return p;
    const r = relative(this.cwd, p);
    return r && !r.startsWith(`..${sep}`) && r !== '..' && !isAbsolute(r) ? r : r === '' ? '.' : p;
  }

  problems(list: readonly Problem[], stream: 'stdout' | 'stderr' = 'stderr'): void {
    const st = stream === 'stdout' ? this.style : this.errStyle;
    const target = stream === 'stdout' ? this.stdout : this.stderr;
    for (const p of list) {
      const text = formatProblem(p, (f) => this.path(f));
      target.write(`${p.severity === 'error' ? st.red(text) : st.yellow(text)}\n`);
    }
  }

  table(headers: string[], rows: (string | number)[][], align: ('l' | 'r')[] = []): void {
    const cells = rows.map((r) => r.map(String));
    const widths = headers.map((h, i) => Math.max(width(h), ...cells.map((r) => width(r[i] ?? ''))));
    const fmt = (r: string[]) =>
      r
        .map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]! + c.length - width(c)) : c.padEnd(widths[i]! + c.length - width(c))))
        .join('  ')
        .trimEnd();
    this.line(this.style.bold(fmt(headers)));
    for (const r of cells) this.line(fmt(r));
  }
}

/** Display width: combining marks take no room. */
function width(s: string): number {
  return [...s.normalize('NFC')].filter((c) => !/\p{M}/u.test(c)).length;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `26,308`: what toLocaleString('en') gives, without loading the locale data (10 ms at start-up). */
export function thousands(n: number): string {
  const [int, frac] = String(Math.abs(n)).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}
