// Where the study stands: per group, its series of sessions and how far each has come.
import { categoryLabel } from './categories.js';
import { compareCodes } from './ids.js';
import { spokenWords } from './marks.js';
import { turnsOf, type Guide, type Manifest, type Participant, type Session, type Transcript, type TranscriptFormat } from './model.js';

export type Stage = 'cancelled' | 'planned' | 'held' | 'transcribed';

export interface SessionStatus {
  id: string;
  group: string;
  number: number;
  date?: string;
  status: Session['status'];
  stage: Stage;
  guide?: string;
  attendees: number;
  transcript?: { format: TranscriptFormat; turns: number; words: number; speakers: number };
}

export interface GroupStatus {
  id: string;
  name: string;
  site?: string;
  kind: string;
  participants: number;
  byCategory: Record<string, number>;
  sessions: SessionStatus[];
  /** The first session not yet held, if any. */
  next?: { id: string; number: number; date?: string };
}

export interface StatusReport {
  title: string;
  language: string;
  fictional: boolean;
  period?: { from: string; to: string };
  participants: {
    total: number;
    byCategory: Record<string, number>;
    consent: Record<'given' | 'pending' | 'declined' | 'missing', number>;
    withdrawn: number;
  };
  groups: GroupStatus[];
  sessions: { total: number; held: number; planned: number; cancelled: number; transcribed: number };
  turns: number;
  words: number;
  guides: number;
}

export interface StatusInput {
  manifest: Manifest;
  participants: Participant[];
  guides: Guide[];
  sessions: { session: Session; transcript?: { format: TranscriptFormat; transcript: Transcript } }[];
  today: string;
}

export function sessionStage(s: Session, hasTranscript: boolean): Stage {
  if (s.status === 'cancelled') return 'cancelled';
  if (hasTranscript) return 'transcribed';
  return s.status === 'held' ? 'held' : 'planned';
}

export function buildStatus(input: StatusInput): StatusReport {
  const { manifest: m, participants } = input;
  const count = (xs: Participant[]) => {
    const out: Record<string, number> = {};
    for (const p of xs) out[p.category] = (out[p.category] ?? 0) + 1;
    return out;
  };
  const consent = { given: 0, pending: 0, declined: 0, missing: 0 };
  for (const p of participants) consent[p.consent?.status ?? 'missing']++;

  const sessions: SessionStatus[] = input.sessions.map(({ session: s, transcript }) => {
    const st: SessionStatus = {
      id: s.id,
      group: s.group,
      number: s.number,
      status: s.status,
      stage: sessionStage(s, transcript !== undefined),
      attendees: s.attendees?.length ?? 0,
    };
    const date = s.held ?? s.planned;
    if (date) st.date = date;
    if (s.guide) st.guide = s.guide;
    if (transcript) {
      const turns = turnsOf(transcript.transcript);
      st.transcript = {
        format: transcript.format,
        turns: turns.length,
        words: turns.reduce((n, t) => n + spokenWords(t.text), 0),
        speakers: new Set(turns.map((t) => t.speaker)).size,
      };
    }
    return st;
  });

  const groupIds = [...(m.groups ?? []).map((g) => g.id)];
  for (const s of sessions) if (!groupIds.includes(s.group)) groupIds.push(s.group);
  const groups: GroupStatus[] = groupIds.map((id) => {
    const g = m.groups?.find((x) => x.id === id);
    const members = participants.filter((p) => p.group === id).sort((a, b) => compareCodes(a.code, b.code));
    const own = sessions.filter((s) => s.group === id).sort((a, b) => a.number - b.number);
    const out: GroupStatus = {
      id,
      name: g?.name ?? id,
      kind: g?.kind ?? 'unknown',
      participants: members.length,
      byCategory: count(members),
      sessions: own,
    };
    if (g?.site) out.site = g.site;
    const next = own.find((s) => s.stage === 'planned');
    if (next) out.next = next.date ? { id: next.id, number: next.number, date: next.date } : { id: next.id, number: next.number };
    return out;
  });

  const dates = sessions.flatMap((s) => (s.date ? [s.date] : [])).sort();
  const report: StatusReport = {
    title: m.title,
    language: m.language,
    fictional: m.fictional === true,
    participants: {
      total: participants.length,
      byCategory: count(participants),
      consent,
      withdrawn: participants.filter((p) => p.withdrawn && p.withdrawn.date <= input.today).length,
    },
    groups,
    sessions: {
      total: sessions.length,
      held: sessions.filter((s) => s.status === 'held').length,
      planned: sessions.filter((s) => s.status === 'planned').length,
      cancelled: sessions.filter((s) => s.status === 'cancelled').length,
      transcribed: sessions.filter((s) => s.transcript).length,
    },
    turns: sessions.reduce((n, s) => n + (s.transcript?.turns ?? 0), 0),
    words: sessions.reduce((n, s) => n + (s.transcript?.words ?? 0), 0),
    guides: input.guides.length,
  };
  if (dates.length) report.period = { from: dates[0]!, to: dates[dates.length - 1]! };
  return report;
}

export { categoryLabel };
