// Writing to the key: new names from imports, kept private (mode 600, git-ignored).
import { join } from 'node:path';
import { FILES, writeYamlFile, type LoadedKey } from './project.js';
import { ensureIgnored } from './setup.js';
import { appendIn, newYamlFile, yamlData, type YamlFile } from './yaml-doc.js';
import { labelForms } from '../core/pseudonymise.js';

interface PersonData {
  code?: unknown;
  name?: unknown;
  aliases?: unknown;
}

/** Adds each name as the person's name (new code) or as an alias (known code), unless already there. */
export function addToKey(root: string, loaded: LoadedKey | undefined, additions: { code: string; name: string }[]): void {
  const y: YamlFile =
    loaded?.file ??
    newYamlFile(
      join(root, FILES.key),
      { people: [], identifiers: [] },
      'fokus pseudonymisation key: links real names to codes.\nNever commit, share or export this file. Only imports and the leak check read it.',
    );
  for (const a of additions) {
    const people = ((yamlData(y) as { people?: PersonData[] } | undefined)?.people ?? []) as PersonData[];
    const idx = people.findIndex((p) => p?.code === a.code);
    if (idx < 0) {
      appendIn(y, ['people'], { code: a.code, name: a.name });
      continue;
    }
    const person = people[idx]!;
    const names = [person.name, ...(Array.isArray(person.aliases) ? person.aliases : [])].filter((n): n is string => typeof n === 'string');
    const known = new Set(names.flatMap(labelForms));
    if (labelForms(a.name).some((f) => known.has(f))) continue;
    // An existing `aliases: [...]` grows; without one, a new list is written under the person.
    appendIn(y, ['people', idx, 'aliases'], a.name);
  }
  writeYamlFile(y, 0o600);
  ensureIgnored(root, [FILES.key]);
}
