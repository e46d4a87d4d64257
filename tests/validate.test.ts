// The project-wide checks, each rule on a small project written as files, with its position.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateProject } from '../src/core/validate.js';
import { buildStatus } from '../src/core/status.js';
import { loadProject } from '../src/store/project.js';
import { tmp } from './helpers.js';

const MANIFEST = `title: T
language: nb
research_questions:
  - id: rq1
    text: Hva?
design:
  phases:
    - id: focus
      name: Fokus
      from: 2025-03-01
      to: 2025-02-01
team:
  - code: M1
    roles: [moderator]
  - code: O1
    roles: [observer]
groups:
  - id: a
    name: A
    kind: mixed
  - id: b
    name: B
    kind: staff
`;

const PARTICIPANTS = `participants:
  - code: P1
    group: a
    category: staff
    consent: { status: given, date: 2025-01-01 }
  - code: P2
    group: a
    category: user-representative
    consent: { status: declined }
  - code: P3
    group: b
    category: staff
    consent: { status: given }
    withdrawn: { date: 2025-02-01, data: remove }
  - code: P4
    group: a
    category: pårørende
    consent: { status: pending }
`;

function write(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
}

function problemsOf(files: Record<string, string>) {
  const root = tmp('fokus-validate-');
  write(root, { 'fokus.yaml': MANIFEST, 'participants.yaml': PARTICIPANTS, ...files });
  const p = loadProject(root);
  const all = [...p.problems, ...validateProject(p)];
  return all.map((x) => ({ ...x, file: x.file?.slice(root.length + 1) }));
}

describe('validateProject', () => {
  const problems = problemsOf({
    'guides/g.yaml':
      'title: G\nlanguage: en\nquestions:\n  - id: q1\n    kind: key\n    text: Hva?\n    serves: [rq1, rq9]\n  - id: q1\n    kind: ending\n    text: Takk\n',
    'sessions/a-1/session.yaml':
      'group: a\nnumber: 1\nguide: g\nstatus: held\nheld: 2025-03-01\nmoderator: O1\nobservers: [O2]\nattendees: [P1, P2, P3, P4, P1]\n',
    'sessions/a-1/transcript.md':
      '## Start #q7\n\n**M1** #t1: Hei.\n\n**P5** #t2: Hallo.\n\n**P3** #t3: Jeg trakk meg.\n\n**P1** #t4: [latter\n',
    'sessions/a-2/session.yaml': 'group: a\nnumber: 1\nstatus: planned\n',
  });
  const find = (code: string) => problems.filter((p) => p.code === code).map((p) => [p.severity, p.file, p.line, p.col, p.message]);

  it('checks dates, ids and references in fokus.yaml', () => {
    expect(find('date-order')).toEqual([['error', 'fokus.yaml', 11, 11, "phase 'focus' ends before it starts"]]);
  });

  it('checks participants: categories, consent', () => {
    expect(find('unknown-category')).toEqual([
      [
        'error',
        'participants.yaml',
        17,
        15,
        "unknown category 'pårørende' (known: service-user, user-representative, staff, relative, other)",
      ],
    ]);
  });

  it('checks guides: duplicate question ids, unknown research questions, language', () => {
    expect(find('duplicate-id')).toEqual([['error', 'guides/g.yaml', 8, 9, "question id 'q1' is used twice"]]);
    expect(find('unknown-research-question')).toEqual([
      ['warning', 'guides/g.yaml', 7, 19, "question q1 serves 'rq9', which is not a research question in fokus.yaml (did you mean 'rq1'?)"],
    ]);
    expect(find('language')).toEqual([['warning', 'guides/g.yaml', 2, 11, "the guide is in 'en' but the project's language is 'nb'"]]);
  });

  it('checks sessions: numbering, roles, observers, attendees, consent and withdrawal', () => {
    expect(find('duplicate-number')).toEqual([['error', 'sessions/a-2/session.yaml', 2, 9, 'session a-1 is already number 1 in group a']]);
    expect(find('role')).toEqual([['warning', 'sessions/a-1/session.yaml', 6, 12, 'O1 moderates but has no moderator role in fokus.yaml']]);
    expect(find('unknown-team-member')).toEqual([
      ['error', 'sessions/a-1/session.yaml', 7, 13, "observer 'O2' is not in the team in fokus.yaml"],
    ]);
    expect(find('consent')).toEqual([
      ['error', 'sessions/a-1/session.yaml', 8, 17, 'P2 declined consent but is listed as attending'],
      ['warning', 'sessions/a-1/session.yaml', 8, 25, 'P4 attended without consent recorded as given'],
    ]);
    expect(find('other-group')).toEqual([['warning', 'sessions/a-1/session.yaml', 8, 21, 'P3 belongs to group b, not a']]);
    expect(find('withdrawn')).toEqual([['warning', 'sessions/a-1/session.yaml', 8, 21, 'P3 withdrew on 2025-02-01, before this session']]);
    expect(find('duplicate-attendee')).toEqual([['warning', 'sessions/a-1/session.yaml', 8, 29, 'P1 is listed twice']]);
  });

  it('checks transcripts: speakers, headings, withdrawn talk, marks', () => {
    expect(find('unknown-speaker')).toEqual([
      ['error', 'sessions/a-1/transcript.md', 5, 3, "unknown participant code 'P5' in turn t2 (did you mean 'P1'?)"],
    ]);
    expect(find('unknown-question')).toEqual([
      ['warning', 'sessions/a-1/transcript.md', 1, 10, "heading refers to question 'q7', which is not in guide g"],
    ]);
    expect(find('withdrawn-data')).toEqual([
      ['warning', 'sessions/a-1/transcript.md', 7, 3, 'P3 withdrew and asked for their words to be removed, but turn t3 is theirs'],
    ]);
    expect(find('unclosed-mark')).toEqual([['warning', 'sessions/a-1/transcript.md', 9, 13, "'[' without ']' in turn t4"]]);
  });

  it('flags a planned session that already has a transcript, and a held one without a date', () => {
    const more = problemsOf({
      'sessions/b-1/session.yaml': 'group: b\nnumber: 1\nstatus: planned\n',
      'sessions/b-1/transcript.md': '**M1** #t1: Hei.\n',
      'sessions/b-2/session.yaml': 'group: b\nnumber: 2\nstatus: held\nattendees: [P3]\n',
    });
    expect(more.filter((p) => ['status', 'no-date'].includes(p.code)).map((p) => [p.code, p.file, p.line])).toEqual([
      ['status', 'sessions/b-1/session.yaml', 3],
      ['no-date', 'sessions/b-2/session.yaml', 3],
    ]);
  });
});

