// Checks on the codebook, tags and field notes: codes that exist, observers on the team, and
// tags that can no longer be placed after a transcript was corrected (never dropped silently).
import type { Pos, Problem } from '../errors.js';
import { codeSession, speakerIndex } from './coding.js';
import { parentOf } from './codebook.js';
import type { Codebook, FieldNotes, Manifest, Participant, Session, TagFile, Transcript } from './model.js';
import { didYouMean } from './schema.js';
import { clip } from './text.js';
import { dupes, type Located } from './validate.js';

export interface CodingView {
  manifest: Manifest;
  participants: readonly Participant[];
  codebook?: Located<Codebook>;
  sessions: {
    session: Session;
    transcript?: Transcript;
    tags: (Located<TagFile> & { observer: string })[];
    notes: (Located<FieldNotes> & { observer: string })[];
  }[];
}

export function codingProblems(v: CodingView): Problem[] {
  const out: Problem[] = [];
  const problem = (severity: Problem['severity'], code: string, message: string, file: string, pos: Pos) =>
    out.push({ severity, code, message, file, ...pos });

  const cb = v.codebook;
  const known = new Set(cb?.ok ? cb.value.codes.map((c) => c.code) : []);
  if (cb?.ok) {
    dupes(
      cb.value.codes,
      (c) => c.code,
      (i, code) => problem('error', 'duplicate-code', `code '${code}' is listed twice`, cb.file, cb.at(['codes', i, 'code'])),
    );
    cb.value.codes.forEach((c, i) => {
      const parent = parentOf(c.code);
      if (parent !== undefined && !known.has(parent))
        problem(
          'warning',
          'missing-parent',
          `code '${c.code}' has no parent '${parent}' in the codebook; add it (fokus code add ${parent})`,
          cb.file,
          cb.at(['codes', i, 'code']),
        );
    });
  }
  const all = [...known];

  const team = new Map((v.manifest.team ?? []).map((t) => [t.code, t]));
  const speakerOf = speakerIndex(v.participants, v.manifest.team ?? []);
  const checkObserver = (f: Located<unknown> & { observer: string }) => {
    const member = team.get(f.observer);
    if (!member)
      problem(
        'warning',
        'unknown-observer',
        `${f.observer} is not on the team in fokus.yaml (fokus team add ${f.observer} --role observer)`,
        f.file,
        {
          line: 1,
          col: 1,
        },
      );
  };

  for (const s of v.sessions) {
    for (const f of s.tags) {
      if (!f.ok) continue;
      checkObserver(f);
      f.value.tags.forEach((t, i) => {
        if (cb?.ok && !known.has(t.code)) {
          problem(
            'error',
            'unknown-code',
            `code '${t.code}' is not in the codebook${didYouMean(t.code, all)}`,
            f.file,
            f.at(['tags', i, 'code']),
          );
        }
        if (t.marks && new Set(t.marks).size !== t.marks.length)
          problem('warning', 'duplicate-mark', 'a mark is given twice', f.file, f.at(['tags', i, 'marks']));
      });
    }
    if (s.tags.some((f) => f.ok && f.value.tags.length) && !cb) {
      const f = s.tags[0]!;
      problem('error', 'no-codebook', 'tags need a codebook: add codebook.yaml (fokus code add <code>)', f.file, { line: 1, col: 1 });
    }
    const files = s.tags.filter((f) => f.ok).map((f) => ({ observer: f.observer, value: f.value }));
    if (files.some((f) => f.value.tags.length)) {
      const coded = codeSession(s.session, s.transcript, files);
      for (const t of coded.tags) {
        const f = s.tags.find((x) => x.observer === t.observer)!;
        const first = coded.ids.get(t.tag.turn);
        const last = t.tag.to === undefined ? undefined : coded.ids.get(t.tag.to);
        if (first !== undefined && last !== undefined && last < first) {
          problem('error', 'bad-run', `to: ${t.tag.to} comes before turn: ${t.tag.turn}`, f.file, f.at(['tags', t.index, 'to']));
          continue;
        }
        // Words found only away from the turn the tag names: a slip in a hand-written tag, or
        // words moved by an edit. Either way the tag should say where it is.
        if (t.place && first !== undefined && (first < t.place.first || first > t.place.last)) {
          problem(
            'warning',
            'moved-tag',
            `tag ${t.tag.code} by ${t.observer} names turn ${t.tag.turn}, but its words are in turn ${coded.turns[t.place.first]!.id}; correct turn: (or the words)`,
            f.file,
            f.at(['tags', t.index, 'turn']),
          );
        }
        if (t.status !== 'orphaned') continue;
        const quote = t.tag.words ? `"${clip(t.tag.words, 80)}"` : `turn ${t.tag.turn} (no words kept)`;
        const why = s.transcript ? 'the words are no longer in the transcript' : 'the session has no transcript';
        problem(
          'warning',
          'orphaned-tag',
          `tag ${t.tag.code} by ${t.observer} can no longer be placed (${why}); it quoted ${quote} in turn ${t.tag.turn}: fix the words or fokus untag it`,
          f.file,
          f.at(['tags', t.index]),
        );
      }
    }
    for (const f of s.notes) {
      if (!f.ok) continue;
      checkObserver(f);
      f.value.notes.forEach((n, i) => {
        if (n.speaker && speakerOf(n.speaker).kind === 'unknown')
          problem(
            'warning',
            'unknown-speaker',
            `speaker '${n.speaker}' is not a participant or team code`,
            f.file,
            f.at(['notes', i, 'speaker']),
          );
      });
    }
  }
  return out;
}
