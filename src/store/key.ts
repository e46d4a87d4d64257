// Adding to the key: names from imports, planned in memory first (so a problem stops the import
// before anything is written), then written privately (mode 600, git-ignored).
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { UNKNOWN_SPEAKER, type Key } from '../core/model.js';
import { keyIndex, labelForms } from '../core/pseudonymise.js';
import { FILES, writeYamlFile, type LoadedKey } from './project.js';
import { planIgnored, writeIgnored } from './setup.js';
import { appendIn, newYamlFile, type YamlFile } from './yaml-doc.js';

export interface KeyPlan {
  file: YamlFile;
  /** The key as it will be once written: imports replace names from this. */
  key: Key;
  /** .gitignore with key.yaml added, when it lacks it (checked before anything is written). */
  ignore: ReturnType<typeof planIgnored>;
  /** What was added, in words fit to print: codes and kinds, never names. */
  added: { code: string; as: 'person' | 'alias' }[];
}

/** The comment at the top of key.yaml. */
export const KEY_NOTE =
  'fokus pseudonymisation key: links real names to codes.\nNever commit, share or export this file. Only imports and the leak check read it.';

/**
 * Plans additions: each name as a new person (unknown code) or an alias (known code); a voice
 * nobody could put a code to is kept under code `?`, so its name is replaced too. Refuses a name
 * the key already gives to someone else.
 */

export function planKeyAdditions(root: string, loaded: LoadedKey | undefined, people: { code: string; name: string }[]): KeyPlan {
  const file = loaded?.file ?? newYamlFile(join(root, FILES.key), { people: [], identifiers: [] }, KEY_NOTE);
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
    const i = a.code === UNKNOWN_SPEAKER ? -1 : key.people.findIndex((p) => p.code === a.code);
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
  return { file, key, added, ignore: added.length ? planIgnored(root, [FILES.key]) : undefined };
}

export function writeKey(plan: KeyPlan): void {
  if (!plan.added.length) return;
  writeYamlFile(plan.file, 0o600);
  writeIgnored(plan.ignore);
}
