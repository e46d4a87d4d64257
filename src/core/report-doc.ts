// The report model laid out as a document: the milestone note for the team and the services
// (`full`), or the short plain-language version fed back to the participants (`participants`).
// Every figure comes from the model; the lead's own texts (foreword, background, conclusion,
// recommendations, COREQ answers) come from the project. Pure: no files, no formats.
import type { BarChart, TimelineChart } from '../charts/model.js';
import { markdownBlocks } from '../doc/from-markdown.js';
import { bold, heading, italic, para, plain, text, type Doc, type DocBlock } from '../doc/model.js';
import { fillCoreq, type CoreqFacts } from './coreq.js';
import { responseLabel } from './feedback.js';
import type { Lang, QuestionKind, ResponseKind } from './model.js';
import type { Audience, ReportModel, ReportPoint, ReportTheme } from './report-model.js';
import { capitalise as cap, listOf, longDate } from './wording.js';

/** Texts the lead writes; `missing` names the file to write when there is none. */
export interface LeadText {
  text?: string;
  missing?: string;
}

export interface LeadTexts {
  foreword: LeadText;
  background: LeadText;
  conclusion: LeadText;
  recommendations: LeadText;
  /** COREQ answers by item number. */
  coreq: Record<number, string>;
  coreqFile: string;
}

export interface ReportDocInput {
  model: ReportModel;
  audience: Audience;
  texts: LeadTexts;
  software: string;
  /** Whether this report is checked against the key before it is written (said in the ethics section). */
  leakChecked: boolean;
}

const WORDS = {
  nb: ['null', 'én', 'to', 'tre', 'fire', 'fem', 'seks', 'sju', 'åtte', 'ni', 'ti', 'elleve', 'tolv'],
  en: ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'],
};

/** Numbers up to twelve in words, as both languages' style guides ask in running text. */
export function num(n: number, lang: Lang): string {
  return Number.isInteger(n) && n >= 0 && n <= 12 ? WORDS[lang][n]! : String(n);
}

