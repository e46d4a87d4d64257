// The COREQ checklist (consolidated criteria for reporting qualitative research, 32 items in three
// domains) as an appendix of a milestone report. Each item is answered from the project where the
// project holds the facts, from the project lead's own answer (reports/coreq.yaml) where one is
// given, and otherwise flagged for the lead. Pure: the caller gathers the facts from the store.
import type { Lang } from './model.js';
import { formatNumber, listOf } from './wording.js';

export interface CoreqFacts {
  team: { code: string; name?: string; roles: ('moderator' | 'observer' | 'lead')[]; affiliation?: string }[];
  /** The methodological approach as the manifest states it, e.g. 'action research'. */
  approach?: string;
  groups: { name: string; site?: string; participants: number; byCategory: { label: string; n: number }[] }[];
  /** Participants in scope. */
  participants: number;
  withdrawn: number;
  declined: number;
  pendingConsent: number;
  sessions: {
    held: number;
    perGroup: { group: string; held: number }[];
    first?: string;
    last?: string;
    /** Minutes, one per session whose duration is known. */
    durations: number[];
    settings: string[];
    withObservers: number;
  };
  guides: { title: string; questions: number }[];
  /** Sessions with a verbatim transcript. */
  transcripts: number;
  /** Observers' live field notes. */
  fieldNotes: number;
  /** Observer codes that tagged transcripts. */
  coders: string[];
  /** E.g. "Krippendorff's alpha 0,78" when measured, else undefined. */
  agreement?: string;
  codebook: { codes: number; topLevel: number; depth: number };
  /** Result themes reported. */
  themes: string[];
  points: { shared: number; minority: number; dissent: number };
  validation: { presented: number; confirmed: number; corrected: number; nuanced: number; rejected: number; added: number };
  /** Quotes in the report, attributed by category and group. */
  quotes: number;
  /** E.g. 'fokus 0.1.0'. */
  software: string;
}

export interface CoreqItem {
  n: number;
  domain: string;
  topic: string;
  item: string;
  guide: string;
}

export interface CoreqRow extends CoreqItem {
  answer: string;
  filled: 'project' | 'lead' | 'missing';
}

/** Items only the project lead can answer: the project records nothing about them. */
export const COREQ_LEAD_ONLY: readonly number[] = [2, 4, 5, 6, 7, 8, 10, 11, 22, 30];

type Text = Record<Lang, string>;

const DOMAINS: Record<1 | 2 | 3, Text> = {
  1: { nb: 'Forskerteam og refleksivitet', en: 'Research team and reflexivity' },
  2: { nb: 'Studiedesign', en: 'Study design' },
  3: { nb: 'Analyse og funn', en: 'Analysis and findings' },
};

type TopicKey = 'personal' | 'relationship' | 'framework' | 'selection' | 'setting' | 'collection' | 'analysis' | 'reporting';

const TOPICS: Record<TopicKey, { domain: 1 | 2 | 3 } & Text> = {
  personal: { domain: 1, nb: 'Personlige kjennetegn', en: 'Personal characteristics' },
  relationship: { domain: 1, nb: 'Forholdet til deltakerne', en: 'Relationship with participants' },
  framework: { domain: 2, nb: 'Teoretisk rammeverk', en: 'Theoretical framework' },
  selection: { domain: 2, nb: 'Utvalg av deltakere', en: 'Participant selection' },
  setting: { domain: 2, nb: 'Rammer for datainnsamlingen', en: 'Setting' },
  collection: { domain: 2, nb: 'Datainnsamling', en: 'Data collection' },
  analysis: { domain: 3, nb: 'Dataanalyse', en: 'Data analysis' },
  reporting: { domain: 3, nb: 'Rapportering', en: 'Reporting' },
};

