// The shape the code promises: file I/O in the store, the key read only where it may be, YAML in
// one place, and commands that load only the libraries they use.
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

  it('loads heavy libraries only in the commands that use them', () => {
    // Follows the bundle's static imports from an entry; each bundled module is marked with its path.
    const dist = join(REPO, 'dist');
    const read = (f: string) => readFileSync(f, 'utf8');
    const graph = (start: string): string[] => {
      const seen = new Set<string>();
      const queue = [start];
      while (queue.length) {
        const f = queue.pop()!;
        if (seen.has(f)) continue;
        seen.add(f);
        for (const m of read(f).matchAll(/^import\s+(?:[^'"]*?\s+from\s+)?["'](\.\.?\/[^"']+)["'];?$/gm)) queue.push(join(f, '..', m[1]!));
      }
      return [...seen];
    };
    const libs = (start: string): string[] => {
      const found = new Set<string>();
      for (const f of graph(start)) for (const m of read(f).matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)) found.add(m[1]!);
      return [...found].sort();
    };
    // `fokus --help` and every command start from here: the command line and colours only.
    expect(libs(join(dist, 'cli.js'))).toEqual(['chalk', 'commander']);

    // A command's chunk is the one whose source map holds src/commands/<command>.ts.
    const byCommand = new Map<string, string[]>();
    for (const n of readdirSync(join(dist, 'chunks')).filter((x) => x.endsWith('.js'))) {
      const sources = (JSON.parse(read(join(dist, 'chunks', `${n}.map`))) as { sources: string[] }).sources;
      const command = sources.map((x) => /src\/commands\/([a-z-]+)\.ts$/.exec(x)?.[1]).find((x) => x !== undefined);
      if (command && !command.startsWith('_')) byCommand.set(command, libs(join(dist, 'chunks', n)));
    }
    expect(byCommand.size).toBeGreaterThan(20);
    const heavy = (lib: string) => /^(docx|marked|fflate|saxes|@inquirer\/.*|@resvg\/.*)$/.test(lib);
    const allowed: Record<string, string[]> = {
      prepare: ['marked'],
      report: ['marked'],
      'export-refi': ['fflate'],
      'import-qdpx': ['fflate', 'saxes'],
    };
    for (const [command, found] of byCommand) expect([command, found.filter(heavy)]).toEqual([command, allowed[command] ?? []]);
    // status answers from its memo without the YAML reader or the schemas.
    expect(byCommand.get('status')).toEqual(['chalk']);
  });
});
