// Who talked how much in a session, who answered each guide question and who stayed silent:
// the moderator's view of the group's dynamics.
import { spokenWords } from './marks.js';
import type { CodedSession, Speaker } from './coding.js';
import { UNKNOWN_SPEAKER } from './model.js';
import { compareCodes } from './ids.js';

export interface ParticipantShare {
  code: string;
  kind: Speaker['kind'];
  category?: string;
  attended: boolean;
  turns: number;
  words: number;
  /** Share of the participants' words (team members: of all words). */
  share: number;
  /** Guide questions (by id) this person spoke under. */
  questions: string[];
  flag?: 'dominant' | 'silent' | 'quiet';
}

export interface QuestionParticipation {
  question: string;
  turns: number;
  speakers: string[];
  /** Attendees who said nothing under this question. */
  silent: string[];
}

export interface ParticipationReport {
  session: string;
  words: { participants: number; team: number; unknown: number };
  people: ParticipantShare[];
  questions: QuestionParticipation[];
  /** What the flags mean, for printing beside them. */
  rule: string;
}

export const PARTICIPATION_RULE =
  'dominant: more than twice an equal share of the participants’ words (with three or more speaking); quiet: under a quarter of an equal share; silent: attended but no turns';

export function participation(s: CodedSession, speakerOf: (code: string) => Speaker): ParticipationReport {
  const attendees = s.session.attendees ?? [];
  const people = new Map<string, ParticipantShare>();
  const person = (code: string) => {
    let p = people.get(code);
    if (!p) {
      const sp = speakerOf(code);
      p = { code, kind: sp.kind, attended: attendees.includes(code), turns: 0, words: 0, share: 0, questions: [] };
      if (sp.category) p.category = sp.category;
      people.set(code, p);
    }
    return p;
  };
  for (const a of attendees) person(a);
  const byQuestion = new Map<string, { turns: number; speakers: Set<string> }>();
  const words = { participants: 0, team: 0, unknown: 0 };
  s.turns.forEach((t, i) => {
    const w = spokenWords(t.text);
    const q = s.questionOf[i];
    if (t.speaker === UNKNOWN_SPEAKER) {
      words.unknown += w;
      return;
    }
    const p = person(t.speaker);
    p.turns++;
    p.words += w;
    if (p.kind === 'participant') words.participants += w;
    else words.team += w;
    if (q !== undefined) {
      if (!p.questions.includes(q)) p.questions.push(q);
      const bq = byQuestion.get(q) ?? { turns: 0, speakers: new Set<string>() };
      bq.turns++;
      bq.speakers.add(t.speaker);
      byQuestion.set(q, bq);
    }
  });
  const all = words.participants + words.team + words.unknown;
  const list = [...people.values()];
  const speaking = list.filter((p) => p.kind === 'participant' && p.turns > 0).length;
  const fair = speaking ? 1 / speaking : 0;
  for (const p of list) {
    p.share = p.kind === 'participant' ? (words.participants ? p.words / words.participants : 0) : all ? p.words / all : 0;
    if (p.kind !== 'participant') continue;
    if (p.attended && p.turns === 0) p.flag = 'silent';
    else if (speaking >= 3 && p.share > 2 * fair) p.flag = 'dominant';
    else if (p.turns > 0 && p.share < fair / 4) p.flag = 'quiet';
  }
  const participantsPresent = list.filter((p) => p.kind === 'participant' && (p.attended || p.turns > 0)).map((p) => p.code);
  const questions = [...byQuestion].map(([question, q]) => ({
    question,
    turns: q.turns,
    speakers: [...q.speakers].sort(compareCodes),
    silent: participantsPresent.filter((c) => !q.speakers.has(c)).sort(compareCodes),
  }));
  list.sort((a, b) => (a.kind === b.kind ? compareCodes(a.code, b.code) : a.kind === 'participant' ? -1 : 1));
  return { session: s.session.id, words, people: list, questions, rule: PARTICIPATION_RULE };
}
