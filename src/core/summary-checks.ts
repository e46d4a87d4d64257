// Cross-checks of the loop's files: each summary belongs to its session and names its points once;
// each validation record points at a later session of the same group, at points the summary has,
// and at participants of the group; phases and milestones in fokus.yaml make sense.
import type { Problem } from '../errors.js';
import type { Feedback, Manifest, Participant, Session } from './model.js';
import type { Located } from './validate.js';
import { OPEN_SECTION, type SummaryDoc } from './summary.js';

export interface LoopView {
  manifest: Located<Manifest>;
  participants: readonly Participant[];
  sessions: {
    session: Session;
    summary?: { path: string; doc: SummaryDoc; front: { session?: string } };
    feedback?: Located<Feedback>;
    dir: string;
  }[];
}

/** The 1-based line of each block id in a parsed summary (front matter counted). */
function idLines(doc: SummaryDoc): Map<string, number[]> {
  const out = new Map<string, number[]>();
  let line = doc.front ? doc.front.length + 2 : 0;
  line += doc.head.length;
  for (const s of doc.sections) {
    line += 1 + s.lines.length;
    for (const b of s.blocks) {
      line += 1;
      if (b.id) {
        const key = `${s.id === OPEN_SECTION ? 'o' : 'p'}:${b.id}`;
        out.set(key, [...(out.get(key) ?? []), line]);
      }
      line += b.lines.length;
    }
  }
  return out;
}

export function loopProblems(v: LoopView): Problem[] {
  const out: Problem[] = [];
  const m = v.manifest;
  const phases = m.value.design?.phases ?? [];
  phases.forEach((ph, i) => {
    if (ph.from && ph.to && ph.to < ph.from)
      out.push({
        severity: 'error',
        code: 'bad-span',
        message: `phase ${ph.id} ends (${ph.to}) before it starts (${ph.from})`,
        file: m.file,
        ...m.at(['design', 'phases', i, 'to']),
      });
  });
  (m.value.design?.milestones ?? []).forEach((ms, i) => {
    if (ms.phase && !phases.some((ph) => ph.id === ms.phase))
      out.push({
        severity: 'error',
        code: 'unknown-phase',
        message: `milestone ${ms.id} names phase ${ms.phase}, which is not in design.phases`,
        file: m.file,
        ...m.at(['design', 'milestones', i, 'phase']),
      });
  });

  for (const s of v.sessions) {
    const id = s.session.id;
    const points = new Set<string>();
    if (s.summary) {
      const { doc, path, front } = s.summary;
      if (front.session && front.session !== id)
        out.push({
          severity: 'error',
          code: 'summary-session',
          message: `this summary says session: ${front.session}, but it is in ${id}'s folder`,
          file: path,
          line: 2,
          col: 1,
        });
      for (const [key, lines] of idLines(doc)) {
        if (key.startsWith('p:')) points.add(key.slice(2));
        if (lines.length > 1)
          out.push({
            severity: 'error',
            code: 'duplicate-point',
            message: `{#${key.slice(2)}} is used ${lines.length} times; each point needs its own id`,
            file: path,
            line: lines[1]!,
            col: 1,
          });
      }
    }
    const f = s.feedback;
    if (!f?.ok) continue;
    if (!s.summary && f.value.validations.length)
      out.push({
        severity: 'error',
        code: 'feedback-without-summary',
        message: `feedback on ${id}'s summary, but ${id} has no summary.md`,
        file: f.file,
        line: 1,
        col: 1,
      });
    const members = new Set(v.participants.filter((x) => x.group === s.session.group).map((x) => x.code));
    f.value.validations.forEach((val, i) => {
      const at = v.sessions.find((x) => x.session.id === val.at)?.session;
      if (!at)
        out.push({
          severity: 'error',
          code: 'unknown-session',
          message: `no session ${val.at}`,
          file: f.file,
          ...f.at(['validations', i, 'at']),
        });
      else if (at.group !== s.session.group || at.number <= s.session.number)
        out.push({
          severity: 'error',
          code: 'bad-validation',
          message: `${val.at} is not a later session of ${s.session.group}: a summary is validated by its own group at a later session`,
          file: f.file,
          ...f.at(['validations', i, 'at']),
        });
      const checkBy = (by: unknown, path: (string | number)[]) => {
        if (!Array.isArray(by)) return;
        by.forEach((c: string, j) => {
          if (!members.has(c))
            out.push({
              severity: 'error',
              code: 'unknown-participant',
              message: `${c} is not a participant in ${s.session.group}`,
              file: f.file,
              ...f.at([...path, j]),
            });
        });
      };
      val.responses.forEach((r, j) => {
        if (s.summary && !points.has(r.point))
          out.push({
            severity: 'warning',
            code: 'unknown-point',
            message: `summary.md has no point ${r.point} any more; the response stays on record`,
            file: f.file,
            ...f.at(['validations', i, 'responses', j, 'point']),
          });
        checkBy(r.by, ['validations', i, 'responses', j, 'by']);
      });
      (val.added ?? []).forEach((a, j) => checkBy(a.by, ['validations', i, 'added', j, 'by']));
    });
  }
  return out;
}
