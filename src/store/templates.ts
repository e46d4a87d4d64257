// The templates that ship with fokus (templates/ in the package), wherever the code was bundled to.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lang } from '../core/model.js';

export interface GuideTemplate {
  name: string;
  lang: Lang;
  path: string;
}

/** The fokus package folder: the nearest folder above this code with fokus's package.json. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && existsSync(join(dir, 'templates'))) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'fokus') return dir;
      } catch {
        // not ours; keep looking
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the fokus package folder (templates/)');
    dir = up;
  }
}

/** Guide templates as `<name>.<lang>.yaml`, sorted by name and language. */
export function guideTemplates(): GuideTemplate[] {
  const dir = join(packageRoot(), 'templates', 'guides');
  return readdirSync(dir)
    .map((f) => /^([a-z0-9-]+)\.(nb|en)\.yaml$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1]!, lang: m[2] as Lang, path: join(dir, m[0]) }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.lang.localeCompare(b.lang));
}

export function templateText(t: GuideTemplate): string {
  return readFileSync(t.path, 'utf8');
}