const W = {
  nb: {
    kicker: { milestone: 'Milepælsnotat', report: 'Rapport', participants: 'Tilbakemelding til deltakerne' },
    contents: 'Innhold',
    foreword: 'Forord',
    intro: 'Innledning',
    background: 'Bakgrunn',
    purpose: 'Formål',
    rqs: 'Forskningsspørsmål',
    rqsLead: (n: number) => `Prosjektet har ${n === 1 ? 'ett forskningsspørsmål' : `${num(n, 'nb')} forskningsspørsmål`}:`,
    method: 'Metode',
    design: 'Design',
    approach: (a: string | undefined, groups: number, per: string) =>
      `Prosjektet er gjennomført som ${a === 'action research' || !a ? 'aksjonsforskning' : a} med fokusgrupper i flere trinn: ${groups === 1 ? 'den samme gruppa' : `de samme ${num(groups, 'nb')} gruppene`} møttes ${per} ganger over tid. Etter hver samling skrev forskerne en oppsummering i et enkelt språk som alle kan forstå, med sitater, og la den fram for gruppa på neste samling. Der bekreftet, korrigerte eller nyanserte gruppa den før samtalen gikk videre (kommunikativ validering).`,
    phases: 'Prosjektet var delt i disse fasene:',
    phase: 'Fase',
    period: 'Periode',
    conduct: 'Gjennomføring',
    conductText: (n: number, groups: number, from: string, to: string) =>
      `Det ble holdt ${num(n, 'nb')} samlinger i ${num(groups, 'nb')} ${groups === 1 ? 'gruppe' : 'grupper'} fra ${from} til ${to}.`,
    spacing: (min: number, max: number, mean: number) =>
      min === max
        ? ` Det gikk ${weeks(min, 'nb')} mellom samlingene i samme gruppe.`
        : ` Det gikk fra ${Math.round(min / 7)} til ${Math.round(max / 7)} uker mellom to samlinger i samme gruppe, i gjennomsnitt ${Math.round(mean / 7)} uker.`,
    group: 'Gruppe',
    session: 'Samling',
    date: 'Dato',
    guide: 'Guide',
    present: 'Til stede',
    minutes: 'Minutter',
    timeline: (n: number) => `Figur ${n}. Samlingene i hver gruppe over tid, med prosjektets faser og milepæler.`,
    timelineAlt: 'Tidslinje med én linje per gruppe og én prikk per samling.',
    participants: 'Deltakere',
    participantsText: (total: string, groups: string) => `${cap(total)} deltok, ${groups}.`,
    withdrawn: (n: number) => ` ${n === 1 ? 'Én deltaker' : `${n} deltakere`} trakk seg underveis.`,
    total: 'I alt',
    roles: 'Roller',
    rolesText: (mod: string, obs: string) =>
      `${mod} ledet samtalene som moderator. ${obs} var observatør${obs.includes(' og ') ? 'er' : ''} og kodet transkripsjonene etterpå.`,
    name: 'Navn',
    role: 'Rolle',
    affiliation: 'Tilknytning',
    roleNames: { moderator: 'moderator', observer: 'observatør', lead: 'prosjektleder' },
    guides: 'Intervjuguider',
    guidesText:
      'Hver samling fulgte en intervjuguide som gikk fra innledende spørsmål via nøkkelspørsmål til en avslutning. Guidene står i vedlegg A.',
    guideUsed: (title: string, sessions: string) => `${title} (${sessions})`,
    talk: 'Hvem som snakket',
    talkText:
      'Figurene viser hvor stor del av deltakernes ord hver deltaker sto for på hver samling. Moderatoren og observatørene er ikke regnet med. 0 % betyr at deltakeren ikke sa noe eller ikke var til stede.',
    talkFig: (n: number, g: string) => `Figur ${n}. Andel av deltakernes ord per deltaker og samling, ${g}.`,
    talkAlt: (g: string) => `Stablede søyler, én per samling i ${g}, delt etter deltakernes andel av ordene.`,
    analysis: 'Analyse',
    analysisText: (t: number, tags: number, obs: string, codes: number, top: number) =>
      `Samlingene ble tatt opp og transkribert ordrett, med koder i stedet for navn (${num(t, 'nb')} transkripsjoner). ${obs} kodet transkripsjonene med en felles kodebok på ${codes} koder, hvorav ${num(top, 'nb')} på øverste nivå. Til sammen ble det gjort ${tags} kodinger. Kodeboka med frekvenser står i vedlegg B.`,
    notesText: (n: number) => ` Observatørene skrev ${n} feltnotater underveis i samlingene.`,
    summariesText:
      'Etter hver samling ble samtalen kortet ned til en oppsummering på hverdagsspråk: hva gruppa var enige om, hvor det var mindretallssyn eller uenighet, og sitater som viser bredden.',
    codeFig: (n: number, g: string) => `Figur ${n}. Kodinger per kode på øverste nivå og samling, ${g}.`,
    codeAlt: (g: string) => `Liggende søyler per kode, én per samling i ${g}.`,
    validation: 'Validering',
    validationText: (presented: number, c: Record<ResponseKind | 'added', number>) =>
      `${cap(num(presented, 'nb'))} ${presented === 1 ? 'oppsummering' : 'oppsummeringer'} med i alt ${c.confirmed + c.corrected + c.nuanced + c.rejected} punkter ble lagt fram for gruppene. Gruppene bekreftet ${c.confirmed} av punktene, korrigerte ${c.corrected}, nyanserte ${c.nuanced} og avviste ${c.rejected || 'ingen'}, og de la til ${c.added} nye punkter. Valideringsloggen står i vedlegg C.`,
    notValidated: (n: number) =>
      ` Oppsummeringene fra de siste samlingene er ikke lagt fram for gruppene (${n === 1 ? 'ett punkt' : `${n} punkter`}); de er merket «ikke lagt fram» i resultatene.`,
    response: 'Svar',
    added: 'lagt til',
    ethics: 'Etikk og personvern',
    consentText: (given: number, total: number) =>
      given === total
        ? `Alle ${total} deltakerne ga skriftlig informert samtykke.`
        : `${given} av ${total} deltakere har gitt skriftlig informert samtykke; for de øvrige er samtykket ikke registrert som gitt.`,
    pseudonymText:
      'Deltakerne er pseudonymisert: transkripsjonene har koder i stedet for navn, og koblingsnøkkelen som kobler koder til navn, oppbevares for seg og er aldri med i noe som deles. Sitatene i rapporten er merket bare med kategori og gruppe.',
    leakText:
      'Før rapporten ble lagret, ble hele teksten kontrollert mot navnelista, slik at ingen navn eller andre kjennetegn fra lista står i den.',
    results: 'Resultater',
    resultsText: (points: number, quotes: number) =>
      `Resultatene er ordnet etter forskningsspørsmålene. Under hvert tema står først det gruppene var enige om, og så mindretallssyn og uenighet. Teksten er oppsummeringene (${points} punkter), slik gruppene validerte dem der de ble lagt fram, med ${quotes} sitater merket med kategori og gruppe.`,
    resultsForeign: '',
    themeCount: (points: number, sessions: number, groups: string) =>
      `Temaet bygger på ${points === 1 ? 'ett punkt' : `${num(points, 'nb')} punkter`} fra ${sessions === 1 ? 'én samling' : `${num(sessions, 'nb')} samlinger`} i ${groups}.`,
    shared: 'Felles syn',
    minority: 'Mindretallssyn og uenighet',
    sessionOf: (g: string, n: number, d?: string) => `${g}, samling ${n}${d ? ` (${d})` : ''}`,
    standing: { minority: 'mindretallssyn', dissent: 'uenighet' },
    responded: (r: ResponseKind, at: number) => `${responseLabel(r, 'nb')} på samling ${at}`,
    addedAt: (at: number) => `lagt til av gruppa på samling ${at}`,
    pending: 'ikke lagt fram',
    summary: 'Oppsummering',
    summaryList: 'Temaene i kortform:',
    themeLine: (t: string, s: number, m: number) =>
      `${t}: ${s} ${s === 1 ? 'punkt' : 'punkter'} med felles syn${m ? `, ${m} med mindretallssyn eller uenighet` : ''}.`,
    recommendations: 'Anbefalinger',
    appendix: (l: string, t: string) => `Vedlegg ${l}: ${t}`,
    codebook: 'Kodebok med frekvenser',
    codebookText: 'Antall kodinger per kode og gruppe. Tallet for en overordnet kode omfatter også kodene under den.',
    code: 'Kode',
    description: 'Beskrivelse',
    log: 'Valideringslogg',
    logText: 'Hvert svar gruppene ga på oppsummeringene, i den rekkefølgen punktene ble lagt fram.',
    point: 'Punkt',
    at: 'Ved',
    by: 'Av',
    note: 'Merknad',
    rejectedText: (n: number) => `${n === 1 ? 'Ett punkt' : `${n} punkter`} ble avvist av gruppa og er ikke med i resultatene.`,
    coreq: 'COREQ-sjekkliste',
    coreqText: (file: string) =>
      `Sjekklisten for rapportering av kvalitativ forskning (COREQ, 32 punkter). Svarene er hentet fra prosjektet der det går; punkter merket ⚑ må fylles ut av prosjektleder i ${file}.`,
    coreqIntro:
      'COREQ (Consolidated criteria for reporting qualitative research) er en sjekkliste med 32 punkter for rapportering av intervju- og fokusgruppestudier.',
    item: 'Punkt',
    answer: 'Svar',
    flag: '⚑ ',
    kinds: {
      opening: 'åpningsspørsmål',
      introductory: 'innledende spørsmål',
      transition: 'overgangsspørsmål',
      key: 'nøkkelspørsmål',
      ending: 'avslutning',
    } as Record<QuestionKind, string>,
    minutesOf: (n: number) => `${n} min`,
    probes: 'Oppfølging',
    missing: (what: string, file: string) => `[${what} mangler: skriv teksten i ${file}.]`,
    about: 'Om prosjektet',
    aboutText: (n: number, groups: number, from: string, to: string) =>
      `Vi møttes ${num(n, 'nb')} ganger i ${groups === 1 ? 'gruppa' : `hver av de ${num(groups, 'nb')} gruppene`}, fra ${from} til ${to}. Etter hver samling skrev vi ned det vi hørte, og på neste samling rettet og utfylte dere det. Her står det vi skrev, slik dere har rettet og utfylt det. Under hvert punkt står det om dere bekreftet, rettet eller nyanserte det. Si fra til oss hvis noe ikke stemmer.`,
    aboutPrivacy:
      'Ingen er nevnt med navn. Noen steder står det koder som P1 og P8 i stedet for navn. Når vi siterer noen, skriver vi bare om det var en brukerrepresentant eller en ansatt, og i hvilken kommune.',
    thanks: 'Takk',
    thanksText: 'Takk for at dere delte erfaringene deres, og for at dere rettet på oss når vi hadde misforstått.',
    software: (s: string) => `Rapporten er satt sammen fra prosjektets filer med programmet ${s}.`,
    periodOf: (a: string, b: string) => `${a} – ${b}`,
  },
  en: {
    kicker: { milestone: 'Milestone note', report: 'Report', participants: 'Feedback to participants' },
    contents: 'Contents',
    foreword: 'Foreword',
    intro: 'Introduction',
    background: 'Background',
    purpose: 'Purpose',
    rqs: 'Research questions',
    rqsLead: (n: number) => `The project has ${n === 1 ? 'one research question' : `${num(n, 'en')} research questions`}:`,
    method: 'Method',
    design: 'Design',
    approach: (a: string | undefined, groups: number, per: string) =>
      `The project was carried out as ${a ?? 'action research'} with multi-stage focus groups: ${groups === 1 ? 'the same group' : `the same ${num(groups, 'en')} groups`} met ${per} times over the course of the project. After each session the researchers wrote a summary in plain, everyday language, with quotes, and presented it to the group at the next session, where the group confirmed, corrected or qualified it before the discussion moved on (communicative validation).`,
    phases: 'The project ran in these phases:',
    phase: 'Phase',
    period: 'Period',
    conduct: 'Sessions',
    conductText: (n: number, groups: number, from: string, to: string) =>
      `${cap(num(n, 'en'))} sessions were held in ${num(groups, 'en')} ${groups === 1 ? 'group' : 'groups'} from ${from} to ${to}.`,
    spacing: (min: number, max: number, mean: number) =>
      min === max
        ? ` Sessions in the same group were ${weeks(min, 'en')} apart.`
        : ` Sessions in the same group were between ${Math.round(min / 7)} and ${Math.round(max / 7)} weeks apart, ${Math.round(mean / 7)} weeks on average.`,
    group: 'Group',
    session: 'Session',
    date: 'Date',
    guide: 'Guide',
    present: 'Present',
    minutes: 'Minutes',
    timeline: (n: number) => `Figure ${n}. Each group's sessions over time, with the project's phases and milestones.`,
    timelineAlt: 'A timeline with one line per group and one dot per session.',
    participants: 'Participants',
    participantsText: (total: string, groups: string) => `${cap(total)} took part, ${groups}.`,
    withdrawn: (n: number) => ` ${n === 1 ? 'One participant' : `${n} participants`} withdrew along the way.`,
    total: 'Total',
    roles: 'Roles',
    rolesText: (mod: string, obs: string) =>
      `${mod} led the sessions as moderator. ${obs} ${obs.includes(' and ') ? 'were observers' : 'was the observer'} and coded the transcripts afterwards.`,
    name: 'Name',
    role: 'Role',
    affiliation: 'Affiliation',
    roleNames: { moderator: 'moderator', observer: 'observer', lead: 'project lead' },
    guides: 'Interview guides',
    guidesText:
      'Each session followed an interview guide that went from introductory questions through key questions to an ending. The guides are in Appendix A.',
    guideUsed: (title: string, sessions: string) => `${title} (${sessions})`,
    talk: 'Who spoke',
    talkText:
      "The figures show each participant's share of the participants' words in each session. The moderator and observers are not counted. 0% means the participant said nothing or was not there.",
    talkFig: (n: number, g: string) => `Figure ${n}. Share of the participants' words by participant and session, ${g}.`,
    talkAlt: (g: string) => `Stacked bars, one per session in ${g}, divided by each participant's share of the words.`,
    analysis: 'Analysis',
    analysisText: (t: number, tags: number, obs: string, codes: number, top: number) =>
      `The sessions were recorded and transcribed verbatim, with codes in place of names (${num(t, 'en')} transcripts). ${obs} coded the transcripts with a shared codebook of ${codes} codes, ${num(top, 'en')} of them at the top level: ${tags.toLocaleString('en-GB')} coded segments in all. The codebook with frequencies is in Appendix B.`,
    notesText: (n: number) => ` The observers wrote ${n} field notes during the sessions.`,
    summariesText:
      'After each session the discussion was condensed into a plain-language summary: what the group agreed on, where there were minority views or disagreement, and quotes that show the range.',
    codeFig: (n: number, g: string) => `Figure ${n}. Coded segments by top-level code and session, ${g}.`,
    codeAlt: (g: string) => `Horizontal bars by code, one per session in ${g}.`,
    validation: 'Validation',
    validationText: (presented: number, c: Record<ResponseKind | 'added', number>) =>
      `${cap(num(presented, 'en'))} ${presented === 1 ? 'summary' : 'summaries'} with ${c.confirmed + c.corrected + c.nuanced + c.rejected} points in all ${presented === 1 ? 'was' : 'were'} presented to the groups. The groups confirmed ${c.confirmed} of the points, corrected ${c.corrected}, qualified ${c.nuanced} and rejected ${c.rejected || 'none'}, and added ${c.added} new ones. The validation log is in Appendix C.`,
    notValidated: (n: number) =>
      ` The summaries of the latest sessions have not been presented to the groups (${n === 1 ? 'one point' : `${n} points`}); the results mark them ‘not presented’.`,
    response: 'Response',
    added: 'added',
    ethics: 'Ethics and privacy',
    consentText: (given: number, total: number) =>
      given === total
        ? `All ${total} participants gave written informed consent.`
        : `${given} of ${total} participants have given written informed consent; for the others consent is not recorded as given.`,
    pseudonymText:
      'Participants are pseudonymised: the transcripts hold codes instead of names, and the key linking codes to names is kept separately and never included in anything shared. Quotes in this report are attributed by category and group only.',
    leakText:
      'Before this report was saved, its full text was checked against the list of names, so that no name or other listed identifier appears in it.',
    results: 'Results',
    resultsText: (points: number, quotes: number) =>
      `The results follow the research questions. Under each theme, what the groups agreed on comes first, followed by minority views and disagreement. The text is the summaries (${points} points), as the groups validated them where they were presented, with ${quotes} quotes attributed by category and group.`,
    resultsForeign: ' Summaries and quotes are given in the language they were written and spoken in.',
    themeCount: (points: number, sessions: number, groups: string) =>
      `The theme rests on ${points === 1 ? 'one point' : `${num(points, 'en')} points`} from ${sessions === 1 ? 'one session' : `${num(sessions, 'en')} sessions`} in ${groups}.`,
    shared: 'Shared views',
    minority: 'Minority views and disagreement',
    sessionOf: (g: string, n: number, d?: string) => `${g}, session ${n}${d ? ` (${d})` : ''}`,
    standing: { minority: 'minority view', dissent: 'disagreement' },
    responded: (r: ResponseKind, at: number) => `${responseLabel(r, 'en')} at session ${at}`,
    addedAt: (at: number) => `added by the group at session ${at}`,
    pending: 'not presented',
    summary: 'Summary',
    summaryList: 'The themes in brief:',
    themeLine: (t: string, s: number, m: number) =>
      `${t}: ${s} ${s === 1 ? 'point' : 'points'} with a shared view${m ? `, ${m} with a minority view or disagreement` : ''}.`,
    recommendations: 'Recommendations',
    appendix: (l: string, t: string) => `Appendix ${l}: ${t}`,
    codebook: 'Codebook with frequencies',
    codebookText: 'Codings per code and group. The figure for a code includes the codes under it.',
    code: 'Code',
    description: 'Description',
    log: 'Validation log',
    logText: 'Every response the groups gave to the summaries, in the order the points were presented.',
    point: 'Point',
    at: 'At',
    by: 'By',
    note: 'Note',
    rejectedText: (n: number) => `${n === 1 ? 'One point was' : `${n} points were`} rejected by the group and are not in the results.`,
    coreq: 'COREQ checklist',
    coreqText: (file: string) =>
      `The consolidated criteria for reporting qualitative research (COREQ, 32 items). Answers come from the project where it holds them; items marked ⚑ are for the project lead to fill in, in ${file}.`,
    coreqIntro:
      'COREQ (consolidated criteria for reporting qualitative research) is a 32-item checklist for reporting interview and focus-group studies.',
    item: 'Item',
    answer: 'Answer',
    flag: '⚑ ',
    kinds: { opening: 'opening', introductory: 'introductory', transition: 'transition', key: 'key question', ending: 'ending' } as Record<
      QuestionKind,
      string
    >,
    minutesOf: (n: number) => `${n} min`,
    probes: 'Probes',
    missing: (what: string, file: string) => `[${what} missing: write the text in ${file}.]`,
    about: 'About the project',
    aboutText: (n: number, groups: number, from: string, to: string) =>
      `We met ${num(n, 'en')} times in ${groups === 1 ? 'the group' : `each of the ${num(groups, 'en')} groups`}, from ${from} to ${to}. After each session we wrote down what we heard, and at the next session you checked it and put right what we had got wrong. Here is what we wrote, as you corrected and added to it. Under each point it says whether you confirmed, corrected or qualified it. Tell us if anything is not right.`,
    aboutPrivacy:
      'Nobody is named. In some places codes such as P1 and P8 stand in for names. When we quote someone, we say only whether it was a user representative or a member of staff, and in which municipality.',
    thanks: 'Thank you',
    thanksText: 'Thank you for sharing your experience, and for correcting us when we had misunderstood.',
    software: (s: string) => `This report was compiled from the project's files using ${s}.`,
    periodOf: (a: string, b: string) => `${a} – ${b}`,
  },
};

