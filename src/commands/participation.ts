// fokus participation: talk share per participant, who answered each guide question, and who
// stayed silent, for the moderator.
import type { Run } from '../cli.js';
import { UserError } from '../errors.js';
import { participation } from '../core/participation.js';
import { categoryLabel } from '../core/categories.js';
import { sessionById } from '../store/project.js';
import { codedSessions, openProject, printCsv, speakersOf } from './_shared.js';

export async function run(r: Run, id: string, opts: { json?: boolean; csv?: boolean }): Promise<number> {
  const p = openProject(r);
  const s = sessionById(p, id);
  if (!s.transcript) throw new UserError(`session ${id} has no transcript yet`, undefined, 'no-transcript');
  const report = participation(codedSessions(p, [s])[0]!, speakersOf(p));
  if (opts.json) {
    r.out.json(report);
    return 0;
  }
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  if (opts.csv) {
    printCsv(
      r,
      ['code', 'kind', 'category', 'attended', 'turns', 'words', 'share', 'questions', 'flag'],
      report.people.map((x) => [
        x.code,
        x.kind,
        x.category,
        String(x.attended),
        x.turns,
        x.words,
        x.share.toFixed(4),
        x.questions.join(' '),
        x.flag,
      ]),
    );
    return 0;
  }
  const o = r.out;
  o.table(
    ['code', 'category', 'turns', 'words', 'share', 'questions', ''],
    report.people.map((x) => [
      x.code,
      x.kind === 'participant' ? categoryLabel(p.manifest.value, x.category ?? '') : x.kind,
      x.turns,
      x.words,
      pct(x.share),
      x.questions.join(' '),
      x.flag ? (x.flag === 'dominant' ? o.style.yellow(x.flag) : o.style.cyan(x.flag)) : '',
    ]),
    ['l', 'l', 'r', 'r', 'r', 'l', 'l'],
  );
  o.line(o.style.dim(`Share: of the participants' words (team: of all words). ${report.rule}.`));
  if (report.questions.length) {
    o.line('');
    o.table(
      ['question', 'turns', 'spoke', 'silent'],
      report.questions.map((q) => [q.question, q.turns, q.speakers.join(' '), q.silent.join(' ')]),
      ['l', 'r', 'l', 'l'],
    );
  }
  return 0;
}