// [topic, nb item, nb guide, en item, en guide], in item order 1–32.
const ITEMS: [TopicKey, string, string, string, string][] = [
  ['personal', 'Intervjuer/moderator', 'Hvem ledet fokusgruppene?', 'Interviewer/facilitator', 'Who led the focus groups?'],
  [
    'personal',
    'Faglige kvalifikasjoner',
    'Hvilken utdanning og hvilke faglige kvalifikasjoner hadde forskerne?',
    'Credentials',
    'What degrees or professional qualifications did the researchers hold?',
  ],
  [
    'personal',
    'Stilling',
    'Hvilken stilling og arbeidsplass hadde forskerne mens studien pågikk?',
    'Occupation',
    'What position and workplace did the researchers have while the study ran?',
  ],
  ['personal', 'Kjønn', 'Hvilket kjønn hadde forskerne?', 'Gender', 'What gender were the researchers?'],
  [
    'personal',
    'Erfaring og opplæring',
    'Hvilken opplæring i eller erfaring med kvalitativ metode hadde forskerne?',
    'Experience and training',
    'What training in, or experience with, qualitative methods did the researchers have?',
  ],
  [
    'relationship',
    'Etablert relasjon',
    'Kjente forskerne deltakerne før studien startet?',
    'Relationship established',
    'Did the researchers know the participants before the study began?',
  ],
  [
    'relationship',
    'Deltakernes kjennskap til intervjueren',
    'Hva fikk deltakerne vite om forskerne og om hvorfor studien ble gjort?',
    'Participant knowledge of the interviewer',
    'What were the participants told about the researchers and about why the study was done?',
  ],
  [
    'relationship',
    'Kjennetegn ved intervjueren',
    'Hvilke forforståelser, interesser eller mulige skjevheter hos forskerne er beskrevet?',
    'Interviewer characteristics',
    'Which assumptions, interests or possible biases of the researchers are described?',
  ],
  [
    'framework',
    'Metodologisk tilnærming og teori',
    'Hvilken metodologisk tilnærming bygger studien på?',
    'Methodological orientation and theory',
    'Which methodological approach does the study build on?',
  ],
  [
    'selection',
    'Utvalgsstrategi',
    'Etter hvilken strategi ble deltakerne valgt ut?',
    'Sampling',
    'By what strategy were the participants chosen?',
  ],
  [
    'selection',
    'Rekruttering',
    'Hvordan ble deltakerne kontaktet og invitert?',
    'Method of approach',
    'How were the participants contacted and invited?',
  ],
  ['selection', 'Utvalgsstørrelse', 'Hvor mange deltok?', 'Sample size', 'How many people took part?'],
  [
    'selection',
    'Frafall',
    'Hvor mange takket nei eller trakk seg, og hvorfor?',
    'Non-participation',
    'How many declined or withdrew, and why?',
  ],
  ['setting', 'Sted for datainnsamlingen', 'Hvor ble samlingene holdt?', 'Setting of data collection', 'Where were the sessions held?'],
  [
    'setting',
    'Andre til stede',
    'Var andre enn deltakerne og moderator til stede under samlingene?',
    'Presence of non-participants',
    'Was anyone besides the participants and the moderator present during the sessions?',
  ],
  ['setting', 'Beskrivelse av utvalget', 'Hvordan er utvalget sammensatt?', 'Description of sample', 'How is the sample composed?'],
  [
    'collection',
    'Intervjuguide',
    'Hvilken guide ble brukt, og ble den prøvd ut eller endret underveis?',
    'Interview guide',
    'Which guide was used, and was it tried out or changed along the way?',
  ],
  [
    'collection',
    'Gjentatte intervjuer',
    'Møttes gruppene flere ganger, og i så fall hvor ofte?',
    'Repeat interviews',
    'Did the groups meet more than once, and if so how often?',
  ],
  [
    'collection',
    'Lyd- og videoopptak',
    'Hvordan ble samlingene dokumentert – med lyd, bilde eller på annen måte?',
    'Audio/visual recording',
    'How were the sessions documented – with sound, video or otherwise?',
  ],
  [
    'collection',
    'Feltnotater',
    'Ble det skrevet notater under eller etter samlingene?',
    'Field notes',
    'Were notes written during or after the sessions?',
  ],
  ['collection', 'Varighet', 'Hvor lenge varte samlingene?', 'Duration', 'How long did the sessions last?'],
  [
    'collection',
    'Datametning',
    'Er det drøftet om mer data ville ha tilført noe nytt?',
    'Data saturation',
    'Is it discussed whether more data would have added anything new?',
  ],
  [
    'collection',
    'Transkripsjoner returnert',
    'Fikk deltakerne kommentere eller rette det som ble skrevet ned fra samlingene?',
    'Transcripts returned',
    'Could the participants comment on or correct what was written down from the sessions?',
  ],
  ['analysis', 'Antall kodere', 'Hvor mange personer kodet materialet?', 'Number of data coders', 'How many people coded the material?'],
  [
    'analysis',
    'Beskrivelse av kodetreet',
    'Er oppbygningen av kodene beskrevet?',
    'Description of the coding tree',
    'Is the structure of the codes described?',
  ],
  [
    'analysis',
    'Utledning av temaer',
    'Ble temaene bestemt på forhånd, eller vokste de fram av materialet?',
    'Derivation of themes',
    'Were the themes set in advance, or did they emerge from the material?',
  ],
  [
    'analysis',
    'Programvare',
    'Hvilket verktøy ble brukt til å organisere dataene?',
    'Software',
    'Which tool was used to organise the data?',
  ],
  [
    'analysis',
    'Deltakersjekk',
    'Fikk deltakerne gi respons på funnene?',
    'Participant checking',
    'Could the participants respond to the findings?',
  ],
  [
    'reporting',
    'Presenterte sitater',
    'Brukes sitater til å belyse funnene, og hvordan er de merket?',
    'Quotations presented',
    'Are quotations used to illustrate the findings, and how are they labelled?',
  ],
  [
    'reporting',
    'Samsvar mellom data og funn',
    'Underbygger de presenterte dataene funnene?',
    'Data and findings consistent',
    'Do the data presented support the findings?',
  ],
  [
    'reporting',
    'Tydelige hovedtemaer',
    'Kommer hovedtemaene tydelig fram?',
    'Clarity of major themes',
    'Are the main themes clearly presented?',
  ],
  [
    'reporting',
    'Tydelige mindre temaer',
    'Beskrives avvikende syn og mindre framtredende temaer?',
    'Clarity of minor themes',
    'Are divergent views and less prominent themes described?',
  ],
];