function weeks(days: number, lang: Lang): string {
  const w = Math.round(days / 7);
  if (lang === 'nb') return w === 1 ? 'én uke' : `${num(w, 'nb')} uker`;
  return w === 1 ? 'one week' : `${num(w, 'en')} weeks`;
}

/** Builds the report document and lists the lead's texts that are still to be written. */
export function reportDoc(input: ReportDocInput): { doc: Doc; missing: string[] } {
  const { model: m, audience } = input;
  const lang = m.lang;
  const w = W[lang];
  const missing: string[] = [];
  const blocks: DocBlock[] = [];
  const date = (iso?: string) => (iso ? longDate(iso, lang) : '');
  let figure = 0;

  const lead = (t: LeadText, what: string, shift = 1): DocBlock[] => {
    if (t.text?.trim()) return markdownBlocks(t.text, shift);
    if (t.missing) missing.push(t.missing);
    return [para(italic(w.missing(what, t.missing ?? '')))];
  };

  const authors = m.team.filter((t) => t.name).map((t) => t.name!);
  const affiliations = [...new Set(m.team.map((t) => t.affiliation).filter((a): a is string => !!a))];
  // The last milestone is the final report, not a milestone note.
  const final = m.milestone && m.milestones.at(-1)?.id === m.milestone.id;
  const kicker = audience === 'participants' ? w.kicker.participants : m.milestone && !final ? w.kicker.milestone : w.kicker.report;
  const doc: Doc = {
    title: m.title,
    lang,
    titlePage: {
      kicker,
      lines: [...(m.title !== m.projectTitle ? [m.projectTitle] : []), listOf(authors, lang), ...affiliations, date(m.date)].filter(
        Boolean,
      ),
    },
    blocks,
  };
  if (m.subtitle) doc.subtitle = m.subtitle;
  if (authors.length) doc.author = listOf(authors, lang);
  doc.description = `${kicker}: ${m.projectTitle}`;

  const sessionsHeld = m.sessions.filter((s) => s.held);
  const periodFrom = date(m.period?.from);
  const periodTo = date(m.period?.to);

  if (audience === 'participants') {
    blocks.push(heading(1, w.about));
    if (m.purpose) blocks.push(para(purposeSentence(m.purpose, lang)));
    if (m.period) blocks.push(para(w.aboutText(sessionsHeld.length, m.groups.length, periodFrom, periodTo)));
    blocks.push(para(w.aboutPrivacy));
    results(blocks, m, lang, false);
    blocks.push(heading(1, w.summary), ...lead(input.texts.conclusion, w.summary));
    blocks.push(heading(1, w.recommendations), ...lead(input.texts.recommendations, w.recommendations));
    blocks.push(heading(1, w.thanks), para(w.thanksText));
    return { doc, missing };
  }

  blocks.push({ kind: 'toc', title: w.contents, depth: 2 }, { kind: 'pageBreak' });
  blocks.push(heading(1, w.foreword), ...lead(input.texts.foreword, w.foreword));

  // Introduction
  blocks.push(heading(1, w.intro), heading(2, w.background), ...lead(input.texts.background, w.background, 2));
  if (m.purpose) blocks.push(heading(2, w.purpose), para(m.purpose));
  if (m.researchQuestions.length)
    blocks.push(heading(2, w.rqs), para(w.rqsLead(m.researchQuestions.length)), {
      kind: 'list',
      ordered: true,
      items: m.researchQuestions.map((q) => text(q.text)),
    });

  // Method
  const perGroup = [...new Set(m.groups.map((g) => g.held))];
  blocks.push(
    heading(1, w.method),
    heading(2, w.design),
    para(
      w.approach(
        m.approach,
        m.groups.length,
        listOf(
          perGroup.map((n) => num(n, lang)),
          lang,
        ),
      ),
    ),
  );
  const phases = m.phases.filter((p) => p.from || p.to);
  if (phases.length)
    blocks.push(para(w.phases), {
      kind: 'table',
      header: [w.phase, w.period],
      widths: [3, 2],
      rows: phases.map((p) => [text(p.name), text(w.periodOf(date(p.from), date(p.to)))]),
    });

  blocks.push(heading(2, w.conduct));
  if (m.period)
    blocks.push(
      para(
        w.conductText(sessionsHeld.length, m.groups.length, periodFrom, periodTo) +
          (m.spacing ? w.spacing(m.spacing.min, m.spacing.max, m.spacing.mean) : ''),
      ),
    );
  blocks.push({
    kind: 'table',
    header: [w.group, w.session, w.date, w.guide, w.present, w.minutes],
    widths: [1.8, 1.5, 2.4, 4, 1.3, 1.5],
    rows: sessionsHeld.map((s) => [
      text(s.groupName),
      text(String(s.number)),
      text(date(s.date)),
      text(s.guide ?? ''),
      text(s.attendees ? String(s.attendees) : ''),
      text(s.duration ? String(s.duration) : ''),
    ]),
  });
  const timeline = timelineChart(m);
  if (timeline) blocks.push({ kind: 'figure', chart: timeline, caption: w.timeline(++figure), alt: w.timelineAlt });

  blocks.push(heading(2, w.participants));
  const groupsText = m.groups.map((g) => `${num(g.participants, lang)} ${lang === 'nb' ? 'i' : 'in'} ${g.name}`);
  blocks.push(
    para(
      w.participantsText(
        listOf(
          m.participants.byCategory.map((c) => `${num(c.n, lang)} ${c.n === 1 ? c.label : c.plural}`),
          lang,
        ),
        listOf(groupsText, lang),
      ) + (m.participants.withdrawn ? w.withdrawn(m.participants.withdrawn) : ''),
    ),
  );
  const cats = m.participants.byCategory;
  blocks.push({
    kind: 'table',
    header: [w.group, ...cats.map((c) => cap(c.plural)), w.total],
    rows: [
      ...m.groups.map((g) => [
        text(g.name),
        ...cats.map((c) => text(String(g.byCategory.find((x) => x.category === c.category)?.n ?? 0))),
        text(String(g.participants)),
      ]),
      [[bold(w.total)], ...cats.map((c) => [bold(String(c.n))]), [bold(String(m.participants.total))]],
    ],
  });

  blocks.push(heading(2, w.roles));
  const named = (t: ReportModel['team'][number]) => (t.name ? `${t.name} (${t.code})` : t.code);
  const mods = m.team.filter((t) => t.roles.includes('moderator')).map(named);
  const obs = m.team.filter((t) => t.roles.includes('observer')).map(named);
  if (mods.length && obs.length) blocks.push(para(w.rolesText(listOf(mods, lang), listOf(obs, lang))));
  blocks.push({
    kind: 'table',
    header: [w.name, w.role, w.affiliation],
    widths: [2, 2, 4],
    rows: m.team.map((t) => [
      text(t.name ? `${t.name} (${t.code})` : t.code),
      text(t.roles.map((r) => w.roleNames[r]).join(', ')),
      text(t.affiliation ?? ''),
    ]),
  });

  blocks.push(heading(2, w.guides), para(w.guidesText), {
    kind: 'list',
    items: m.guides.map((g) => text(w.guideUsed(g.guide.title, g.sessions.join(', ')))),
  });

  if (m.talkShare.some((t) => t.sessions.length)) {
    blocks.push(heading(2, w.talk), para(w.talkText));
    for (const t of m.talkShare) {
      if (!t.sessions.length) continue;
      const chart: BarChart = {
        kind: 'bars',
        stacked: true,
        unit: '%',
        categories: t.sessions.map((s) => `${w.session} ${s.label}`),
        series: t.people.map((p, i) => ({ name: p, values: t.sessions.map((s) => s.shares[i] ?? 0) })),
      };
      blocks.push({ kind: 'figure', chart, caption: w.talkFig(++figure, t.groupName), alt: w.talkAlt(t.groupName) });
    }
  }

  blocks.push(heading(2, w.analysis));
  if (m.coding.transcripts)
    blocks.push(
      para(
        w.analysisText(
          m.coding.transcripts,
          m.coding.tags,
          listOf(
            m.coding.observers.map((c) => named(m.team.find((t) => t.code === c) ?? { code: c, roles: [] })),
            lang,
          ),
          m.coding.codes,
          m.coding.topLevel,
        ) + (m.coding.fieldNotes ? w.notesText(m.coding.fieldNotes) : ''),
      ),
    );
  blocks.push(para(w.summariesText));
  for (const f of m.codeFrequency) {
    if (!f.codes.length) continue;
    const chart: BarChart = {
      kind: 'bars',
      categories: f.codes.map((c) => c.label),
      series: f.sessions.map((s, i) => ({ name: `${w.session} ${s}`, values: f.codes.map((c) => c.counts[i] ?? 0) })),
    };
    blocks.push({ kind: 'figure', chart, caption: w.codeFig(++figure, f.groupName), alt: w.codeAlt(f.groupName) });
  }

  blocks.push(
    heading(2, w.validation),
    para(w.validationText(m.validation.presented, m.validation.counts) + (m.notValidated ? w.notValidated(m.notValidated) : '')),
  );
  if (m.groups.length > 1)
    blocks.push({
      kind: 'table',
      header: [
        w.group,
        ...(['confirmed', 'corrected', 'nuanced', 'rejected'] as const).map((k) => cap(responseLabel(k, lang))),
        cap(w.added),
      ],
      rows: m.groups.map((g) => {
        const c = m.validation.byGroup[g.id]!;
        return [text(g.name), ...[c.confirmed, c.corrected, c.nuanced, c.rejected, c.added].map((n) => text(String(n)))];
      }),
    });

  blocks.push(heading(2, w.ethics));
  const consentLine = w.consentText(m.participants.consent.given, m.participants.total);
  blocks.push(para(consentLine), para(w.pseudonymText + (input.leakChecked ? ` ${w.leakText}` : '')));

  results(blocks, m, lang, true);

  blocks.push(heading(1, w.summary), ...lead(input.texts.conclusion, w.summary, 2));
  blocks.push(para(w.summaryList), {
    kind: 'list',
    items: m.themes.map((t) => text(w.themeLine(t.title, t.shared.length, t.minority.length))),
  });
  blocks.push(heading(1, w.recommendations), ...lead(input.texts.recommendations, w.recommendations, 2));

  // Appendices
  blocks.push({ kind: 'pageBreak' }, heading(1, w.appendix('A', w.guides)));
  for (const g of m.guides) {
    blocks.push(heading(2, g.guide.title));
    if (g.guide.description) blocks.push(para(italic(g.guide.description)));
    blocks.push({
      kind: 'list',
      ordered: true,
      items: g.guide.questions.map((q) => [
        plain(q.text),
        italic(` (${w.kinds[q.kind]}${q.minutes ? `, ${w.minutesOf(q.minutes)}` : ''})`),
        ...(q.probes?.length ? [plain(`\n${w.probes}: ${q.probes.join(' · ')}`)] : []),
      ]),
    });
  }

  if (m.codeRows.length) {
    blocks.push({ kind: 'pageBreak' }, heading(1, w.appendix('B', w.codebook)), para(w.codebookText), {
      kind: 'table',
      header: [w.code, w.description, ...m.groups.map((g) => g.name), w.total],
      widths: [3, 5, ...m.groups.map(() => 1.7), 1.4],
      rows: m.codeRows.map((c) => [
        [c.level === 1 ? bold(c.label) : plain(`${'\u2003'.repeat(c.level - 1)}${c.label}`)],
        text(c.description ?? ''),
        ...m.groups.map((g) => text(String(c.byGroup[g.id] ?? 0))),
        [c.level === 1 ? bold(String(c.total)) : plain(String(c.total))],
      ]),
    });
  }

  blocks.push({ kind: 'pageBreak' }, heading(1, w.appendix('C', w.log)), para(w.logText));
  if (m.rejected.length) blocks.push(para(w.rejectedText(m.rejected.length)));
  blocks.push({
    kind: 'table',
    header: [w.session, w.point, w.response, w.by, w.note],
    widths: [1.7, 3, 2.4, 1.3, 6],
    rows: m.validation.log.map((r) => [
      text(`${r.groupName} ${r.number}`),
      text(r.title),
      text(r.response === 'added' ? w.addedAt(r.at) : w.responded(r.response, r.at)),
      text(r.by),
      text(r.note ?? ''),
    ]),
  });

  const coreq = fillCoreq(coreqFacts(m, input.software), lang, input.texts.coreq);
  // The instruction to the lead only while there is something left for the lead to fill in.
  const open = coreq.some((row) => row.filled === 'missing');
  blocks.push({ kind: 'pageBreak' }, heading(1, w.appendix('D', w.coreq)), para(open ? w.coreqText(input.texts.coreqFile) : w.coreqIntro));
  let domain = '';
  for (const row of coreq) {
    if (row.domain !== domain) {
      domain = row.domain;
      blocks.push(heading(2, domain), { kind: 'table', header: ['#', w.item, w.answer], widths: [0.6, 3, 7], rows: [] });
    }
    const t = blocks.at(-1) as Extract<DocBlock, { kind: 'table' }>;
    t.rows.push([
      text(String(row.n)),
      [bold(row.item), plain(`\n${row.topic}`)],
      [row.filled === 'missing' ? bold(`${w.flag}${row.answer}`) : plain(row.answer)],
    ]);
  }
  blocks.push(para({ text: w.software(input.software), italic: true }));
  return { doc, missing };
}

