// A checkbox list of codes that narrows as you type: the codebook can hold 200 codes, and an
// observer at the keyboard knows the word they want. Space ticks, Enter finishes; typing a
// path no code has offers it as a new code.
import {
  createPrompt,
  isDownKey,
  isEnterKey,
  isSpaceKey,
  isUpKey,
  makeTheme,
  useKeypress,
  usePagination,
  usePrefix,
  useState,
} from '@inquirer/core';

export interface PickerChoice {
  value: string;
  name: string;
  description?: string;
}

export interface PickerConfig {
  message: string;
  choices: PickerChoice[];
  /** Whether a typed path no code has may be offered as a new code. */
  isNewCode?: (typed: string) => boolean;
  pageSize?: number;
}

/** Items matching every word typed, in the name or the description, ignoring case. */
export function filterChoices(choices: readonly PickerChoice[], typed: string): PickerChoice[] {
  const words = typed.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...choices];
  return choices.filter((c) => {
    const hay = `${c.value} ${c.name} ${c.description ?? ''}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

export const codePicker = createPrompt<string[], PickerConfig>((config, done) => {
  const theme = makeTheme({});
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const [typed, setTyped] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [active, setActive] = useState(0);
  const prefix = usePrefix({ status, theme });

  const matches = filterChoices(config.choices, typed);
  const newCode = typed.trim() && !config.choices.some((c) => c.value === typed.trim()) && config.isNewCode?.(typed.trim());
  const items: PickerChoice[] = newCode ? [...matches, { value: typed.trim(), name: `+ new code ${typed.trim()}` }] : matches;
  const current = items[Math.min(active, Math.max(0, items.length - 1))];

  useKeypress((key, rl) => {
    if (isEnterKey(key)) {
      // Enter with nothing ticked takes the highlighted code.
      const result = chosen.length ? chosen : current ? [current.value] : [];
      if (!result.length) return;
      setStatus('done');
      done(result);
      return;
    }
    if (isSpaceKey(key)) {
      // Codes have no spaces: Space ticks instead of typing.
      rl.clearLine(0);
      rl.write(typed);
      if (current) setChosen(chosen.includes(current.value) ? chosen.filter((c) => c !== current.value) : [...chosen, current.value]);
      return;
    }
    if (isUpKey(key) || isDownKey(key)) {
      rl.clearLine(0);
      rl.write(typed);
      if (items.length) setActive((Math.min(active, items.length - 1) + (isUpKey(key) ? items.length - 1 : 1)) % items.length);
      return;
    }
    setTyped(rl.line);
    setActive(0);
  });

  if (status === 'done')
    return `${prefix} ${config.message} ${theme.style.answer(chosen.length ? chosen.join(', ') : (current?.value ?? ''))}`;
  const page = usePagination({
    items,
    active: Math.min(active, Math.max(0, items.length - 1)),
    renderItem: ({ item, isActive }) => {
      const box = chosen.includes(item.value) ? '[x]' : '[ ]';
      const line = `${isActive ? '>' : ' '} ${box} ${item.name}`;
      return isActive ? theme.style.highlight(line) : line;
    },
    pageSize: config.pageSize ?? 10,
    loop: false,
  });
  const header = `${prefix} ${config.message} ${typed}`;
  const ticked = chosen.length ? `\n  chosen: ${chosen.join(', ')}` : '';
  const help = '\n  type to filter · ↑↓ move · space tick · enter done';
  return [header, `${items.length ? page : '  (no code matches)'}${ticked}${help}`];
});
