#!/usr/bin/env node
// The fokus executable: everything lives in the bundle built from src/ (npm run build).
import('../dist/cli.js').then(
  (cli) => cli.main(process.argv),
  (err) => {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli.js')) {
      process.stderr.write('fokus: not built yet; run `npm install` (or `npm run build`) in the fokus folder\n');
      process.exit(2);
    }
    throw err;
  },
);
