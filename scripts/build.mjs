// Bundles src/ into dist/ with one chunk per lazily loaded command, so `fokus --help`
// loads commander and little else. Type-checking is `npm run typecheck` (tsc --noEmit).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';

// The parse cache (src/store/cache.ts) trusts only entries written by a build of the same sources
// and libraries: a changed reader must never be served what an older one read.
const hash = createHash('sha256');
for (const f of readdirSync('src', { recursive: true }).sort()) {
  if (String(f).endsWith('.ts')) hash.update(`${f}\0`).update(readFileSync(`src/${f}`));
}
hash.update(readFileSync('package-lock.json'));

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  // A native module: loaded from node_modules at run time, only when a chart is drawn for Word.
  external: ['@resvg/resvg-js'],
  // commander is CommonJS and requires node builtins; give the ESM bundle a require.
  banner: {
    js: "import { createRequire as __fokusCreateRequire } from 'node:module'; const require = __fokusCreateRequire(import.meta.url);",
  },
  define: { __FOKUS_BUILD__: JSON.stringify(hash.digest('hex').slice(0, 16)) },
  logLevel: 'warning',
});
