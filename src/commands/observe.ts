// fokus observe: live field notes, each stamped with the time into the session and saved the
// moment it is entered; fokus notes: the notes afterwards, linked to the turns they fall on.
import type { Run } from '../cli.js';
import { Cancelled, UserError } from '../errors.js';
import { NOTE_KINDS, turnsOf, type FieldNote, type NoteKind } from '../core/model.js';
import { linkNotes, type LinkedNote } from '../core/notes.js';
import { formatTime, parseTime } from '../core/time.js';
import { appendNote } from '../store/coding.js';
import { sessionById } from '../store/project.js';
import { observerOf, openProject, speakersOf } from './_shared.js';

const KIND_NAMES: Record<NoteKind, string> = {
  quote: 'Notable quote',
  dynamics: 'Group dynamics / non-verbal',
  'follow-up': 'Question to follow up',
  moderation: 'Moderation remark',
};

function timeFlag(flag: string, v: string): number {
  const ms = parseTime(v);
  if (ms === undefined) throw new UserError(`${flag} expects a time like 00:12:30, got '${v}'`, undefined, 'bad-flag');
  return ms;
}

export async function observe(
  r: Run,
  id: string,
  opts: { observer?: string; elapsed?: string; kind?: NoteKind; text?: string; speaker?: string; at?: string; json?: boolean },
): Promise<number> {
  const p = openProject(r, { transcripts: false });
  const s = sessionById(p, id);
  const observer = await observerOf(r, p, opts.observer);
  const now = r.ctx.now ?? Date.now;
  const existing = s.notes.find((f) => f.observer === observer)?.value;
  const speakerOf = speakersOf(p);
  const known = (code: string) => speakerOf(code).kind !== 'unknown';
  const checkSpeaker = (code: string) => {
    if (!known(code)) throw new UserError(`--speaker: '${code}' is not a participant or team code`, undefined, 'bad-flag');
    return code;
  };
  // The session's clock: kept in the file, so notes taken after a restart continue from it.
  let started = existing?.started;

  if (opts.kind !== undefined) {
    if (!opts.text?.trim()) throw new UserError('--kind needs --text (the note)', undefined, 'missing-flag');
    let ms: number;
    if (opts.at !== undefined) ms = timeFlag('--at', opts.at);
    else if (started) ms = now() - Date.parse(started);
    else if (opts.elapsed !== undefined) ms = timeFlag('--elapsed', opts.elapsed);
    else throw new UserError('give --at (the time into the session) for a note outside a live session', undefined, 'missing-flag');
    const note: FieldNote = { at: formatTime(Math.max(0, Math.round(ms / 1000) * 1000)), kind: opts.kind, text: opts.text.trim() };
    if (opts.speaker) note.speaker = checkSpeaker(opts.speaker);
    appendNote(s.dir, id, observer, note, started);
    if (opts.json) r.out.json({ session: id, observer, note });
    else r.out.line(`Noted at ${note.at} in ${id} for ${observer}`);
    return 0;
  }

  const ask = r.ask('--kind and --text');
  if (!started) {
    const offset = opts.elapsed === undefined ? 0 : timeFlag('--elapsed', opts.elapsed);
    started = new Date(now() - offset).toISOString();
  }
  const clock = () => formatTime(Math.max(0, Math.floor((now() - Date.parse(started!)) / 1000) * 1000));
  r.out.line(`Field notes for ${id} by ${observer}. The clock reads ${clock()}; each note is saved as soon as you press Enter.`);
  let saved = 0;
  try {
    for (;;) {
      const kind = await ask.select<NoteKind | 'stop'>({
        message: `${clock()} Note:`,
        choices: [...NOTE_KINDS.map((k) => ({ name: KIND_NAMES[k], value: k as NoteKind | 'stop' })), { name: 'Stop', value: 'stop' }],
      });
      if (kind === 'stop') break;
      // Stamped when the observer starts the note: nearest to the moment it describes.
      const at = clock();
      let speaker: string | undefined;
      if (kind === 'quote') {
        speaker = (
          await ask.input({
            message: 'Who said it (code)?',
            validate: (v) => (known(v.trim()) ? true : `'${v.trim()}' is not a participant or team code`),
          })
        ).trim();
      }
      const text = await ask.input({
        message: `${KIND_NAMES[kind]}:`,
        validate: (v) => (v.trim() ? true : 'write the note, or press Ctrl+C to stop'),
      });
      const note: FieldNote = { at, kind, text: text.trim() };
      if (speaker) note.speaker = speaker;
      appendNote(s.dir, id, observer, note, started);
      saved++;
      r.out.line(r.out.style.dim(`  saved ${at}`));
    }
  } catch (e) {
    if (!(e instanceof Cancelled)) throw e;
  }
  r.out.line(`${saved} note(s) saved for ${id}.`);
  return 0;
}

export async function notes(r: Run, id: string, opts: { observer?: string; json?: boolean }): Promise<number> {
  const p = openProject(r);
  const s = sessionById(p, id);
  const turns = s.transcript ? turnsOf(s.transcript.transcript) : [];
  const linked: LinkedNote[] = s.notes
    .filter((f) => !opts.observer || f.observer === opts.observer)
    .flatMap((f) => linkNotes(turns, f.observer, f.value.notes))
    .sort((a, b) => (parseTime(a.at) ?? 0) - (parseTime(b.at) ?? 0));
  if (opts.json) {
    r.out.json({ session: id, notes: linked });
    return 0;
  }
  if (!linked.length) {
    r.out.line(`No field notes for ${id} yet: fokus observe ${id}`);
    return 0;
  }
  r.out.table(
    ['at', 'turn', 'observer', 'kind', 'note'],
    linked.map((n) => [n.at, n.turn ?? '–', n.observer, n.kind, `${n.speaker ? `${n.speaker}: ` : ''}${n.text}`]),
  );
  if (!turns.some((t) => t.start !== undefined)) r.out.note('The transcript has no times, so notes cannot be linked to turns.');
  return 0;
}
