// The shape the code promises: file I/O in the store, the key read only where it may be, YAML in
// one place, and a start-up path that loads no heavy library.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers.js';

function sources(dir = join(REPO, 'src')): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return sources(p);
    return n.endsWith('.ts') ? [{ path: relative(REPO, p), text: readFileSync(p, 'utf8') }] : [];
  });
}
const importing = (what: RegExp) =>
  sources()
    .filter((f) => what.test(f.text))
    .map((f) => f.path)
    .sort();

describe('architecture', () => {
  it('touches the file system only in the store (and the executable entry)', () => {
    expect(importing(/from 'node:fs'/).filter((p) => !p.startsWith('src/store/'))).toEqual([]);
  });

  it("reads the key only to import, for the leak check, and for the moderator's own copy of the pack", () => {
    expect(importing(/\breadKey\(/)).toEqual([
      'src/commands/_export.ts',
      'src/commands/_guard.ts',
      'src/commands/import.ts',
      'src/commands/prepare.ts',
      'src/commands/validate.ts',
      'src/store/project.ts',
    ]);
    // prepare reads it only for --with-names, which writes outside the project.
    const prepare = readFileSync(join(REPO, 'src', 'commands', 'prepare.ts'), 'utf8');
    expect(prepare).toMatch(/if \(opts\.withNames\) \{\n\s+const key = readKey/);
  });

  it('uses the yaml library in the YAML store module and the YAML transcript reader only', () => {
    expect(importing(/from 'yaml'/)).toEqual(['src/store/yaml-doc.ts', 'src/transcript/yaml.ts']);
  });

  it('keeps yaml, valibot and the prompts out of the start-up bundle', () => {
    const entry = readFileSync(join(REPO, 'dist', 'cli.js'), 'utf8');
    expect(entry).toContain('fokus');
    for (const marker of ['LineCounter', 'safeParse', '@inquirer', 'createPrompt']) expect(entry).not.toContain(marker);
  });
});
