// Every question fokus asks goes through here. On a terminal it asks (with @inquirer/prompts,
// loaded only then); elsewhere it fails at once naming the flag that answers it, so scripts
// never hang. Tests pass a Prompter that answers by question.
import { Cancelled, UserError } from '../errors.js';

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
}

export interface Prompter {
  input(q: { message: string; default?: string; validate?: (s: string) => true | string }): Promise<string>;
  select<T>(q: { message: string; choices: Choice<T>[]; default?: T }): Promise<T>;
  confirm(q: { message: string; default?: boolean }): Promise<boolean>;
}

/** Asks on a terminal; off a terminal, fails with the flag to use instead. */
export function promptsFor(interactive: boolean, injected?: Prompter): (flag: string) => Prompter {
  return (flag: string) => {
    if (injected) return injected;
    if (!interactive) {
      return refusing(flag);
    }
    return inquirer;
  };
}

function refusing(flag: string): Prompter {
  const fail = (): never => {
    throw new UserError(`missing ${flag} (there is no terminal to ask on)`, undefined, 'missing-flag');
  };
  return { input: async () => fail(), select: async () => fail(), confirm: async () => fail() };
}

async function load() {
  return import('@inquirer/prompts');
}

async function cancellable<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if ((e as Error)?.name === 'ExitPromptError' || (e as Error)?.name === 'AbortPromptError') throw new Cancelled();
    throw e;
  }
}

const inquirer: Prompter = {
  async input(q) {
    const { input } = await load();
    const opts: Parameters<typeof input>[0] = { message: q.message };
    if (q.default !== undefined) opts.default = q.default;
    if (q.validate) opts.validate = q.validate;
    return cancellable(input(opts));
  },
  async select<T>(q: { message: string; choices: Choice<T>[]; default?: T }) {
    const { select } = await load();
    const opts: Parameters<typeof select<T>>[0] = { message: q.message, choices: q.choices, pageSize: 12 };
    if (q.default !== undefined) opts.default = q.default;
    return cancellable(select<T>(opts));
  },
  async confirm(q) {
    const { confirm } = await load();
    return cancellable(confirm(q.default === undefined ? { message: q.message } : { message: q.message, default: q.default }));
  },
};
