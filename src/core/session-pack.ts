// The moderator's pack for a session: at a glance, the checklist, who is expected, the guide with
// its clock, the previous summary laid out to be validated point by point, the other groups'
// latest summaries, and a field-note sheet for the observer. Pure: builds the document model.
import { markdownBlocks } from '../doc/from-markdown.js';
import { bold, heading, italic, para, plain, text, type Doc, type DocBlock, type Inline } from '../doc/model.js';
import { categoryLabel } from './categories.js';
import { responseLabel } from './feedback.js';
import { RESPONSE_KINDS, sessionDate, type ConsentStatus, type Guide, type Lang, type Manifest, type Session } from './model.js';
import type { Summary } from './summary.js';
import { longDate } from './wording.js';

export interface PackPerson {
  code: string;
  category: string;
  consent?: ConsentStatus;
  /** Only in the moderator's own copy (--with-names). */
  name?: string;
}

export interface PackSummary {
  groupName: string;
  session: Session;
  summary: Summary;
}

export interface PackInput {
  lang: Lang;
  manifest: Manifest;
  session: Session;
  groupName: string;
  guide?: Guide;
  /** Expected attendees: those listed on the session, else the group's active participants. */
  people: PackPerson[];
  previous?: PackSummary;
  /** The previous session, when it has no summary yet. */
  previousMissing?: Session;
  others: PackSummary[];
  withNames: boolean;
}

