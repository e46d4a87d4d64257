// Option parsing as a table: argv -> the command and arguments it reaches.
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';

async function parse(argv: string[]): Promise<{ code: number; command?: string; args?: unknown[]; stderr: string }> {
  let seen: { command: string; args: unknown[] } | undefined;
  let stderr = '';
  const code = await runCli(['node', 'fokus', ...argv], {
    cwd: '/nowhere',
    env: {},
    interactive: false,
    stdout: { write: () => true },
    stderr: { write: (s: string) => (stderr += s) },
    dispatch: async (command, args) => {
      seen = { command, args };
      return 0;
    },
  });
  return { code, stderr, ...(seen ?? {}) };
}

const table: [string, string[], string, unknown[]][] = [
  [
    'init with flags',
    ['init', 'studie', '--yes', '--title', 'Tett på', '--lang', 'nb'],
    'init',
    ['studie', { yes: true, title: 'Tett på', lang: 'nb' }],
  ],
  ['init defaults to the current folder', ['init'], 'init', ['.', {}]],
  ['repeatable roles', ['team', 'add', 'M1', '--role', 'moderator', '--role', 'lead'], 'team add', ['M1', { role: ['moderator', 'lead'] }]],
  [
    'group kind defaults to mixed',
    ['group', 'add', 'elvedal', '--site', 'Elvedal kommune'],
    'group add',
    ['elvedal', { kind: 'mixed', site: 'Elvedal kommune' }],
  ],
  [
    'participant with attributes',
    ['participant', 'add', 'P1', '--group', 'g', '--category', 'staff', '--attr', 'a=b', '--attr', 'c=d', '--consent', 'given'],
    'participant add',
    ['P1', { group: 'g', category: 'staff', attr: ['a=b', 'c=d'], consent: 'given' }],
  ],
  [
    'session with observers and attendees',
    ['session', 'add', 's1', '--group', 'g', '--observer', 'O1', '--observer', 'O2', '--attendees', 'P1,P2', '--date', '2025-03-12'],
    'session add',
    ['s1', { group: 'g', observer: ['O1', 'O2'], attendees: 'P1,P2', date: '2025-03-12' }],
  ],
  [
    'import with two maps; writes Markdown by default',
    ['import', 's1', 'f.vtt', '--map', 'Kari Nordmann=P1', '--map', 'Ola=P2'],
    'import',
    ['s1', 'f.vtt', { map: ['Kari Nordmann=P1', 'Ola=P2'], to: 'md' }],
  ],
  ['transcript convert', ['transcript', 'convert', 's1', '--to', 'yaml'], 'transcript convert', ['s1', { to: 'yaml' }]],
  ['guide new uses the generic template by default', ['guide', 'new', 'g1'], 'guide new', ['g1', { template: 'generic' }]],
];

describe('option parsing', () => {
  it.each(table)('%s', async (_name, argv, command, args) => {
    const r = await parse(argv);
    expect(r.code).toBe(0);
    expect(r.command).toBe(command);
    const [rest, opts] = [r.args!.slice(0, -2), r.args![r.args!.length - 2]];
    expect([...rest, opts]).toEqual(args.map((a) => (typeof a === 'object' && a !== null ? expect.objectContaining(a) : a)));
  });

  it('takes --project before or after the command', async () => {
    for (const argv of [
      ['--project', 'p', 'status', '--json'],
      ['status', '--json', '--project', 'p'],
      ['status', '-p', 'p', '--json'],
    ]) {
      const r = await parse(argv);
      expect(r.args!.at(-1)).toMatchObject({ project: 'p' });
      expect(r.args!.at(-2)).toEqual({ json: true });
    }
  });

  it.each([
    ['an unknown format', ['import', 's1', 'f', '--format', 'pdf'], /argument 'pdf' is invalid/],
    ['a missing --to', ['transcript', 'convert', 's1'], /required option '--to <form>' not specified/],
    ['a missing argument', ['import', 's1'], /missing required argument 'file'/],
    ['a missing required option', ['participant', 'add', 'P1'], /required option '--group <id>' not specified/],
    ['an unknown role', ['team', 'add', 'M1', '--role', 'boss'], /argument 'boss' is invalid/],
  ])('refuses %s with exit 2', async (_name, argv, message) => {
    const r = await parse(argv);
    expect(r.code).toBe(2);
    expect(r.command).toBeUndefined();
    expect(r.stderr).toMatch(message);
  });
});
