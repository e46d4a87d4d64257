// Bundles src/ into dist/ with one chunk per lazily loaded command, so `fokus --help`
// loads commander and little else. Type-checking is `npm run typecheck` (tsc --noEmit).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

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
  logLevel: 'warning',
});