const W = {
  nb: {
    title: (g: string, n: number) => `Samlingsmappe: ${g}, samling ${n}`,
    names: 'Moderatorens eget eksemplar med navn. Skal ikke lagres i prosjektet eller deles.',
    glance: 'Kort om samlingen',
    date: 'Dato',
    place: 'Sted',
    duration: 'Varighet',
    minutes: (n: number) => `${n} minutter`,
    moderator: 'Moderator',
    observers: 'Observatører',
    guide: 'Intervjuguide',
    planned: (n: number) => `${n} minutter planlagt i guiden`,
    checklist: 'Sjekkliste',
    consentAll: (n: number) => `Samtykke: alle ${n} forventede deltakere har gitt skriftlig samtykke.`,
    consentMissing: (c: string, s: string) => `Samtykke: ${c} ${s}. Avklar før samlingen starter.`,
    consentState: { pending: 'har ikke svart ennå', declined: 'har takket nei', missing: 'er ikke registrert' },
    recording: [
      'Opptaker testet, med batteri og lagringsplass nok; reserveopptaker med.',
      'Opptaket startes og klokkeslettet noteres (fokus observe holder tida for observatøren).',
      'Minn om at navn byttes ut med koder i utskriften, og at det er frivillig å svare.',
    ],
    roles: (m: string, o: string) => `Roller: ${m} leder samtalen; ${o} noterer dynamikk og sitater og passer tida.`,
    room: (s: string) => `Rommet: ${s}. Bord i ring, vann og noe å spise, navnelapper med fornavn.`,
    roomNone: 'Rommet: bord i ring, vann og noe å spise, navnelapper med fornavn.',
    previousRead: (n: number) => `Oppsummeringen fra samling ${n} er skrevet ut til alle.`,
    people: 'Deltakere',
    code: 'Kode',
    name: 'Navn',
    category: 'Kategori',
    consent: 'Samtykke',
    present: 'Til stede',
    consentLabel: { given: 'gitt', pending: 'venter', declined: 'nei', missing: 'mangler' },
    question: 'Spørsmål',
    probes: 'Oppfølgingsspørsmål',
    kinds: { opening: 'Åpning', introductory: 'Innledning', transition: 'Overgang', key: 'Nøkkelspørsmål', ending: 'Avslutning' },
    seeSummary: 'Les opp oppsummeringen fra forrige samling her, punkt for punkt (se neste del).',
    summaryTitle: (n: number, d: string) => `Oppsummeringen fra samling ${n}${d ? ` (${d})` : ''}`,
    summaryHow:
      'Les ett punkt om gangen og spør om gruppa kjenner seg igjen. Kryss av for svaret og noter hvem som sa hva. Etterpå føres det inn med fokus feedback.',
    tick: (id: string) => `${id}: ${RESPONSE_KINDS.map((k) => `☐ ${responseLabel(k, 'nb')}`).join('   ')}`,
    who: 'Hvem / hva ble sagt:',
    added: 'Nye punkter fra gruppa',
    openQ: 'Åpne spørsmål fra sist',
    noSummary: (n: number) => `Samling ${n} har ingen oppsummering ennå. Lag den med fokus summarize før samlingen.`,
    others: 'Fra de andre gruppene',
    othersHow: 'Gruppene får vite hva de andre har kommet fram til. Dette er de siste oppsummeringene.',
    otherTitle: (g: string, n: number, d: string) => `${g}, samling ${n}${d ? ` (${d})` : ''}`,
    sheet: 'Feltnotater (observatør)',
    sheetHow: 'Noter tid, hvem (kode), hva slags notat (S = sitat, D = dynamikk, O = oppfølging, M = moderering) og notatet.',
    time: 'Tid',
    who2: 'Hvem',
    kind: 'Type',
    note: 'Notat',
    dynamics: 'Gruppedynamikk: hvem snakket mye, hvem lite, stemning, uenighet som ikke ble sagt høyt',
    followUp: 'Å følge opp til neste samling',
  },
  en: {
    title: (g: string, n: number) => `Session pack: ${g}, session ${n}`,
    names: "The moderator's own copy with names. Do not store it in the project or share it.",
    glance: 'At a glance',
    date: 'Date',
    place: 'Place',
    duration: 'Length',
    minutes: (n: number) => `${n} minutes`,
    moderator: 'Moderator',
    observers: 'Observers',
    guide: 'Guide',
    planned: (n: number) => `${n} minutes planned in the guide`,
    checklist: 'Checklist',
    consentAll: (n: number) => `Consent: all ${n} expected participants have given written consent.`,
    consentMissing: (c: string, s: string) => `Consent: ${c} ${s}. Settle this before the session starts.`,
    consentState: { pending: 'has not answered yet', declined: 'has declined', missing: 'is not recorded' },
    recording: [
      'Recorder tested, with enough battery and storage; a spare recorder at hand.',
      'Start the recording and note the time (fokus observe keeps the time for the observer).',
      'Remind everyone that names are replaced with codes in the transcript, and that answering is voluntary.',
    ],
    roles: (m: string, o: string) => `Roles: ${m} leads the talk; ${o} notes dynamics and quotes and keeps the time.`,
    room: (s: string) => `Room: ${s}. Tables in a circle, water and something to eat, first-name tags.`,
    roomNone: 'Room: tables in a circle, water and something to eat, first-name tags.',
    previousRead: (n: number) => `The summary of session ${n} printed for everyone.`,
    people: 'Participants',
    code: 'Code',
    name: 'Name',
    category: 'Category',
    consent: 'Consent',
    present: 'Present',
    consentLabel: { given: 'given', pending: 'pending', declined: 'declined', missing: 'missing' },
    question: 'Question',
    probes: 'Probes',
    kinds: { opening: 'Opening', introductory: 'Introductory', transition: 'Transition', key: 'Key question', ending: 'Ending' },
    seeSummary: "Read the previous session's summary here, point by point (see the next part).",
    summaryTitle: (n: number, d: string) => `The summary of session ${n}${d ? ` (${d})` : ''}`,
    summaryHow:
      'Read one point at a time and ask whether the group recognises it. Tick the answer and note who said what. Afterwards, enter it with fokus feedback.',
    tick: (id: string) => `${id}: ${RESPONSE_KINDS.map((k) => `☐ ${responseLabel(k, 'en')}`).join('   ')}`,
    who: 'Who / what was said:',
    added: 'New points from the group',
    openQ: 'Open questions from last time',
    noSummary: (n: number) => `Session ${n} has no summary yet. Draft it with fokus summarize before the session.`,
    others: 'From the other groups',
    othersHow: 'The groups hear what the others have arrived at. These are their latest summaries.',
    otherTitle: (g: string, n: number, d: string) => `${g}, session ${n}${d ? ` (${d})` : ''}`,
    sheet: 'Field notes (observer)',
    sheetHow: 'Note the time, who (code), the kind of note (Q = quote, D = dynamics, F = follow-up, M = moderation) and the note.',
    time: 'Time',
    who2: 'Who',
    kind: 'Kind',
    note: 'Note',
    dynamics: 'Group dynamics: who spoke much, who little, the mood, disagreement left unsaid',
    followUp: 'To follow up at the next session',
  },
} as const;

