// Where a project is and what its files are called: light enough for a command to find the
// project before deciding whether it needs to parse anything.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { UserError } from '../errors.js';

export const FILES = {
  manifest: 'fokus.yaml',
  participants: 'participants.yaml',
  codebook: 'codebook.yaml',
  tags: 'tags',
  notes: 'notes',
  key: 'key.yaml',
  gitignore: '.gitignore',
  guides: 'guides',
  sessions: 'sessions',
  raw: 'raw',
} as const;

/** The folder holding fokus.yaml: the given one, or the nearest above the working folder. */
export function findProjectRoot(explicit: string | undefined, cwd: string): string {
  if (explicit !== undefined) {
    const dir = resolve(cwd, explicit);
    if (!existsSync(join(dir, FILES.manifest))) {
      throw new UserError(
        `no fokus project here (no ${FILES.manifest}); create one with: fokus init ${explicit}`,
        { file: dir },
        'no-project',
      );
    }
    return dir;
  }
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, FILES.manifest))) return dir;
    const up = dirname(dir);
    if (up === dir) {
      throw new UserError(
        `not inside a fokus project (no ${FILES.manifest} here or above); use --project <dir> or fokus init <dir>`,
        undefined,
        'no-project',
      );
    }
    dir = up;
  }
}

/** Whether `path` is the folder `root` or inside it. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return !rel.startsWith('..') && !isAbsolute(rel);
}