/** Results per theme: shared views, then minority views and disagreement, point by point. */
function results(blocks: DocBlock[], m: ReportModel, lang: Lang, full: boolean): void {
  const w = W[lang];
  const points = m.themes.reduce((a, t) => a + t.shared.length + t.minority.length, 0);
  const foreign = m.themes.length > 0 && lang === 'en' ? w.resultsForeign : '';
  blocks.push(heading(1, w.results));
  if (full) blocks.push(para(w.resultsText(points, m.quotes) + foreign));
  for (const t of m.themes) {
    blocks.push(heading(2, t.title));
    if (t.question && t.question !== t.title) blocks.push(para(italic(t.question)));
    if (full) blocks.push(para({ text: themeCount(t, lang), italic: false }));
    for (const [title, list] of [
      [w.shared, t.shared],
      [w.minority, t.minority],
    ] as const) {
      if (!list.length) continue;
      blocks.push(heading(3, title));
      for (const p of list) blocks.push(...pointBlocks(p, lang, full ? undefined : 1));
    }
  }
}

function themeCount(t: ReportTheme, lang: Lang): string {
  const all = [...t.shared, ...t.minority];
  const sessions = new Set(all.map((p) => p.session)).size;
  const groups = [...new Set(all.map((p) => p.groupName))];
  return W[lang].themeCount(all.length, sessions, listOf(groups, lang));
}