function clock(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

function summaryBlocks(s: Summary, w: (typeof W)[Lang], forValidation: boolean, level: 2 | 3): DocBlock[] {
  const sub = (level + 1) as 3 | 4;
  const out: DocBlock[] = [];
  for (const t of s.themes) {
    if (!t.points.length) continue;
    out.push(heading(level, t.title));
    for (const p of t.points) {
      out.push(heading(sub, `${p.id ? `${p.id} · ` : ''}${p.title}`));
      if (p.standing && p.meta) out.push({ kind: 'paragraph', content: [italic(p.meta)], style: 'small' });
      out.push(...markdownBlocks(p.text).map((b) => (b.kind === 'heading' ? { ...b, level: 4 as const } : b)));
      for (const q of p.quotes)
        out.push(q.by ? { kind: 'quote', content: text(q.text), by: q.by } : { kind: 'quote', content: text(q.text) });
      if (forValidation && p.id) {
        out.push(para(w.tick(p.id)));
        out.push({ kind: 'paragraph', content: [italic(w.who)], style: 'small' }, { kind: 'lines', count: 2 });
      }
    }
  }
  if (s.open.length) {
    out.push(heading(level, w.openQ));
    out.push({ kind: 'list', items: s.open.map((o) => text(o.text)) });
  }
  if (forValidation) {
    out.push(heading(level, w.added), { kind: 'lines', count: 4 });
  }
  return out;
}

export function buildSessionPack(input: PackInput): Doc {
  const { lang, manifest: m, session: s } = input;
  const w = W[lang];
  const team = m.team ?? [];
  const blocks: DocBlock[] = [];
  if (input.withNames) blocks.push(para(bold(w.names)));

  // At a glance.
  const moderator = s.moderator ?? team.find((t) => t.roles.includes('moderator'))?.code ?? '';
  const observers = s.observers?.length ? s.observers : team.filter((t) => t.roles.includes('observer')).map((t) => t.code);
  // The team by code in the project's copy: the key may hold researchers' names too (a recording
  // names the moderator), and the leak check holds every file in the project to it.
  const teamName = (c: string) => {
    const t = team.find((x) => x.code === c);
    return input.withNames && t?.name ? `${c} (${t.name})` : c;
  };
  const planned = (input.guide?.questions ?? []).reduce((n, q) => n + (q.minutes ?? 0), 0);
  const date = sessionDate(s);
  const rows: Inline[][] = [];
  if (date) rows.push([text(w.date), text(longDate(date, lang))]);
  if (s.setting) rows.push([text(w.place), text(s.setting)]);
  if (s.duration || planned)
    rows.push([
      text(w.duration),
      text([s.duration ? w.minutes(s.duration) : '', planned ? `(${w.planned(planned)})` : ''].filter(Boolean).join(' ')),
    ]);
  if (moderator) rows.push([text(w.moderator), text(teamName(moderator))]);
  if (observers.length) rows.push([text(w.observers), text(observers.map(teamName).join(', '))]);
  if (input.guide) rows.push([text(w.guide), text(input.guide.title)]);
  blocks.push(heading(1, w.glance), { kind: 'table', header: ['', ''], rows, widths: [1, 3] });

  // Checklist.
  const missing = input.people.filter((p) => p.consent !== 'given');
  const consent: Inline[] = missing.length
    ? missing.map((p) =>
        text(w.consentMissing(p.code, w.consentState[p.consent === 'pending' || p.consent === 'declined' ? p.consent : 'missing'])),
      )
    : [text(w.consentAll(input.people.length))];
  const items: Inline[] = [
    ...consent,
    ...w.recording.map(text),
    text(w.roles(moderator || '—', observers.join(', ') || '—')),
    text(s.setting ? w.room(s.setting) : w.roomNone),
  ];
  if (input.previous) items.push(text(w.previousRead(input.previous.session.number)));
  blocks.push(heading(1, w.checklist), { kind: 'checklist', items });

  // Who is expected.
  const header = input.withNames ? [w.code, w.name, w.category, w.consent, w.present] : [w.code, w.category, w.consent, w.present];
  blocks.push(heading(1, w.people), {
    kind: 'table',
    header,
    widths: input.withNames ? [1, 3, 2, 1.2, 1] : [1, 2, 1.2, 1],
    rows: input.people.map((p) => [
      text(p.code),
      ...(input.withNames ? [text(p.name ?? '')] : []),
      text(categoryLabel(m, p.category, lang)),
      text(w.consentLabel[p.consent ?? 'missing']),
      text('☐'),
    ]),
  });

  // The guide, with a clock.
  if (input.guide) {
    const g = input.guide;
    blocks.push(heading(1, `${w.guide}: ${g.title}`));
    if (g.intro) blocks.push(para(g.intro));
    let at = 0;
    for (const q of g.questions) {
      const span = q.minutes ? `${clock(at)}–${clock(at + q.minutes)}` : clock(at);
      blocks.push(heading(2, `${q.id} · ${span} · ${w.kinds[q.kind]}${q.minutes ? ` (${w.minutes(q.minutes)})` : ''}`));
      blocks.push(para(bold(q.text)));
      if (q.presents === 'summary' && input.previous) blocks.push(para(italic(w.seeSummary)));
      if (q.probes?.length)
        blocks.push({ kind: 'paragraph', content: [italic(`${w.probes}:`)] }, { kind: 'list', items: q.probes.map(text) });
      if (q.note) blocks.push({ kind: 'paragraph', content: [italic(q.note)], style: 'small' });
      at += q.minutes ?? 0;
    }
  }

  // The previous summary, to validate.
  if (input.previous) {
    const prev = input.previous;
    blocks.push({ kind: 'pageBreak' });
    blocks.push(heading(1, w.summaryTitle(prev.session.number, prev.session.held ? longDate(prev.session.held, lang) : '')));
    blocks.push(para(italic(w.summaryHow)));
    blocks.push(...summaryBlocks(prev.summary, w, true, 2));
  } else if (input.previousMissing) {
    blocks.push(heading(1, w.summaryTitle(input.previousMissing.number, '')), para(italic(w.noSummary(input.previousMissing.number))));
  }

  if (input.others.length) {
    blocks.push({ kind: 'pageBreak' }, heading(1, w.others), para(italic(w.othersHow)));
    for (const o of input.others) {
      blocks.push(heading(2, w.otherTitle(o.groupName, o.session.number, o.session.held ? longDate(o.session.held, lang) : '')));
      blocks.push(...summaryBlocks(o.summary, w, false, 3));
    }
  }

  // The observer's sheet.
  blocks.push({ kind: 'pageBreak' }, heading(1, w.sheet), { kind: 'paragraph', content: [plain(w.sheetHow)], style: 'small' });
  blocks.push({
    kind: 'table',
    header: [w.time, w.who2, w.kind, w.note],
    widths: [1, 1, 0.8, 6],
    writeIn: true,
    rows: Array.from({ length: 12 }, () => [text(''), text(''), text(''), text('')]),
  });
  blocks.push(heading(2, w.dynamics), { kind: 'lines', count: 4 }, heading(2, w.followUp), { kind: 'lines', count: 3 });

  const doc: Doc = {
    title: w.title(input.groupName, s.number),
    lang,
    blocks,
    description: m.title,
  };
  const sub = [date ? longDate(date, lang) : '', s.setting ?? ''].filter(Boolean).join(' · ');
  if (sub) doc.subtitle = sub;
  const lead = team.find((t) => t.roles.includes('lead'));
  if (lead?.name && input.withNames) doc.author = lead.name;
  return doc;
}
