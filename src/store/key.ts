// Adding to the key: names from imports, planned in memory first (so a problem stops the import
// before anything is written), then written privately (mode 600, git-ignored).
import { join } from 'node:path';
import { UserError } from '../errors.js';
import type { Key } from '../core/model.js';
import { keyIndex, labelForms, normName } from '../core/pseudonymise.js';
import { FILES, writeYamlFile, type LoadedKey } from './project.js';
import { ensureIgnored } from './setup.js';
import { appendIn, newYamlFile, type YamlFile } from './yaml-doc.js';

export interface KeyPlan {
  file: YamlFile;
  /** The key as it will be once written: imports replace names from this. */
  key: Key;
  /** What was added, in words fit to print: codes and kinds, never names. */
  added: { code: string; as: 'person' | 'alias' | 'identifier' }[];
}

/**
 * Plans additions: each name as a new person (unknown code) or an alias (known code), and names
 * nobody could put a code to as identifiers replaced by `replacement`. Refuses a name the key
 * already gives to someone else.
 */
export function planKeyAdditions(
  root: string,
  loaded: LoadedKey | undefined,
  people: { code: string; name: string }[],
  unknownNames: string[],
  replacement: string,
): KeyPlan {
  const file =
    loaded?.file ??
    newYamlFile(
      join(root, FILES.key),
      { people: [], identifiers: [] },
      'fokus pseudonymisation key: links real names to codes.\nNever commit, share or export this file. Only imports and the leak check read it.',
    );
  const key: Key = structuredClone(loaded?.key ?? { people: [], identifiers: [] });
  const added: KeyPlan['added'] = [];
  for (const a of people) {
    const index = keyIndex(key);
    const owner = labelForms(a.name)
      .map((f) => index.get(f))
      .find((c) => c !== undefined);
    if (owner === a.code) continue;
    if (owner !== undefined) {
      throw new UserError(
        `key.yaml already gives "${a.name}" to ${owner}, not ${a.code}; correct the key or the --map`,
        { file: file.path },
        'map-conflict',
      );
    }
    const i = key.people.findIndex((p) => p.code === a.code);
    if (i < 0) {
      appendIn(file, ['people'], { code: a.code, name: a.name });
      key.people.push({ code: a.code, name: a.name });
      added.push({ code: a.code, as: 'person' });
    } else {
      appendIn(file, ['people', i, 'aliases'], a.name, { newList: 'flow' });
      key.people[i]!.aliases = [...(key.people[i]!.aliases ?? []), a.name];
      added.push({ code: a.code, as: 'alias' });
    }
  }
  for (const name of unknownNames) {
    if (key.identifiers.some((id) => normName(id.text) === normName(name))) continue;
    appendIn(file, ['identifiers'], { text: name, replace: replacement }, { flow: [[]] });
    key.identifiers.push({ text: name, replace: replacement });
    added.push({ code: '?', as: 'identifier' });
  }
  return { file, key, added };
}

export function writeKey(root: string, plan: KeyPlan): void {
  if (!plan.added.length) return;
  writeYamlFile(plan.file, 0o600);
  ensureIgnored(root, [FILES.key]);
}
