// Errors the user can act on, and problems found in a project, in one shape: file:line:col: message.

export type Severity = 'error' | 'warning';

/** A place in a file: 1-based line and column. */
export interface Pos {
  line: number;
  col: number;
}

export interface Problem {
  severity: Severity;
  /** Stable id for scripts reading --json, e.g. `unknown-speaker`. */
  code: string;
  message: string;
  file?: string;
  line?: number;
  col?: number;
}

/** Exit codes: documented in README and docs/commands.md. */
export const EXIT = {
  ok: 0,
  problems: 1,
  usage: 2,
  internal: 3,
  cancelled: 130,
} as const;

/** Bad input or usage: printed as one line per problem, no stack, exit 2. */
export class UserError extends Error {
  readonly problems: Problem[];

  constructor(message: string, where?: { file?: string; line?: number; col?: number }, code = 'input') {
    super(message);
    this.name = 'UserError';
    this.problems = [{ severity: 'error', code, message, ...where }];
  }

  static of(problems: Problem[]): UserError {
    const first = problems[0];
    const err = new UserError(first?.message ?? 'invalid input');
    err.problems.splice(0, 1, ...problems);
    return err;
  }
}

/** A prompt the user cancelled (Ctrl+C): exit quietly, nothing written. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled; nothing was written');
    this.name = 'Cancelled';
  }
}

/** `file:line:col: message`, leaving out the parts that are unknown. */
export function formatProblem(p: Problem, displayPath: (file: string) => string = (f) => f): string {
  const where = [p.file ? displayPath(p.file) : undefined, p.line, p.line !== undefined ? p.col : undefined]
    .filter((x) => x !== undefined)
    .join(':');
  const tag = p.severity === 'warning' ? 'warning: ' : '';
  // One problem, one line: a value carrying a line break is shown with it escaped.
  const message = p.message.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return where ? `${where}: ${tag}${message}` : `${tag}${message}`;
}
