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
  checkbox<T>(q: { message: string; choices: Choice<T>[]; checked?: T[] }): Promise<T[]>;
  /** Codes from a list that narrows as one types; a typed path `isNewCode` accepts comes back as is. */
  pickCodes(q: { message: string; choices: Choice<string>[]; isNewCode?: (typed: string) => boolean }): Promise<string[]>;
}

/** Where prompts read keys and draw (tests drive the real prompts through streams). */
export interface PromptIO {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** Asks on a terminal; off a terminal, fails with the flag to use instead. */
export function promptsFor(interactive: boolean, injected?: Prompter, io?: PromptIO): (flag: string) => Prompter {
  return (flag: string) => {
    if (injected) return injected;
    if (!interactive) {
      return refusing(flag);
    }
    return inquirer(io);
  };
}

function refusing(flag: string): Prompter {
  const fail = (): never => {
    throw new UserError(`missing ${flag} (there is no terminal to ask on)`, undefined, 'missing-flag');
  };
  return {
    input: async () => fail(),
    select: async () => fail(),
    confirm: async () => fail(),
    checkbox: async () => fail(),
    pickCodes: async () => fail(),
  };
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

function inquirer(io?: PromptIO): Prompter {
  const ctx = io ? { input: io.input, output: io.output } : undefined;
  return {
    async input(q) {
      const { input } = await load();
      const opts: Parameters<typeof input>[0] = { message: q.message };
      if (q.default !== undefined) opts.default = q.default;
      if (q.validate) opts.validate = q.validate;
      return cancellable(input(opts, ctx));
    },
    async select<T>(q: { message: string; choices: Choice<T>[]; default?: T }) {
      const { select } = await load();
      const opts: Parameters<typeof select<T>>[0] = { message: q.message, choices: q.choices, pageSize: 12 };
      if (q.default !== undefined) opts.default = q.default;
      return cancellable(select<T>(opts, ctx));
    },
    async confirm(q) {
      const { confirm } = await load();
      return cancellable(confirm(q.default === undefined ? { message: q.message } : { message: q.message, default: q.default }, ctx));
    },
    async checkbox<T>(q: { message: string; choices: Choice<T>[]; checked?: T[] }) {
      const { checkbox } = await load();
      const choices = q.choices.map((c) => ({ ...c, checked: q.checked?.includes(c.value) ?? false }));
      return cancellable(checkbox<T>({ message: q.message, choices, pageSize: 12 }, ctx));
    },
    async pickCodes(q) {
      const { codePicker } = await import('./code-picker.js');
      const config: Parameters<typeof codePicker>[0] = { message: q.message, choices: q.choices };
      if (q.isNewCode) config.isNewCode = q.isNewCode;
      return cancellable(codePicker(config, ctx));
    },
  };
}
