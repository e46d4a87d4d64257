// Field notes after the session: each note is linked to the turn it falls on, where the
// transcript has times (the recording's clock and the observer's clock agree).
import type { FieldNote, Turn } from './model.js';
import { parseTime } from './time.js';

/** The turn being spoken at `ms`: the last turn that started at or before it. */
export function turnAt(turns: readonly Turn[], ms: number): Turn | undefined {
  let found: Turn | undefined;
  for (const t of turns) {
    if (t.start === undefined) continue;
    if (t.start <= ms) found = t;
    else break;
  }
  return found;
}

export interface LinkedNote extends FieldNote {
  observer: string;
  turn?: string;
}

export function linkNotes(turns: readonly Turn[], observer: string, notes: readonly FieldNote[]): LinkedNote[] {
  const timed = turns.some((t) => t.start !== undefined);
  return notes.map((n) => {
    const out: LinkedNote = { ...n, observer };
    const ms = parseTime(n.at);
    const t = timed && ms !== undefined ? turnAt(turns, ms) : undefined;
    if (t) out.turn = t.id;
    return out;
  });
}