function pointBlocks(p: ReportPoint, lang: Lang, maxQuotes?: number): DocBlock[] {
  const w = W[lang];
  const where: string[] = [w.sessionOf(p.groupName, p.number, p.date ? longDate(p.date, lang) : undefined)];
  if (p.standing === 'minority' || p.standing === 'dissent') where.unshift(cap(w.standing[p.standing]));
  if (p.addedAt) where.push(w.addedAt(p.addedAt));
  else if (p.response) where.push(w.responded(p.response.kind, p.response.at));
  else where.push(w.pending);
  const out: DocBlock[] = [heading(4, p.title), { kind: 'paragraph', style: 'small', content: [italic(where.join(' · '))] }];
  out.push(...markdownBlocks(p.text, 3).filter((b) => b.kind !== 'heading'));
  for (const q of p.quotes.slice(0, maxQuotes))
    out.push(q.by ? { kind: 'quote', content: text(q.text), by: q.by } : { kind: 'quote', content: text(q.text) });
  return out;
}

/** A purpose written as an infinitive (`Å utvikle …`) made a sentence: `Formålet med prosjektet er å utvikle …`. */
function purposeSentence(purpose: string, lang: Lang): string {
  const t = purpose.trim();
  if (lang === 'nb' && /^å\s/i.test(t)) return `Formålet med prosjektet er ${t.charAt(0).toLowerCase()}${t.slice(1)}`;
  if (lang === 'en' && /^to\s/i.test(t)) return `The purpose of the project is ${t.charAt(0).toLowerCase()}${t.slice(1)}`;
  return t;
}