/** The 32 items in the language, numbered 1–32. */
export function coreqItems(lang: Lang): CoreqItem[] {
  return ITEMS.map(([topic, nbItem, nbGuide, enItem, enGuide], i) => {
    const t = TOPICS[topic];
    return {
      n: i + 1,
      domain: DOMAINS[t.domain][lang],
      topic: t[lang],
      item: lang === 'nb' ? nbItem : enItem,
      guide: lang === 'nb' ? nbGuide : enGuide,
    };
  });
}

/** Numbers as the language writes them, without a trailing `,0`: `102,5`, `110`. */
const num = (n: number, lang: Lang) => formatNumber(n, lang).replace(/[.,]0$/, '');

// Nouns that need counting, singular and plural.
const NOUNS = {
  nb: {
    participant: ['deltaker', 'deltakere'],
    group: ['gruppe', 'grupper'],
    session: ['samling', 'samlinger'],
    question: ['spørsmål', 'spørsmål'],
    transcript: ['ordrett transkripsjon', 'ordrette transkripsjoner'],
    notes: ['sett med feltnotater', 'sett med feltnotater'],
    coder: ['koder', 'kodere'],
    code: ['kode', 'koder'],
    level: ['nivå', 'nivåer'],
    theme: ['hovedtema', 'hovedtemaer'],
    quote: ['sitat', 'sitater'],
    point: ['punkt', 'punkter'],
    minute: ['minutt', 'minutter'],
    shared: ['felles punkt', 'felles punkter'],
    minority: ['minoritetssyn', 'minoritetssyn'],
    dissent: ['punkt med uenighet', 'punkter med uenighet'],
  },
  en: {
    participant: ['participant', 'participants'],
    group: ['group', 'groups'],
    session: ['session', 'sessions'],
    question: ['question', 'questions'],
    transcript: ['verbatim transcript', 'verbatim transcripts'],
    notes: ['set of field notes', 'sets of field notes'],
    coder: ['coder', 'coders'],
    code: ['code', 'codes'],
    level: ['level', 'levels'],
    theme: ['major theme', 'major themes'],
    quote: ['quotation', 'quotations'],
    point: ['point', 'points'],
    minute: ['minute', 'minutes'],
    shared: ['shared point', 'shared points'],
    minority: ['minority view', 'minority views'],
    dissent: ['point of dissent', 'points of dissent'],
  },
} as const;