describe('buildStatus', () => {
  it("counts consent, withdrawals, stages and finds each group's next session", () => {
    const root = tmp('fokus-status-');
    write(root, {
      'fokus.yaml': MANIFEST,
      'participants.yaml': PARTICIPANTS,
      'sessions/a-1/session.yaml': 'group: a\nnumber: 1\nstatus: held\nheld: 2025-03-01\nattendees: [P1, P2]\n',
      'sessions/a-1/transcript.md': '**M1** #t1: Hei, alle sammen. [latter]\n\n**P1** #t2: Hallo [usikkert: kan du] gjenta?\n',
      'sessions/a-2/session.yaml': 'group: a\nnumber: 2\nstatus: planned\nplanned: 2025-05-01\n',
      'sessions/a-3/session.yaml': 'group: a\nnumber: 3\nstatus: cancelled\n',
    });
    const p = loadProject(root);
    const s = buildStatus({
      manifest: p.manifest.value,
      participants: p.participants.value,
      guides: [],
      sessions: p.sessions.map((x) =>
        x.transcript ? { session: x.session.value, transcript: x.transcript } : { session: x.session.value },
      ),
      today: '2025-06-01',
    });
    expect(s.participants).toEqual({
      total: 4,
      byCategory: { staff: 2, 'user-representative': 1, pårørende: 1 },
      consent: { given: 2, pending: 1, declined: 1, missing: 0 },
      withdrawn: 1,
    });
    const a = s.groups.find((g) => g.id === 'a')!;
    expect(a.sessions.map((x) => [x.id, x.stage])).toEqual([
      ['a-1', 'transcribed'],
      ['a-2', 'planned'],
      ['a-3', 'cancelled'],
    ]);
    // Words leave the marks out but count the transcriber's best guess.
    expect(a.sessions[0]!.transcript).toEqual({ format: 'md', turns: 2, words: 7, speakers: 2 });
    expect(a.next).toEqual({ id: 'a-2', number: 2, date: '2025-05-01' });
    expect(s.period).toEqual({ from: '2025-03-01', to: '2025-05-01' });
    expect(s.sessions).toEqual({ total: 3, held: 1, planned: 1, cancelled: 1, transcribed: 1 });
  });
});