function timelineChart(m: ReportModel): TimelineChart | undefined {
  const dated = m.sessions.filter((s) => s.date);
  if (!dated.length) return undefined;
  const dates = [...dated.map((s) => s.date!), ...m.phases.flatMap((p) => [p.from, p.to]).filter((d): d is string => !!d)];
  const from = dates.reduce((a, b) => (a < b ? a : b));
  const to = [...dates, ...m.milestones.map((x) => x.date)]
    .filter((d) => !m.milestone || d <= m.milestone.date)
    .reduce((a, b) => (a > b ? a : b));
  return {
    kind: 'timeline',
    from,
    to,
    lanes: m.groups.map((g) => ({
      name: g.name,
      events: dated.filter((s) => s.group === g.id).map((s) => ({ date: s.date!, label: String(s.number), held: s.held })),
    })),
    spans: m.phases.filter((p) => p.from && p.to).map((p) => ({ from: p.from!, to: p.to!, label: p.name })),
    markers: m.milestones.filter((x) => x.date >= from && x.date <= to).map((x) => ({ date: x.date, label: x.id.toUpperCase() })),
  };
}

/** What COREQ needs to know, from the model. */
export function coreqFacts(m: ReportModel, software: string): CoreqFacts {
  const held = m.sessions.filter((s) => s.held);
  const facts: CoreqFacts = {
    team: m.team,
    groups: m.groups.map((g) => ({
      name: g.name,
      ...(g.site ? { site: g.site } : {}),
      participants: g.participants,
      byCategory: g.byCategory.map((c) => ({ label: c.label, n: c.n })),
    })),
    participants: m.participants.total,
    withdrawn: m.participants.withdrawn,
    declined: m.participants.consent.declined,
    pendingConsent: m.participants.consent.pending,
    sessions: {
      held: held.length,
      perGroup: m.groups.map((g) => ({ group: g.name, held: g.held })),
      durations: held.flatMap((s) => (s.duration ? [s.duration] : [])),
      settings: [...new Set(held.flatMap((s) => (s.setting ? [s.setting] : [])))],
      withObservers: held.filter((s) => s.observers.length).length,
      ...(m.period ? { first: m.period.from, last: m.period.to } : {}),
    },
    guides: m.guides.map((g) => ({ title: g.guide.title, questions: g.guide.questions.length })),
    transcripts: m.coding.transcripts,
    fieldNotes: m.coding.fieldNotes,
    coders: m.coding.observers,
    codebook: { codes: m.coding.codes, topLevel: m.coding.topLevel, depth: m.coding.depth },
    // The research questions' themes, when the results follow them; a theme of a single added point is no major theme.
    themes: (m.themes.some((t) => t.question) ? m.themes.filter((t) => t.question) : m.themes).map((t) => t.title),
    points: {
      shared: m.themes.reduce((a, t) => a + t.shared.length, 0),
      minority: m.themes.reduce((a, t) => a + t.minority.filter((p) => p.standing === 'minority').length, 0),
      dissent: m.themes.reduce((a, t) => a + t.minority.filter((p) => p.standing === 'dissent').length, 0),
    },
    // Points presented, not summaries.
    validation: {
      ...m.validation.counts,
      presented: m.validation.counts.confirmed + m.validation.counts.corrected + m.validation.counts.nuanced + m.validation.counts.rejected,
    },
    quotes: m.quotes,
    software,
  };
  if (m.approach) facts.approach = m.approach === 'action research' && m.lang === 'nb' ? 'aksjonsforskning' : m.approach;
  return facts;
}