type Noun = keyof (typeof NOUNS)['nb'];

function missing(n: number, lang: Lang): string {
  return lang === 'nb'
    ? `Fylles ut av prosjektleder (reports/coreq.yaml, punkt ${n}).`
    : `To be filled in by the project lead (reports/coreq.yaml, item ${n}).`;
}

/**
 * The checklist with an answer for every item: the lead's own answer where one is given
 * (`answers[n]`, kept in reports/coreq.yaml), else what the project's facts say, else a flag
 * asking the lead to fill it in.
 */
export function fillCoreq(facts: CoreqFacts, lang: Lang, answers: Record<number, string> = {}): CoreqRow[] {
  const fromProject = projectAnswers(facts, lang);
  return coreqItems(lang).map((item): CoreqRow => {
    const lead = answers[item.n]?.trim();
    if (lead) return { ...item, answer: lead, filled: 'lead' };
    const own = fromProject[item.n];
    if (own) return { ...item, answer: own, filled: 'project' };
    return { ...item, answer: missing(item.n, lang), filled: 'missing' };
  });
}

/** What the facts can say, by item number; an item the facts cannot answer is left out. */
function projectAnswers(f: CoreqFacts, lang: Lang): Partial<Record<number, string>> {
  const nb = lang === 'nb';
  const n = (x: number) => num(x, lang);
  const count = (x: number, noun: Noun) => `${n(x)} ${NOUNS[lang][noun][x === 1 ? 0 : 1]}`;
  const who = (code: string) => {
    const m = f.team.find((t) => t.code === code);
    return m?.name ? `${m.name} (${code})` : code;
  };
  const withRole = (role: 'moderator' | 'observer') => f.team.filter((t) => t.roles.includes(role)).map((t) => who(t.code));
  const q = (s: string) => (nb ? `«${s}»` : `“${s}”`);
  const out: Partial<Record<number, string>> = {};

  // 1 Interviewer/facilitator
  const moderators = withRole('moderator');
  if (moderators.length) {
    const observers = withRole('observer');
    const led = nb
      ? `Samlingene ble ledet av ${listOf(moderators, lang)} som ${moderators.length === 1 ? 'moderator' : 'moderatorer'}`
      : `The sessions were led by ${listOf(moderators, lang)} as ${moderators.length === 1 ? 'moderator' : 'moderators'}`;
    const obs = !observers.length
      ? ''
      : nb
        ? `, med ${listOf(observers, lang)} som ${observers.length === 1 ? 'observatør' : 'observatører'}`
        : `, with ${listOf(observers, lang)} as ${observers.length === 1 ? 'observer' : 'observers'}`;
    out[1] = `${led}${obs}.`;
  }

  // 3 Occupation: the team's affiliations
  const byAffiliation = new Map<string, string[]>();
  for (const t of f.team) {
    const a = t.affiliation?.trim();
    if (a) byAffiliation.set(a, [...(byAffiliation.get(a) ?? []), t.code]);
  }
  if (byAffiliation.size) {
    const places = listOf(
      [...byAffiliation].map(([a, codes]) => `${a} (${codes.join(', ')})`),
      lang,
    );
    out[3] = nb ? `Forskerteamet var tilknyttet ${places}.` : `The research team was affiliated with ${places}.`;
  }

  // 9 Methodological orientation
  const approach = f.approach?.trim();
  if (approach) out[9] = nb ? `Studien er lagt opp som ${approach}.` : `The study is designed as ${approach}.`;

  // 12 Sample size
  if (f.participants > 0) {
    const groups = f.groups.filter((g) => g.participants > 0);
    const total = count(f.participants, 'participant');
    const spread = listOf(
      groups.map((g) => `${g.name} (${n(g.participants)})`),
      lang,
    );
    const only = groups.length === 1 ? groups[0]!.name : undefined;
    out[12] = !groups.length
      ? nb
        ? `Utvalget besto av ${total}.`
        : `The sample comprised ${total}.`
      : only !== undefined
        ? nb
          ? `Utvalget besto av ${total}, alle i gruppa ${only}.`
          : `The sample comprised ${total}, all in the group ${only}.`
        : nb
          ? `Utvalget besto av ${total}, fordelt på ${count(groups.length, 'group')}: ${spread}.`
          : `The sample comprised ${total} in ${count(groups.length, 'group')}: ${spread}.`;
  }

  // 13 Non-participation
  if (f.participants > 0 || f.withdrawn > 0 || f.declined > 0) {
    const parts: string[] = [];
    if (f.withdrawn === 0 && f.declined === 0)
      parts.push(nb ? 'Ingen av de inviterte takket nei, og ingen trakk seg underveis.' : 'No one invited declined, and no one withdrew.');
    else
      parts.push(
        nb
          ? `${n(f.declined)} takket nei til å delta, og ${n(f.withdrawn)} trakk seg underveis.`
          : `${n(f.declined)} declined to take part, and ${n(f.withdrawn)} withdrew during the study.`,
      );
    if (f.pendingConsent > 0)
      parts.push(
        nb ? `For ${n(f.pendingConsent)} er samtykket ennå ikke registrert.` : `Consent is not yet recorded for ${n(f.pendingConsent)}.`,
      );
    out[13] = parts.join(' ');
  }

  // 14 Setting
  const settings = [...new Set(f.sessions.settings.map((s) => s.trim()).filter(Boolean))];
  if (settings.length)
    out[14] = nb
      ? `Samlingene ble holdt på ${settings.length === 1 ? 'dette stedet' : 'disse stedene'}: ${listOf(settings, lang)}.`
      : `The sessions were held in ${settings.length === 1 ? 'this setting' : 'these settings'}: ${listOf(settings, lang)}.`;

  // 15 Presence of non-participants
  const held = f.sessions.held;
  if (held > 0)
    out[15] =
      f.sessions.withObservers > 0
        ? nb
          ? `Observatører fra forskerteamet var til stede i ${n(f.sessions.withObservers)} av ${count(held, 'session')}, i tillegg til moderator og deltakerne.`
          : `Observers from the research team were present in ${n(f.sessions.withObservers)} of ${count(held, 'session')}, besides the moderator and the participants.`
        : nb
          ? `Ingen observatører var til stede i ${held === 1 ? 'samlingen' : `de ${n(held)} samlingene`}.`
          : `No observers were present in ${held === 1 ? 'the session' : `the ${n(held)} sessions`}.`;

  // 16 Description of sample
  const described = f.groups.filter((g) => g.byCategory.some((c) => c.n > 0) || g.participants > 0);
  if (described.length) {
    const lines = described.map((g) => {
      const name = g.site ? `${g.name} (${g.site})` : g.name;
      const cats = g.byCategory.filter((c) => c.n > 0);
      return `${name}: ${cats.length ? cats.map((c) => `${c.label} ${n(c.n)}`).join(', ') : count(g.participants, 'participant')}`;
    });
    out[16] = nb
      ? `Utvalget fordelte seg slik etter gruppe og deltakerkategori – ${lines.join('; ')}.`
      : `The sample by group and participant category – ${lines.join('; ')}.`;
  }

  // 17 Interview guide
  if (f.guides.length) {
    const guides = listOf(
      f.guides.map((g) => `${q(g.title)} (${count(g.questions, 'question')})`),
      lang,
    );
    out[17] =
      f.guides.length === 1
        ? nb
          ? `Samlingene fulgte intervjuguiden ${guides}.`
          : `The sessions followed the interview guide ${guides}.`
        : nb
          ? `Det ble brukt ${n(f.guides.length)} intervjuguider: ${guides}.`
          : `${n(f.guides.length)} interview guides were used: ${guides}.`;
  }

  // 18 Repeat interviews
  if (held > 0) {
    const period =
      f.sessions.first && f.sessions.last && f.sessions.first !== f.sessions.last
        ? nb
          ? `, i perioden ${f.sessions.first} til ${f.sessions.last}`
          : `, from ${f.sessions.first} to ${f.sessions.last}`
        : '';
    const per = f.sessions.perGroup.filter((g) => g.held > 0);
    const repeated = per.some((g) => g.held > 1);
    const perText = listOf(
      per.map((g) => `${g.group}: ${count(g.held, 'session')}`),
      lang,
    );
    out[18] = !per.length
      ? nb
        ? `Det ble holdt ${count(held, 'session')}${period}.`
        : `${count(held, 'session')} ${held === 1 ? 'was' : 'were'} held${period}.`
      : per.length === 1
        ? nb
          ? `Gruppa ${per[0]!.group} møttes til ${count(held, 'session')}${period}.`
          : `The group ${per[0]!.group} met for ${count(held, 'session')}${period}.`
        : repeated
          ? nb
            ? `Gruppene møttes til gjentatte fokusgruppesamlinger – ${perText} – til sammen ${count(held, 'session')}${period}.`
            : `The groups met for repeated focus-group sessions – ${perText} – ${count(held, 'session')} in all${period}.`
          : nb
            ? `Hver gruppe møttes én gang – til sammen ${count(held, 'session')}${period}.`
            : `Each group met once – ${count(held, 'session')} in all${period}.`;
  }

  // 19 Audio/visual recording
  if (f.transcripts > 0)
    out[19] = nb
      ? `Samlingene ble tatt opp og transkribert ordrett. Prosjektet har ${count(f.transcripts, 'transcript')}${held > 0 ? ` fra ${count(held, 'session')}` : ''}.`
      : `The sessions were recorded and transcribed verbatim. The project holds ${count(f.transcripts, 'transcript')}${held > 0 ? ` from ${count(held, 'session')}` : ''}.`;

  // 20 Field notes
  if (f.fieldNotes > 0)
    out[20] = nb
      ? `Observatørene skrev feltnotater underveis i samlingene; prosjektet har ${count(f.fieldNotes, 'notes')}.`
      : `The observers wrote field notes during the sessions; the project holds ${count(f.fieldNotes, 'notes')}.`;

  // 21 Duration
  const durations = f.sessions.durations.filter((d) => Number.isFinite(d) && d > 0);
  if (durations.length) {
    const min = Math.min(...durations);
    const max = Math.max(...durations);
    const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
    const based =
      durations.length < held
        ? nb
          ? ` (${n(durations.length)} av ${count(held, 'session')} har registrert varighet)`
          : ` (${n(durations.length)} of ${count(held, 'session')} have a recorded duration)`
        : '';
    out[21] =
      durations.length === 1
        ? nb
          ? `Samlingen varte ${count(min, 'minute')}${based}.`
          : `The session lasted ${count(min, 'minute')}${based}.`
        : min === max
          ? nb
            ? `Samlingene varte ${count(min, 'minute')} hver${based}.`
            : `The sessions lasted ${count(min, 'minute')} each${based}.`
          : nb
            ? `Samlingene varte fra ${n(min)} til ${count(max, 'minute')}, i gjennomsnitt ${count(mean, 'minute')}${based}.`
            : `The sessions lasted from ${n(min)} to ${count(max, 'minute')}, ${count(mean, 'minute')} on average${based}.`;
  }

  // 23 Transcripts returned: the summaries validated at the next session
  const v = f.validation;
  if (v.presented > 0)
    out[23] = nb
      ? `Transkripsjonene ble ikke returnert. I stedet ble en skriftlig oppsummering av samlingene lagt fram for gruppa til validering på neste samling, der deltakerne kunne bekrefte, korrigere, nyansere eller avvise hvert punkt og legge til det som manglet. Til sammen ble ${count(v.presented, 'point')} lagt fram.`
      : `The transcripts were not returned. Instead a written summary of the sessions was presented to the group for validation at its next session, where the participants could confirm, correct, nuance or reject each point and add what was missing. In all, ${count(v.presented, 'point')} ${v.presented === 1 ? 'was' : 'were'} presented.`;

  // 24 Number of data coders
  const coders = [...new Set(f.coders)];
  if (coders.length) {
    const agreement = f.agreement?.trim();
    const by = listOf(coders.map(who), lang);
    const measured = agreement
      ? nb
        ? ` Samsvaret mellom koderne ble målt (${agreement}).`
        : ` Agreement between the coders was measured (${agreement}).`
      : coders.length === 1
        ? ''
        : nb
          ? ' Samsvaret mellom koderne er ikke målt.'
          : ' Agreement between the coders has not been measured.';
    out[24] = nb
      ? `Transkripsjonene ble kodet av ${count(coders.length, 'coder')}: ${by}.${measured}`
      : `The transcripts were coded by ${count(coders.length, 'coder')}: ${by}.${measured}`;
  }

  // 25 Description of the coding tree
  const cb = f.codebook;
  if (cb.codes > 0)
    out[25] = nb
      ? `Kodeboka har ${count(cb.codes, 'code')}, hvorav ${n(cb.topLevel)} på øverste nivå, i inntil ${count(cb.depth, 'level')}. Hele kodeboka er gjengitt i eget vedlegg.`
      : `The codebook has ${count(cb.codes, 'code')}, ${n(cb.topLevel)} of them at the top level, in up to ${count(cb.depth, 'level')}. The full codebook is given in a separate appendix.`;

  // 26 Derivation of themes
  if (f.themes.length)
    out[26] = nb
      ? `Temaene tok utgangspunkt i intervjuguiden og forskningsspørsmålene og ble bearbeidet videre i valideringssløyfen, der gruppene bekreftet, korrigerte og nyanserte oppsummeringene. Rapporten presenterer ${count(f.themes.length, 'theme')}.`
      : `The themes started from the interview guide and the research questions and were refined in the validation loop, where the groups confirmed, corrected and nuanced the summaries. The report presents ${count(f.themes.length, 'theme')}.`;

  // 27 Software
  const software = f.software.trim();
  if (software)
    out[27] = nb
      ? `Data ble organisert, kodet og analysert med ${software}.`
      : `The data were organised, coded and analysed with ${software}.`;

  // 28 Participant checking: communicative validation
  if (v.presented > 0 || v.added > 0) {
    const responses = nb
      ? `${n(v.confirmed)} bekreftet, ${n(v.corrected)} korrigert, ${n(v.nuanced)} nyansert og ${n(v.rejected)} avvist`
      : `${n(v.confirmed)} ${v.confirmed === 1 ? 'was' : 'were'} confirmed, ${n(v.corrected)} corrected, ${n(v.nuanced)} nuanced and ${n(v.rejected)} rejected`;
    const added = nb
      ? v.added > 0
        ? `Gruppene la i tillegg til ${count(v.added, 'point')}.`
        : 'Gruppene la ikke til nye punkter.'
      : v.added > 0
        ? `The groups also added ${count(v.added, 'point')}.`
        : 'The groups added no new points.';
    out[28] = nb
      ? `Deltakerne ga respons på funnene gjennom kommunikativ validering: av ${count(v.presented, 'point')} som ble lagt fram, ble ${responses}. ${added}`
      : `The participants responded to the findings through communicative validation: of the ${count(v.presented, 'point')} presented, ${responses}. ${added}`;
  }

  // 29 Quotations presented
  if (f.quotes > 0)
    out[29] = nb
      ? `Rapporten har ${count(f.quotes, 'quote')} fra deltakerne. ${f.quotes === 1 ? 'Sitatet' : 'Hvert sitat'} er merket med deltakerkategori og gruppe, aldri med navn.`
      : `The report has ${count(f.quotes, 'quote')} from the participants. ${f.quotes === 1 ? 'It is' : 'Each is'} labelled with participant category and group, never with a name.`;

  // 31 Clarity of major themes
  if (f.themes.length)
    out[31] = nb
      ? `Rapporten presenterer ${count(f.themes.length, 'theme')}: ${listOf(f.themes, lang)}.`
      : `The report presents ${count(f.themes.length, 'theme')}: ${listOf(f.themes, lang)}.`;

  // 32 Clarity of minor themes
  const p = f.points;
  if (p.shared + p.minority + p.dissent > 0)
    out[32] = nb
      ? `Minoritetssyn og uenighet er holdt atskilt fra det gruppene var enige om: ${count(p.shared, 'shared')}, ${count(p.minority, 'minority')} og ${count(p.dissent, 'dissent')}.`
      : `Minority views and dissent are kept apart from what the groups agreed on: ${count(p.shared, 'shared')}, ${count(p.minority, 'minority')} and ${count(p.dissent, 'dissent')}.`;

  return out;
}
