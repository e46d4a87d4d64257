// `fokus tag <session>` on a terminal: step through the turns, tag at the keyboard. Every tag is
// saved the moment it is chosen; where you stopped is saved so the next run resumes there.
import type { Run } from '../cli.js';
import { Cancelled } from '../errors.js';
import { findInTurn, placeTag, TurnStream } from '../core/anchor.js';
import { clip } from '../core/text.js';
import { checkCodePath, codeIndex, codeLabel, treeOrder, withParents } from '../core/codebook.js';
import { CODE_PATH_RE } from '../core/ids.js';
import { TAG_MARKS, type Code, type Tag, type TagMark, type Turn } from '../core/model.js';
import { makeTag, samePassage } from '../core/tagging.js';
import { formatTime } from '../core/time.js';
import { categoryLabel } from '../core/categories.js';
import { addTags, appendCodes, removeTags, setResume } from '../store/coding.js';
import type { LoadedProject, LoadedSession } from '../store/project.js';

type Action = 'tag' | 'next' | 'back' | 'goto' | 'untag' | 'stop';

export async function tagInteractively(
  r: Run,
  p: LoadedProject,
  s: LoadedSession,
  turns: Turn[],
  observer: string,
  start: string | undefined,
): Promise<number> {
  const ask = r.ask('--turn and --code');
  const id = s.session.value.id;
  const codes: Code[] = [...(p.codebook?.value.codes ?? [])];
  let mine: Tag[] = [...(s.tags.find((f) => f.observer === observer)?.value.tags ?? [])];
  const resume = start ?? s.tags.find((f) => f.observer === observer)?.value.resume;
  let i = Math.max(0, resume === undefined ? 0 : turns.findIndex((t) => t.id === resume));
  let added = 0;
  const participants = new Map(p.participants.value.map((x) => [x.code, x]));
  const o = r.out;

  // The turns do not change while tagging: one stream places every tag shown.
  const stream = new TurnStream(turns);
  const tagsHere = () =>
    mine.filter((t) => {
      const p = placeTag(stream, t).place;
      return p !== undefined && p.first <= i && i <= p.last;
    });
  const show = () => {
    const t = turns[i]!;
    const who = participants.get(t.speaker);
    const parts = [o.style.bold(t.id), o.style.cyan(t.speaker)];
    if (who) parts.push(categoryLabel(p.manifest.value, who.category));
    if (t.start !== undefined) parts.push(formatTime(t.start));
    parts.push(o.style.dim(`${i + 1}/${turns.length}`));
    o.line('');
    o.line(parts.join(' · '));
    for (const line of wrap(t.text, 78)) o.line(`  ${line}`);
    for (const tag of tagsHere()) {
      const part = tag.before !== undefined || tag.after !== undefined ? ` "${clip(tag.words ?? '', 50)}"` : '';
      const marks = tag.marks?.length ? ` [${tag.marks.join(', ')}]` : '';
      o.line(o.style.green(`  ✓ ${tag.code}${part}${marks}${tag.memo ? ` · ${clip(tag.memo, 50)}` : ''}`));
    }
  };

  const stop = (why: string) => {
    setResume(s.dir, id, observer, turns[i]!.id);
    o.line(`${why} ${added} tag(s) added; next time fokus tag ${id} resumes at ${turns[i]!.id}.`);
  };

  try {
    for (;;) {
      show();
      const here = tagsHere();
      const choices: { name: string; value: Action }[] = [
        { name: 'Next turn', value: 'next' },
        { name: 'Tag this turn', value: 'tag' },
        { name: 'Previous turn', value: 'back' },
        { name: 'Go to turn…', value: 'goto' },
      ];
      if (here.length) choices.push({ name: 'Remove a tag here', value: 'untag' });
      choices.push({ name: 'Stop (resume here next time)', value: 'stop' });
      const action = await ask.select<Action>({ message: `${turns[i]!.id}:`, choices, default: 'next' });
      if (action === 'stop') {
        stop('Stopped.');
        return 0;
      }
      if (action === 'next') {
        if (i === turns.length - 1) {
          stop('That was the last turn.');
          return 0;
        }
        i++;
      } else if (action === 'back') i = Math.max(0, i - 1);
      else if (action === 'goto') {
        const target = await ask.input({
          message: 'Turn id (e.g. t12):',
          validate: (v) => (turns.some((t) => t.id === v.trim()) ? true : `no turn '${v.trim()}' in this transcript`),
        });
        i = turns.findIndex((t) => t.id === target.trim());
      } else if (action === 'untag') {
        const gone = await ask.checkbox<number>({
          message: 'Remove which tags?',
          choices: here.map((t, k) => ({
            name: `${t.code}${t.words && t.before !== undefined ? ` "${clip(t.words, 50)}"` : ''}`,
            value: k,
          })),
        });
        const drop = gone.map((k) => here[k]!);
        if (drop.length) {
          removeTags(s.dir, observer, (t) => drop.some((d) => samePassage(d, t)));
          mine = mine.filter((t) => !drop.some((d) => samePassage(d, t)));
          o.line(`Removed ${drop.length} tag(s).`);
        }
      } else {
        const made = await tagTurn();
        if (made.length) {
          // Decided on the file as it is now: the same observer may be tagging in another terminal.
          const saved = addTags(s.dir, id, observer, (have) => made.filter((t) => !have.some((h) => samePassage(h, t))));
          mine.push(...saved);
          added += saved.length;
        }
      }
    }
  } catch (e) {
    // Ctrl+C: the tags are already saved; keep the place too.
    if (e instanceof Cancelled) {
      stop('Cancelled.');
      return 130;
    }
    throw e;
  }

  async function tagTurn(): Promise<Tag[]> {
    const known = codeIndex({ codes });
    const picked = await ask.pickCodes({
      message: 'Codes (type to filter, space to tick, enter when done):',
      choices: treeOrder(codes).map((c) => ({
        name: `${c.code}  ${o.style.dim(codeLabel(c))}`,
        value: c.code,
        description: c.description ?? '',
      })),
      isNewCode: (typed) => CODE_PATH_RE.test(typed) && !known.has(typed),
    });
    const fresh = picked.filter((c) => !known.has(c));
    for (const c of fresh) {
      checkCodePath(c);
      const description = await ask.input({ message: `New code ${c}: what does it mean? (optional)` });
      const add = withParents(known.keys(), [description.trim() ? { code: c, description: description.trim() } : { code: c }]);
      appendCodes(p.root, add);
      codes.push(...add);
      for (const a of add) known.set(a.code, a);
    }
    const turn = turns[i]!;
    const scope = await ask.select<'whole' | 'words' | 'run'>({
      message: 'Which part?',
      choices: [
        { name: 'The whole turn', value: 'whole' },
        { name: 'Only some words', value: 'words' },
        { name: 'This turn through a later one', value: 'run' },
      ],
      default: 'whole',
    });
    let words: string | undefined;
    let to: string | undefined;
    if (scope === 'words') {
      words = await ask.input({
        message: 'The exact words (copy them from the turn):',
        validate: (v) => (findInTurn(turn, v) ? true : 'those words are not in this turn'),
      });
    } else if (scope === 'run') {
      to = (
        await ask.input({
          message: 'Through which turn? (e.g. t14)',
          validate: (v) => {
            const k = turns.findIndex((t) => t.id === v.trim());
            return k > i ? true : k === i ? 'that is this turn; choose a later one' : `no later turn '${v.trim()}'`;
          },
        })
      ).trim();
    }
    const marks = await ask.checkbox<TagMark>({
      message: 'Marks (space to tick, enter to go on):',
      choices: TAG_MARKS.map((m) => ({ name: MARK_NAMES[m], value: m })),
    });
    const memo = await ask.input({ message: 'Memo (optional):' });
    const made = picked.map((code) => {
      const req: Parameters<typeof makeTag>[2] = { turn: turn.id, code, marks };
      if (words !== undefined) req.words = words;
      if (to !== undefined) req.to = to;
      if (memo.trim()) req.memo = memo;
      return makeTag(turns, { codes }, req);
    });
    return made.filter((t) => !mine.some((m) => samePassage(m, t)));
  }
}

const MARK_NAMES: Record<TagMark, string> = {
  quote: 'quote: worth quoting',
  consensus: 'consensus: the group agreed',
  minority: 'minority: a view few held',
  dissent: 'dissent: disagreement voiced',
};

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const w of para.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + w.length > width) {
        out.push(line);
        line = w;
      } else line = line ? `${line} ${w}` : w;
    }
    out.push(line);
  }
  return out;
}
