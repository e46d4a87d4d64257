// The guide for a group's next session: the last guide, with the previous summary presented for
// validation first, and the summary's contested points and open questions added as questions,
// so the talk goes deeper where the group left off. The moderator edits it from there.
import type { Feedback, Guide, Lang, Question } from './model.js';
import { latestResponses } from './feedback.js';
import type { Summary } from './summary.js';

export interface NextGuideInput {
  id: string;
  lang: Lang;
  last?: Guide;
  summary?: { session: string; number: number; summary: Summary; feedback?: Feedback };
  number: number;
  groupName: string;
}

export interface NextGuide {
  guide: Omit<Guide, 'id'>;
  /** Where each added question came from: a point or open question of the summary. */
  added: { question: string; from: string; kind: 'contested' | 'open' }[];
}

const W = {
  nb: {
    title: (g: string, n: number) => `${g}, samling ${n}`,
    present:
      'Her er oppsummeringen fra forrige samling. Jeg leser den punkt for punkt. Kjenner dere dere igjen, er noe feil, og mangler det noe?',
    presentProbes: ['Er det et punkt som ikke stemmer med det dere mente?', 'Har dere tenkt mer på noe av dette siden sist?'],
    contested: (t: string) => `Sist var det ulike syn på «${t}». Hvor står dere nå?`,
    contestedProbes: ['Hva er det dere er uenige om, og hva er dere enige om?', 'Har noe skjedd siden sist som har endret synet?'],
    corrected: (t: string) => `Dere rettet på «${t}» sist. Har vi forstått det riktig nå?`,
    from: (s: string, id: string) => `Fra oppsummeringen av ${s} (${id}).`,
    intro: (n: number) => `Samling ${n}. Vi starter med oppsummeringen fra sist og går videre der vi slapp.`,
  },
  en: {
    title: (g: string, n: number) => `${g}, session ${n}`,
    present:
      "Here is the summary from last time. I'll read it point by point. Do you recognise it, is anything wrong, and is anything missing?",
    presentProbes: ['Is there a point that does not match what you meant?', 'Have you thought more about any of this since last time?'],
    contested: (t: string) => `Last time you saw “${t}” differently. Where do you stand now?`,
    contestedProbes: ['What do you disagree about, and what do you agree on?', 'Has anything happened since that changed your view?'],
    corrected: (t: string) => `You corrected “${t}” last time. Have we got it right now?`,
    from: (s: string, id: string) => `From the summary of ${s} (${id}).`,
    intro: (n: number) => `Session ${n}. We start with the summary from last time and go on from where we left off.`,
  },
} as const;

const EARLY = new Set(['opening', 'introductory']);

export function nextGuide(input: NextGuideInput): NextGuide {
  const w = W[input.lang];
  const last = input.last;
  const early: Question[] = [];
  const rest: Question[] = [];
  for (const q of last?.questions ?? []) (EARLY.has(q.kind) || q.presents === 'summary' ? early : rest).push({ ...q });
  if (input.summary && !early.some((q) => q.presents === 'summary'))
    early.push({ id: '', kind: 'introductory', presents: 'summary', text: w.present, minutes: 15, probes: [...w.presentProbes] });

  const added: NextGuide['added'] = [];
  const deeper: Question[] = [];
  if (input.summary) {
    const { session, summary, feedback } = input.summary;
    const responses = latestResponses(feedback);
    for (const t of summary.themes)
      for (const p of t.points) {
        if (!p.id) continue;
        const r = responses.get(p.id);
        const contested = p.standing === 'dissent' || r?.response === 'rejected';
        const corrected = r?.response === 'corrected';
        if (!contested && !corrected) continue;
        deeper.push({
          id: '',
          kind: 'key',
          text: contested ? w.contested(p.title) : w.corrected(p.title),
          minutes: 10,
          ...(contested ? { probes: [...w.contestedProbes] } : {}),
          note: w.from(session, p.id),
        });
        added.push({ question: '', from: p.id, kind: 'contested' });
      }
    for (const o of summary.open) {
      deeper.push({ id: '', kind: 'key', text: o.text, minutes: 10, note: w.from(session, o.id ?? '') });
      added.push({ question: '', from: o.id ?? '', kind: 'open' });
    }
  }
  const endings = rest.filter((q) => q.kind === 'ending');
  const middle = rest.filter((q) => q.kind !== 'ending');
  const questions = [...early, ...deeper, ...middle, ...endings].map((q, i) => ({ ...q, id: `q${i + 1}` }));
  // Ids are given last; the added questions are the ones after the early ones.
  added.forEach((a, i) => (a.question = `q${early.length + i + 1}`));
  const guide: Omit<Guide, 'id'> = {
    title: w.title(input.groupName, input.number),
    language: input.lang,
    intro: w.intro(input.number),
    questions,
  };
  if (last?.description) guide.description = last.description;
  return { guide, added };
}
