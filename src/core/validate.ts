// Cross-checks over a whole project: every reference resolves, codes are unique, consent and
// withdrawal are respected, transcripts name only known speakers. Pure: positions come from the
// locators the store hands over.
import type { Pos, Problem } from '../errors.js';
import { categoryIds } from './categories.js';
import { UNKNOWN_SPEAKER, sessionDate, type Guide, type Manifest, type Participant, type Session, turnsOf } from './model.js';
import { didYouMean } from './schema.js';
import { CODE_RE } from './ids.js';
import type { TranscriptRead } from '../transcript/common.js';

type Path = readonly (string | number)[];

/** A value read from a file, and how to find any part of it again in that file. */
export interface Located<T> {
  value: T;
  file: string;
  ok: boolean;
  at: (path: Path, what?: 'key' | 'value') => Pos;
}

export interface ProjectView {
  manifest: Located<Manifest>;
  participants: Located<Participant[]>;
  guides: Located<Guide>[];
  sessions: { session: Located<Session>; transcript?: TranscriptRead }[];
}

export function validateProject(p: ProjectView): Problem[] {
  const out: Problem[] = [];
  const problem = (severity: Problem['severity'], code: string, message: string, file: string, pos: Pos) =>
    out.push({ severity, code, message, file, ...pos });
  const m = p.manifest;
  const man = m.value;

  // fokus.yaml
  const team = man.team ?? [];
  const teamCodes = new Map<string, (typeof team)[number]>();
  team.forEach((t, i) => {
    if (teamCodes.has(t.code)) problem('error', 'duplicate-code', `team code '${t.code}' is used twice`, m.file, m.at(['team', i, 'code']));
    teamCodes.set(t.code, t);
    if (t.roles.length === 0)
      problem('warning', 'no-role', `team member ${t.code} has no role (moderator, observer, lead)`, m.file, m.at(['team', i, 'roles']));
  });
  const groups = new Map((man.groups ?? []).map((g) => [g.id, g]));
  dupes(
    man.groups ?? [],
    (g) => g.id,
    (i, id) => problem('error', 'duplicate-id', `group id '${id}' is used twice`, m.file, m.at(['groups', i, 'id'])),
  );
  const rqs = new Set((man.research_questions ?? []).map((r) => r.id));
  dupes(
    man.research_questions ?? [],
    (r) => r.id,
    (i, id) =>
      problem('error', 'duplicate-id', `research question id '${id}' is used twice`, m.file, m.at(['research_questions', i, 'id'])),
  );
  (man.design?.phases ?? []).forEach((ph, i) => {
    if (ph.from && ph.to && ph.to < ph.from)
      problem('error', 'date-order', `phase '${ph.id}' ends before it starts`, m.file, m.at(['design', 'phases', i, 'to']));
  });
  dupes(
    man.design?.phases ?? [],
    (ph) => ph.id,
    (i, id) => problem('error', 'duplicate-id', `phase id '${id}' is used twice`, m.file, m.at(['design', 'phases', i, 'id'])),
  );
  const categories = categoryIds(man);

  // participants.yaml
  const pf = p.participants;
  const participants = new Map<string, Participant>();
  pf.value.forEach((x, i) => {
    if (participants.has(x.code))
      problem('error', 'duplicate-code', `participant code '${x.code}' is used twice`, pf.file, pf.at([i, 'code']));
    else if (teamCodes.has(x.code))
      problem('error', 'duplicate-code', `participant code '${x.code}' is also a team code in fokus.yaml`, pf.file, pf.at([i, 'code']));
    participants.set(x.code, x);
    if (m.ok && !groups.has(x.group)) {
      problem(
        'error',
        'unknown-group',
        `unknown group '${x.group}'${didYouMean(x.group, [...groups.keys()])}; groups are listed in fokus.yaml`,
        pf.file,
        pf.at([i, 'group']),
      );
    }
    if (m.ok && !categories.has(x.category)) {
      problem(
        'error',
        'unknown-category',
        `unknown category '${x.category}'${didYouMean(x.category, [...categories])} (known: ${[...categories].join(', ')})`,
        pf.file,
        pf.at([i, 'category']),
      );
    }
    if (!x.consent) problem('warning', 'no-consent', `no consent recorded for ${x.code}`, pf.file, pf.at([i]));
    if (x.withdrawn && x.consent?.date && x.withdrawn.date < x.consent.date) {
      problem('warning', 'date-order', `${x.code} withdrew before consenting`, pf.file, pf.at([i, 'withdrawn', 'date']));
    }
  });

  // guides/
  const guides = new Map(p.guides.map((g) => [g.value.id, g]));
  for (const g of p.guides) {
    dupes(
      g.value.questions,
      (q) => q.id,
      (i, id) => problem('error', 'duplicate-id', `question id '${id}' is used twice`, g.file, g.at(['questions', i, 'id'])),
    );
    g.value.questions.forEach((q, i) =>
      (q.serves ?? []).forEach((rq, k) => {
        if (m.ok && !rqs.has(rq)) {
          problem(
            'warning',
            'unknown-research-question',
            `question ${q.id} serves '${rq}', which is not a research question in fokus.yaml${didYouMean(rq, [...rqs])}`,
            g.file,
            g.at(['questions', i, 'serves', k]),
          );
        }
      }),
    );
    if (g.ok && g.value.questions.length === 0)
      problem('warning', 'empty-guide', 'the guide has no questions', g.file, g.at(['questions']));
    if (m.ok && g.value.language && g.value.language !== man.language) {
      problem(
        'warning',
        'language',
        `the guide is in '${g.value.language}' but the project's language is '${man.language}'`,
        g.file,
        g.at(['language']),
      );
    }
  }

  // sessions/
  const numbers = new Map<string, { id: string }>();
  for (const { session: s, transcript } of p.sessions) {
    const v = s.value;
    if (!s.ok) continue;
    if (m.ok && !groups.has(v.group)) {
      problem('error', 'unknown-group', `unknown group '${v.group}'${didYouMean(v.group, [...groups.keys()])}`, s.file, s.at(['group']));
    }
    const slot = `${v.group}#${v.number}`;
    const other = numbers.get(slot);
    if (other)
      problem(
        'error',
        'duplicate-number',
        `session ${other.id} is already number ${v.number} in group ${v.group}`,
        s.file,
        s.at(['number']),
      );
    else numbers.set(slot, { id: v.id });
    const guide = v.guide === undefined ? undefined : guides.get(v.guide);
    if (v.guide !== undefined && !guide) {
      problem(
        'error',
        'unknown-guide',
        `unknown guide '${v.guide}'${didYouMean(v.guide, [...guides.keys()])}; guides are files in guides/`,
        s.file,
        s.at(['guide']),
      );
    }
    if (v.moderator !== undefined) {
      const t = teamCodes.get(v.moderator);
      if (m.ok && !t)
        problem('error', 'unknown-team-member', `moderator '${v.moderator}' is not in the team in fokus.yaml`, s.file, s.at(['moderator']));
      else if (t && !t.roles.includes('moderator'))
        problem('warning', 'role', `${v.moderator} moderates but has no moderator role in fokus.yaml`, s.file, s.at(['moderator']));
    }
    (v.observers ?? []).forEach((o, i) => {
      if (m.ok && !teamCodes.has(o))
        problem('error', 'unknown-team-member', `observer '${o}' is not in the team in fokus.yaml`, s.file, s.at(['observers', i]));
    });
    const attendees = v.attendees ?? [];
    const seen = new Set<string>();
    attendees.forEach((code, i) => {
      // Positions are looked up only for a problem: finding one may mean parsing the file.
      const where = () => s.at(['attendees', i]);
      if (seen.has(code)) problem('warning', 'duplicate-attendee', `${code} is listed twice`, s.file, where());
      seen.add(code);
      const x = participants.get(code);
      if (!x) {
        if (pf.ok) {
          const message = CODE_RE.test(code)
            ? `unknown participant code '${code}'${didYouMean(code, [...participants.keys()])}`
            : 'an attendee that is not a participant code (names never go here: write the code)';
          problem('error', 'unknown-participant', message, s.file, where());
        }
        return;
      }
      if (x.group !== v.group) problem('warning', 'other-group', `${code} belongs to group ${x.group}, not ${v.group}`, s.file, where());
      const when = sessionDate(v);
      if (x.consent?.status === 'declined')
        problem('error', 'consent', `${code} declined consent but is listed as attending`, s.file, where());
      else if (x.consent?.status !== 'given' && v.status === 'held')
        problem('warning', 'consent', `${code} attended without consent recorded as given`, s.file, where());
      if (x.withdrawn && when && x.withdrawn.date <= when)
        problem('warning', 'withdrawn', `${code} withdrew on ${x.withdrawn.date}, before this session`, s.file, where());
    });
    if (v.status === 'held' && !v.held)
      problem('warning', 'no-date', 'the session is held but has no held: date', s.file, s.at(['status']));
    if (v.status === 'held' && attendees.length === 0)
      problem('warning', 'no-attendees', 'the session is held but lists no attendees', s.file, s.at(['status']));
    if (v.status === 'planned' && transcript)
      problem('warning', 'status', 'the session has a transcript but its status is planned', s.file, s.at(['status']));

    if (!transcript) continue;
    const file = transcript.file;
    const t = transcript.transcript;
    const unknownSpeakers = new Map<string, { first: number; turn: string; count: number }>();
    const notAttending = new Set<string>();
    t.blocks.forEach((b, i) => {
      if (b.kind === 'heading') {
        if (b.question !== undefined && guide?.ok && !guide.value.questions.some((q) => q.id === b.question)) {
          problem(
            'warning',
            'unknown-question',
            `heading refers to question '${b.question}', which is not in guide ${guide.value.id}`,
            file,
            transcript.locate(i, 'question'),
          );
        }
        return;
      }
      const sp = b.speaker;
      if (sp === UNKNOWN_SPEAKER || teamCodes.has(sp)) return;
      const x = participants.get(sp);
      if (!x) {
        const seen = unknownSpeakers.get(sp);
        if (seen) seen.count++;
        else unknownSpeakers.set(sp, { first: i, turn: b.id, count: 1 });
        return;
      }
      if (attendees.length && !attendees.includes(sp) && !notAttending.has(sp)) {
        notAttending.add(sp);
        problem(
          'warning',
          'not-attending',
          `${sp} speaks (turn ${b.id}) but is not among the session's attendees`,
          file,
          transcript.locate(i, 'speaker'),
        );
      }
      if (x.withdrawn?.data === 'remove') {
        problem(
          'warning',
          'withdrawn-data',
          `${sp} withdrew and asked for their words to be removed, but turn ${b.id} is theirs`,
          file,
          transcript.locate(i, 'speaker'),
        );
      }
    });
    // Without readable participants and team, every speaker would look unknown: say nothing then.
    if (pf.ok && m.ok) {
      for (const [sp, u] of unknownSpeakers) {
        const more = u.count > 1 ? ` (and ${u.count - 1} more turn${u.count > 2 ? 's' : ''})` : '';
        const message = CODE_RE.test(sp)
          ? `unknown participant code '${sp}' in turn ${u.turn}${more}${didYouMean(sp, [...participants.keys(), ...teamCodes.keys()])}`
          : `the speaker of turn ${u.turn}${more} is not a code (names never go in transcripts: write the participant's code)`;
        problem('error', 'unknown-speaker', message, file, transcript.locate(u.first, 'speaker'));
      }
    }
    if (transcript.unnumbered.length) {
      const first = transcript.unnumbered[0]!;
      problem(
        'warning',
        'unnumbered-turns',
        `${transcript.unnumbered.length} turn(s) have no id; run fokus transcript number ${v.id} to write ids that tags can point at`,
        file,
        transcript.locate(first),
      );
    }
    if (turnsOf(t).length === 0) problem('warning', 'empty-transcript', 'the transcript has no turns', file, { line: 1, col: 1 });
  }
  return out;
}

/** Reports every item whose key an earlier item already had. */
export function dupes<T>(items: readonly T[], key: (t: T) => string, report: (index: number, id: string) => void): void {
  const seen = new Set<string>();
  items.forEach((it, i) => {
    const k = key(it);
    if (seen.has(k)) report(i, k);
    seen.add(k);
  });
}
