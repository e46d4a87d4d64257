#!/usr/bin/env node
// A deterministic synthetic fokus project for benchmarks: groups running series of four
// sessions, each with a transcript of about 1,500 words, four observers' tags, summaries,
// validation records and field notes. The same number of sessions always gives the same bytes:
// every random choice comes from a seeded PRNG, and each group draws from its own seed, so group
// k is the same in a 20-session project as in a 2,000-session one.
//
//   node bench/generate.mjs <dir> --sessions N
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as V from './vocab.mjs';

/** Bump when the output changes in a way the fingerprint below would not notice. */
export const GENERATOR_VERSION = 1;
/** A word in some turns but far from all: what the benchmark searches for (and greps). */
export const SEARCH_WORD = 'hverdagen';
export const SERIES = 4;
export const OBSERVERS = ['O1', 'O2', 'O3', 'O4'];
export const LAST_MILESTONE = 'm2';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The generator's identity: its version and the text of its two files. */
export function generatorFingerprint() {
  const h = createHash('sha256');
  for (const f of ['generate.mjs', 'vocab.mjs']) h.update(readFileSync(join(HERE, f)));
  return `${GENERATOR_VERSION}-${h.digest('hex').slice(0, 12)}`;
}

// --- randomness ----------------------------------------------------------------------------------

function mulberry32(a) {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a: a label becomes a 32-bit seed. */
function seedOf(label) {
  let h = 0x811c9dc5;
  for (const ch of Buffer.from(label, 'utf8')) h = Math.imul(h ^ ch, 0x01000193);
  return h >>> 0;
}

class Rng {
  constructor(label) {
    this.next = mulberry32(seedOf(`fokus-bench:${label}`));
  }
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p) {
    return this.next() < p;
  }
  pick(xs) {
    return xs[Math.floor(this.next() * xs.length)];
  }
  weighted(xs, weights) {
    let r = this.next() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < xs.length; i++) if ((r -= weights[i]) < 0) return xs[i];
    return xs[xs.length - 1];
  }
  shuffle(xs) {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
  sample(xs, n) {
    return this.shuffle(xs).slice(0, n);
  }
}

// --- YAML and text helpers ---------------------------------------------------------------------

const PLAIN_UNSAFE =
  /: |:$| #|^[-?:,[\]{}#&*!|>'"%@`\s]|\s$|^(true|false|null|yes|no|on|off|~)$|^[-+]?(\d[\d_]*)?\.?\d+([eE][-+]?\d+)?$|^0[xo]/i;

/** A YAML scalar: plain when that reads back as the same string, else double-quoted (JSON is valid YAML). */
function y(s) {
  s = String(s);
  return s === '' || PLAIN_UNSAFE.test(s) || /[\n\t\u0000-\u001f]/.test(s) ? JSON.stringify(s) : s;
}

/** A folded block (`>-`) wrapped at about 100 columns; reads back as the text with single spaces. */
function folded(text, indent) {
  const pad = ' '.repeat(indent);
  const lines = [];
  let line = '';
  for (const w of text.split(' ')) {
    if (line && line.length + 1 + w.length > 96) {
      lines.push(pad + line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(pad + line);
  return `>-\n${lines.join('\n')}`;
}

const yList = (xs) => `[${xs.map(y).join(', ')}]`;

/** fokus's word count: runs of letters or digits, inner apostrophes and hyphens included. */
function countWords(s) {
  return s.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

/** Spoken words: transcription marks left out, except the words of [usikkert: ...]. */
function spokenWords(text) {
  return countWords(text.replace(/\[usikkert:([^\]]*)\]/g, ' $1 ').replace(/\[[^\]]*\]/g, ' '));
}

const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
/** Lower-cases the first letter unless the word is an acronym (NAV, DPS) or a code (P3). */
const uncap = (s) => (/^\p{Lu}[\p{Ll}\s,]/u.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);
const lcLabel = (s) => (/^\p{Lu}{2,}/u.test(s) ? s : s.charAt(0).toLowerCase() + s.slice(1));
const ascii = (s) => s.toLowerCase().replace(/æ/g, 'ae').replace(/ø/g, 'o').replace(/å/g, 'a');
const pad2 = (n) => String(n).padStart(2, '0');
const clock = (sec) => `${pad2(Math.floor(sec / 3600))}:${pad2(Math.floor(sec / 60) % 60)}:${pad2(sec % 60)}`;

const DAY = 86400000;
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const dayMs = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));

/** A Tuesday, Wednesday or Thursday between two dates: when groups meet. */
function meetingDay(rng, from, to) {
  const days = [];
  for (let t = dayMs(from); t <= dayMs(to); t += DAY) if ([2, 3, 4].includes(new Date(t).getUTCDay())) days.push(t);
  return isoDay(rng.pick(days));
}

// --- the study ---------------------------------------------------------------------------------

const SERIES_WINDOWS = [
  ['2025-01-14', '2025-02-27'],
  ['2025-03-04', '2025-04-29'],
  ['2025-08-19', '2025-09-30'],
  ['2025-10-07', '2025-12-11'],
];

const CATEGORY = {
  'service-user': ['tjenestebruker', 'tjenestebrukere'],
  'user-representative': ['brukerrepresentant', 'brukerrepresentanter'],
  staff: ['ansatt', 'ansatte'],
  relative: ['pårørende', 'pårørende'],
};

function buildCodebook() {
  const codes = [];
  const themes = new Map(); // theme slug -> child codes
  const info = new Map(); // code -> { label, phrase }
  V.THEMES.forEach(([slug, label, description, children], i) => {
    codes.push({ code: slug, label, description, colour: V.COLOURS[i % V.COLOURS.length] });
    info.set(slug, { label, phrase: lcLabel(label) });
    const kids = [];
    children.forEach(([child, clabel, phrase], k) => {
      const code = `${slug}/${child}`;
      const entry = { code, label: clabel, description: `${cap(phrase)}.` };
      // Some codes say when to use them and how they differ from a neighbour, as real codebooks do.
      if (k % 3 === 0) entry.use_when = `Når det som blir sagt handler om ${phrase}.`;
      if (k % 3 === 1) {
        const [nchild, , nphrase] = children[(k + 1) % children.length];
        entry.avoid_when = `Ikke når poenget er ${nphrase} (bruk ${slug}/${nchild}).`;
      }
      codes.push(entry);
      kids.push(code);
      info.set(code, { label: clabel, phrase });
    });
    themes.set(slug, kids);
  });
  return { codes, themes, info };
}

/** Every word in the texts, lower-cased: names that share one are not used in the key. */
function vocabularyWords() {
  const words = new Set();
  const walk = (x) => {
    if (typeof x === 'string') for (const m of x.toLowerCase().matchAll(/\p{L}+/gu)) words.add(m[0]);
    else if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') Object.values(x).forEach(walk);
  };
  for (const [k, v] of Object.entries(V)) if (k !== 'FIRST_NAMES' && k !== 'SURNAMES') walk(v);
  for (const p of V.PLACE_PREFIXES) for (const s of V.PLACE_SUFFIXES) walk(p + s);
  // The sentences this file writes itself (welcome, headings, summary lines) count too.
  walk(readFileSync(fileURLToPath(import.meta.url), 'utf8'));
  return words;
}

/**
 * Invented full names in a fixed order: person i always gets the same name. The team's first
 * names and surnames are their own: a researcher's name may be printed, a participant's never.
 */
function namePool(teamSize) {
  const vocab = vocabularyWords();
  const ok = (n) => !vocab.has(n.toLowerCase());
  const rng = new Rng('names');
  const first = rng.shuffle(V.FIRST_NAMES.filter(ok));
  const last = rng.shuffle(V.SURNAMES.filter(ok));
  const team = first.slice(0, teamSize).map((f, i) => ({ first: f, name: `${f} ${last[i]}` }));
  const pairs = [];
  for (const f of first.slice(teamSize)) for (const l of last.slice(teamSize)) pairs.push([f, l]);
  const shuffled = rng.shuffle(pairs);
  const person = (i) => {
    const [f, l] = shuffled[i % shuffled.length];
    // Past the pool, a second surname keeps every name unique.
    const extra = Math.floor(i / shuffled.length);
    return { first: f, name: extra ? `${f} ${l}-${last[teamSize + ((extra - 1) % (last.length - teamSize))]}` : `${f} ${l}` };
  };
  return { team, person };
}

function placeNames() {
  const names = [];
  for (const p of V.PLACE_PREFIXES) for (const s of V.PLACE_SUFFIXES) names.push(p + s);
  return new Rng('places').shuffle(names);
}

const TEAM = [
  { code: 'M1', roles: ['moderator', 'lead'] },
  { code: 'M2', roles: ['moderator'] },
  { code: 'M3', roles: ['moderator'] },
  ...OBSERVERS.map((code) => ({ code, roles: ['observer'] })),
];

/** Group g: its name, participants and four sessions' dates, all from the group's own seed. */
function buildGroup(g, firstCode, places, codebook) {
  const rng = new Rng(`group:${g}`);
  const base = places[g % places.length];
  const round = Math.floor(g / places.length);
  const name = round ? `${base} ${round + 1}` : base;
  const id = round ? `${ascii(base)}-${round + 1}` : ascii(base);
  const size = rng.int(6, 8);
  const users = rng.int(3, Math.min(4, size - 3));
  const dates = SERIES_WINDOWS.map(([a, b]) => meetingDay(rng, a, b));
  const participants = [];
  for (let i = 0; i < size; i++) {
    const code = `P${firstCode + i}`;
    let p;
    if (i < users) {
      const relative = i === users - 1 && rng.chance(0.2);
      const category = relative ? 'relative' : rng.chance(0.6) ? 'user-representative' : 'service-user';
      const roles = { relative: V.RELATIVE_ROLES, 'user-representative': V.USER_ROLES, 'service-user': V.SERVICE_USER_ROLES }[category];
      const role = rng.pick(roles);
      p = { code, category, attributes: { role, age_band: role === 'ungdomsrepresentant' ? '20-29' : rng.pick(V.AGE_BANDS) } };
    } else {
      const [profession, short] = rng.pick(V.STAFF);
      p = { code, category: 'staff', attributes: { profession, years_in_service: rng.pick(V.YEARS) }, short };
    }
    p.consent = isoDay(dayMs(dates[0]) - rng.int(3, 20) * DAY);
    // Talkativeness: some speak a lot, some little, as in real groups.
    p.weight = rng.weighted([0.4, 1, 1.6, 2.6], [2, 5, 3, 1]);
    participants.push(p);
  }
  // Now and then someone leaves after the series, keeping what they said in the material.
  const leaver = rng.chance(0.05) ? participants[rng.int(0, size - 1)] : undefined;
  if (leaver) leaver.withdrawn = isoDay(dayMs(dates[3]) + rng.int(10, 40) * DAY);
  // Each group leans towards some sub-themes: a Zipf-like weight per child code.
  const leaning = new Map();
  for (const [theme, kids] of codebook.themes) {
    const order = rng.shuffle(kids);
    leaning.set(theme, { kids: order, weights: order.map((_, r) => 1 / (r + 1)) });
  }
  return {
    index: g,
    id,
    name,
    site: `${name} kommune`,
    moderator: TEAM[g % 3].code,
    setting: rng.pick(V.SETTINGS),
    dates,
    participants,
    leaning,
    rng,
  };
}

// --- one session ---------------------------------------------------------------------------------

/** A sentence: its text, and the code of the topic it is about (if any). */
function topicSentence(rng, code, codebook, templates) {
  const t = codebook.info.get(code).phrase;
  return { text: rng.pick(templates).replace('{t}', t), code };
}

function pickCode(rng, group, themes) {
  const all = [...group.leaning.keys()];
  const theme = rng.chance(0.75) ? rng.pick(themes) : rng.pick(all);
  const { kids, weights } = group.leaning.get(theme);
  return rng.weighted(kids, weights);
}

/**
 * A turn's text from pieces: sentences (some about a code), marks between them, an opener
 * before the first. Returns the text and where each coded sentence sits in it.
 */
function composeTurn(pieces) {
  let text = '';
  const spans = [];
  for (const p of pieces) {
    if (text) text += ' ';
    const start = text.length + (p.prefix?.length ?? 0);
    text += (p.prefix ?? '') + p.text;
    if (p.code) spans.push({ from: start, to: text.length, code: p.code });
  }
  return { text, spans };
}

function participantPieces(rng, ctx, speaker, q, others) {
  const pieces = [];
  if (rng.chance(0.2)) {
    // A short reply: agreement, a nod, a word.
    if (others.length && rng.chance(0.35)) pieces.push({ text: rng.pick(V.REFER).replace('{P}', rng.pick(others)) });
    else pieces.push({ text: rng.pick(V.SHORT) });
    if (rng.chance(0.3)) pieces.push({ text: rng.pick(['[latter]', '[nikker]', '[latter: flere]']) });
    return pieces;
  }
  const n = rng.weighted([1, 2, 3, 4, 5], [2, 4, 4, 2, 1]);
  const own = speaker.category === 'staff' ? V.TOPIC_STAFF : V.TOPIC_USER;
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    let s;
    if (r < 0.7) s = topicSentence(rng, pickCode(rng, ctx.group, q.themes), ctx.codebook, rng.chance(0.3) ? own : V.TOPIC_ANY);
    else if (r < 0.88 || !others.length) s = { text: rng.pick(V.STORY) };
    else s = { text: rng.pick(V.REFER).replace('{P}', rng.pick(others)) };
    if (i === 0 && rng.chance(0.25)) {
      s.prefix = rng.pick(V.OPENERS);
      s.text = uncap(s.text);
    }
    pieces.push(s);
    if (i < n - 1 && rng.chance(0.1)) pieces.push({ text: rng.pick(V.MARKS) });
    if (i < n - 1 && rng.chance(0.02)) pieces.push({ text: `[usikkert: ${rng.pick(V.UNCERTAIN)}]` });
  }
  if (rng.chance(0.04)) pieces.unshift({ text: '[overlapp]' });
  return pieces;
}

/** The guide a session uses, with its questions as objects. */
function guideOf(number) {
  const g = V.GUIDES[(number - 1) % V.GUIDES.length];
  return {
    ...g,
    questions: g.questions.map(([id, kind, heading, text, minutes, probes, serves, themes, presents]) => ({
      id,
      kind,
      heading,
      text,
      minutes,
      probes,
      serves,
      themes,
      presents,
    })),
  };
}

/** The transcript: headings per guide question, turns with times. */
function buildTranscript(rng, ctx, session) {
  const { group } = ctx;
  const guide = guideOf(session.number);
  const attendees = session.attendees.map((c) => group.participants.find((p) => p.code === c));
  const target = rng.int(1250, 1550);
  const minutes = guide.questions.reduce((n, q) => n + q.minutes, 0);
  const blocks = [];
  let sec = rng.int(5, 20);
  let words = 0;
  let turnNo = 0;
  let last;
  const turn = (speaker, pieces, qid) => {
    const { text, spans } = composeTurn(pieces);
    const w = spokenWords(text);
    const t = { kind: 'turn', id: `t${++turnNo}`, speaker: speaker.code, category: speaker.category, start: sec, text, spans, q: qid };
    if (rng.chance(0.12)) t.end = sec + Math.max(2, Math.round(w / 2.4));
    sec += Math.round(w / 2.4) + rng.int(2, 14);
    words += w;
    blocks.push(t);
    last = speaker;
  };
  const mod = { code: session.moderator, category: 'team' };
  const said = (qid) => blocks.filter((b) => b.q === qid && b.spans?.length).flatMap((b) => b.spans);
  const phrase = (code) => ctx.codebook.info.get(code).phrase;

  guide.questions.forEach((q, qi) => {
    blocks.push({ kind: 'heading', title: q.heading, q: q.id });
    const budget = Math.round((target * q.minutes) / minutes);
    const until = words + budget;
    if (qi === 0) {
      const welcome =
        session.number === 1
          ? `${guide.intro} ${OBSERVERS.slice(0, -1).join(', ')} og ${OBSERVERS.at(-1)} tar notater underveis.`
          : `Velkommen tilbake, alle sammen. Fint å se dere igjen. Opptakeren står på.`;
      turn(mod, [{ text: welcome }], q.id);
    }
    turn(mod, [{ text: qi === 0 ? q.text : `${rng.pick(V.MOD_NEXT)} ${q.text}` }], q.id);

    if (q.kind === 'opening' && !q.presents) {
      // The round: each attendee says who they are, by code and role.
      for (const p of rng.shuffle(attendees)) {
        const role = p.category === 'staff' ? p.attributes.profession : p.attributes.role;
        const pieces = [{ text: `Jeg er ${p.code}, og jeg er ${role}.` }];
        if (rng.chance(0.7)) pieces.push(topicSentence(rng, pickCode(rng, group, q.themes), ctx.codebook, V.TOPIC_ANY));
        turn(p, pieces, q.id);
      }
      turn(mod, [{ text: 'Takk til alle. Da har vi hørt alle stemmene.' }], q.id);
      return;
    }
    if (q.presents) {
      const topics = ctx.previousTopics.length ? ctx.previousTopics : [pickCode(rng, group, q.themes)];
      const read = topics.map(
        (c, i) => `${['Det første', 'Det andre', 'Det tredje', 'Det fjerde'][i] ?? 'Så'} punktet handler om ${phrase(c)}.`,
      );
      turn(mod, [{ text: `Jeg leser punkt for punkt, og så får dere rette på meg. ${read.join(' ')}` }], q.id);
    }
    let sinceMod = 0;
    while (words < until) {
      if (sinceMod >= rng.int(3, 6)) {
        const recent = said(q.id);
        const code = recent.length ? rng.pick(recent).code : pickCode(rng, group, q.themes);
        const text = rng.chance(0.3) && q.probes.length ? rng.pick(q.probes) : rng.pick(V.MOD_FOLLOW).replace('{t}', phrase(code));
        turn(mod, [{ text }], q.id);
        sinceMod = 0;
        continue;
      }
      const choices = attendees.filter((p) => p !== last);
      const speaker = rng.weighted(
        choices,
        choices.map((p) => p.weight),
      );
      const others = attendees.filter((p) => p !== speaker).map((p) => p.code);
      const pieces =
        q.presents && rng.chance(0.6)
          ? [
              topicSentence(
                rng,
                rng.pick(ctx.previousTopics.length ? ctx.previousTopics : [pickCode(rng, group, q.themes)]),
                ctx.codebook,
                V.SUMMARY_RESPONSES,
              ),
            ]
          : participantPieces(rng, ctx, speaker, q, others);
      turn(speaker, pieces, q.id);
      sinceMod++;
    }
    if (q.kind === 'ending') {
      const end = session.number === SERIES ? 'Tusen takk for alle samlingene.' : 'Tusen takk for i dag. Vi ses neste gang.';
      turn(mod, [{ text: end }], q.id);
    }
  });
  // Spread the talk over the session's length: the transcript is an excerpt, its times are real.
  const stretch = (session.duration * 60 - 60) / sec;
  for (const b of blocks) {
    if (b.kind !== 'turn') continue;
    b.start = Math.round(b.start * stretch);
    if (b.end !== undefined) b.end = Math.max(b.start + 1, Math.round(b.end * stretch));
  }
  return { guide, blocks, turns: blocks.filter((b) => b.kind === 'turn'), words };
}

// --- tags ----------------------------------------------------------------------------------------

const CONTEXT = 40;
// Context starts and ends on word boundaries, as fokus cuts it.
function cutBefore(s, clipped) {
  if (!clipped) return s;
  const i = s.search(/\s/u);
  return i >= 0 && i < s.length - 1 ? s.slice(i + 1) : s;
}
function cutAfter(s, clipped) {
  if (!clipped) return s;
  const i = s.search(/\s\S*$/u);
  return i > 0 ? s.slice(0, i) : s;
}

/** The words of [from, to) in a turn, with context on each side, as `fokus tag` writes them. */
function anchorWords(turn, from, to) {
  const text = turn.text;
  if (from === 0 && to === text.length) return { turn: turn.id, words: text };
  const a = { turn: turn.id, words: text.slice(from, to) };
  if (from > 0) a.before = cutBefore(text.slice(Math.max(0, from - CONTEXT), from), from > CONTEXT);
  if (to < text.length) a.after = cutAfter(text.slice(to, to + CONTEXT), to + CONTEXT < text.length);
  return a;
}

function siblingOf(rng, code, codebook) {
  const [theme] = code.split('/');
  const kids = codebook.themes.get(theme);
  return rng.pick(kids.filter((k) => k !== code));
}

/**
 * Passages worth tagging, then each observer's tags: an observer takes most of the passages,
 * sometimes with a neighbouring code or as the whole turn, and adds a few of their own, so the
 * observers overlap partly and their agreement means something.
 */
function buildTags(rng, ctx, transcript) {
  const { turns } = transcript;
  const spans = [];
  turns.forEach((t, i) => {
    if (!t.spans.length || !ctx.group.participants.some((p) => p.code === t.speaker)) return;
    t.spans.forEach((s, k) => spans.push({ ti: i, k, ...s }));
  });
  const wanted = Math.min(spans.length, Math.round(transcript.words / rng.int(50, 62)));
  const chosen = rng.sample(spans, wanted);
  const chosenSet = new Set(chosen);
  const candidates = chosen.map((s) => {
    const t = turns[s.ti];
    const r = rng.next();
    let shape = 'span';
    if (r < 0.15 && spokenWords(t.text) <= 45) shape = 'whole';
    else if (r < 0.2 && s.ti + 1 < turns.length && turns[s.ti + 1].q === t.q) shape = 'run';
    else if (r < 0.3 && t.spans[s.k + 1]) shape = 'pair';
    const stance = rng.weighted([undefined, 'consensus', 'minority', 'dissent'], [92, 3, 3, 2]);
    return { ...s, shape, quote: rng.chance(0.15), stance };
  });

  const placeOf = (c, shape) => {
    const t = turns[c.ti];
    if (shape === 'whole') return { turn: t.id, words: t.text };
    if (shape === 'run') return { turn: t.id, to: turns[c.ti + 1].id, words: `${t.text}\n${turns[c.ti + 1].text}` };
    if (shape === 'pair') return anchorWords(t, c.from, t.spans[c.k + 1].to);
    return anchorWords(t, c.from, c.to);
  };

  const strictness = [0.78, 0.72, 0.66, 0.6];
  const files = OBSERVERS.map((observer, o) => {
    const tags = [];
    const seen = new Set();
    const add = (c, code, shape, marks, memo) => {
      const place = placeOf(c, shape);
      const key = `${place.turn}|${place.to ?? ''}|${place.words}|${code}`;
      if (seen.has(key)) return;
      seen.add(key);
      const tag = { code, ...place, order: [c.ti, shape === 'span' || shape === 'pair' ? c.from : 0] };
      if (marks.length) tag.marks = marks;
      if (memo) tag.memo = memo;
      tags.push(tag);
    };
    for (const c of candidates) {
      if (!rng.chance(strictness[o])) continue;
      const r = rng.next();
      const code = r < 0.12 ? siblingOf(rng, c.code, ctx.codebook) : r < 0.16 ? c.code.split('/')[0] : c.code;
      let shape = c.shape;
      if (shape === 'span' && rng.chance(0.12) && spokenWords(turns[c.ti].text) <= 60) shape = 'whole';
      const marks = [];
      if (c.quote && rng.chance(0.7)) marks.push('quote');
      if (c.stance && rng.chance(0.6)) marks.push(c.stance);
      add(c, code, shape, marks, rng.chance(0.12) ? rng.pick(V.MEMOS) : undefined);
    }
    const rest = spans.filter((s) => !chosenSet.has(s));
    for (const s of rng.sample(rest, rng.int(1, 3))) add({ ...s, shape: 'span' }, s.code, 'span', [], undefined);
    tags.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]);
    return { observer, tags };
  });
  return { candidates, files };
}

// --- summary, feedback, notes ------------------------------------------------------------------

function categoryBreakdown(ps) {
  const n = new Map();
  for (const p of ps) n.set(p.category, (n.get(p.category) ?? 0) + 1);
  return [...n]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([c, k]) => `${k} ${CATEGORY[c][k === 1 ? 0 : 1]}`)
    .join(', ');
}

/** The points of a session's summary: per theme question, the codes the observers' passages share most. */
function summaryPoints(rng, ctx, session, transcript, tagging) {
  const { group, codebook } = ctx;
  const attendees = session.attendees.map((c) => group.participants.find((p) => p.code === c));
  const themes = transcript.guide.questions.filter((q) => !q.presents && ['introductory', 'transition', 'key'].includes(q.kind));
  const out = [];
  let n = 0;
  for (const q of themes) {
    const here = tagging.candidates.filter((c) => transcript.turns[c.ti].q === q.id);
    const byCode = new Map();
    for (const c of here) byCode.set(c.code, [...(byCode.get(c.code) ?? []), c]);
    const top = [...byCode].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0])).slice(0, rng.int(1, 3));
    if (!top.length) continue;
    const points = top.map(([code, cs]) => {
      const speakers = [...new Set(cs.map((c) => transcript.turns[c.ti].speaker))].map((s) => group.participants.find((p) => p.code === s));
      let standing = 'shared';
      if (cs.some((c) => c.stance === 'dissent')) standing = 'dissent';
      else if (cs.some((c) => c.stance === 'minority')) standing = 'minority';
      else if (speakers.length < 2 || speakers.length < attendees.length / 3) standing = 'minority';
      const { label, phrase } = codebook.info.get(code);
      const titles = standing === 'dissent' ? V.POINT_TITLES_DISSENT : standing === 'minority' ? V.POINT_TITLES_MINORITY : V.POINT_TITLES;
      const title = rng.pick(titles).replace('{L}', label).replace('{l}', lcLabel(label));
      const prose = rng.sample(V.POINT_PROSE, 2).map((s) => s.replace('{t}', phrase));
      const quotes = rng.sample(cs, Math.min(cs.length, rng.int(1, 2))).map((c) => {
        const t = transcript.turns[c.ti];
        const who = group.participants.find((p) => p.code === t.speaker);
        return `> «${cap(t.text.slice(c.from, c.to))}» (${CATEGORY[who.category][0]})`;
      });
      return { id: `p${++n}`, code, title, standing, speakers, prose, quotes };
    });
    out.push({ q, points });
  }
  const open = rng
    .sample(
      out.flatMap((t) => t.points),
      rng.int(1, 2),
    )
    .map((p, i) => ({
      id: `o${i + 1}`,
      text: rng.pick(V.OPEN_QUESTIONS).replace('{t}', codebook.info.get(p.code).phrase),
    }));
  return { themes: out, open, attendees };
}

const STANDING = { shared: 'Felles syn', minority: 'Mindretallssyn', dissent: 'Uenighet' };
const RESPONSE = { confirmed: 'bekreftet', corrected: 'korrigert', nuanced: 'nyansert', rejected: 'avvist' };

function summaryText(ctx, session, summary, validation) {
  const { group } = ctx;
  const version = validation ? 2 : 1;
  const lines = ['---', `session: ${session.id}`, `version: ${version}`, 'language: nb', '---', ''];
  lines.push(`# Oppsummering: ${group.name}, samling ${session.number}`, '');
  lines.push(`_${session.held} · ${summary.attendees.length} deltakere (${categoryBreakdown(summary.attendees)})_`, '');
  lines.push(
    validation
      ? `Dette er det jeg hørte på samling ${session.number}. Gruppa gikk gjennom oppsummeringen på samling ${session.number + 1}, og svarene står under hvert punkt.`
      : `Dette er det jeg hørte på samling ${session.number}. Gruppa får rette på det neste gang, og der dere var uenige, står det som uenighet.`,
    '',
  );
  for (const { q, points } of summary.themes) {
    lines.push(`## ${q.text} {#${q.id}}`, '');
    for (const p of points) {
      lines.push(`### ${p.title} {#${p.id}}`, '');
      lines.push(
        `_${STANDING[p.standing]} · tatt opp av ${p.speakers.length} av ${summary.attendees.length} deltakere (${categoryBreakdown(p.speakers)})_`,
        '',
      );
      const r = validation?.responses.find((x) => x.point === p.id);
      if (r) {
        const by = r.by === 'group' ? 'gruppa' : r.by.join(', ');
        lines.push(
          `**Validert på samling ${validation.number} (${validation.date}):** ${RESPONSE[r.response]} av ${by}.${r.note ? ` ${r.note}` : ''}`,
          '',
        );
      }
      lines.push(p.prose.join(' '), '');
      for (const q of p.quotes) lines.push(q, '');
    }
  }
  lines.push('## Åpne spørsmål til neste samling {#open}', '');
  for (const o of summary.open) lines.push(`- ${o.text} {#${o.id}}`);
  return `${lines.join('\n')}\n`;
}

/** What the group said to each point when the summary was read at its next session. */
function buildValidation(rng, summary, next) {
  const responses = summary.themes
    .flatMap((t) => t.points)
    .map((p) => {
      const response = rng.weighted(['confirmed', 'nuanced', 'corrected', 'rejected'], [75, 15, 8, 2]);
      const by = response === 'confirmed' && rng.chance(0.6) ? 'group' : rng.sample(next.attendees, rng.int(1, 3)).sort(byCode);
      const r = { point: p.id, response, by };
      if (response !== 'confirmed' || rng.chance(0.3)) r.note = rng.pick(V.FEEDBACK_NOTES);
      return r;
    });
  return { at: next.id, number: next.number, date: next.held, responses };
}

function feedbackText(session, v) {
  const lines = [
    `# Communicative validation of ${session.id}'s summary (fokus feedback): each time it was presented,`,
    '# what the group said to each point.',
    'validations:',
    `  - at: ${v.at}`,
    `    date: ${v.date}`,
    '    version: 1',
    '    responses:',
  ];
  for (const r of v.responses) {
    lines.push(`      - point: ${r.point}`, `        response: ${r.response}`, `        by: ${r.by === 'group' ? 'group' : yList(r.by)}`);
    if (r.note) lines.push(`        note: ${y(r.note)}`);
  }
  lines.push(`    note: ${y(`Lest punkt for punkt i starten av samling ${v.number}.`)}`);
  return `${lines.join('\n')}\n`;
}

function notesText(rng, ctx, session, observer, transcript) {
  const speaking = transcript.turns.filter((t) => t.spans.length && t.category !== 'team');
  const lines = [
    `# Field notes by ${observer} on ${session.id} (fokus observe).`,
    `observer: ${observer}`,
    `started: ${session.held}T17:00:00.000Z`,
    'notes:',
  ];
  const picks = rng.sample(speaking, Math.min(speaking.length, rng.int(4, 8))).sort((a, b) => a.start - b.start);
  for (const t of picks) {
    const kind = rng.weighted(['quote', 'dynamics', 'follow-up', 'moderation'], [3, 3, 2, 1]);
    lines.push(`  - at: ${clock(t.start + rng.int(0, 20))}`, `    kind: ${kind}`);
    if (kind === 'quote') {
      const s = rng.pick(t.spans);
      lines.push(`    speaker: ${t.speaker}`, `    text: ${y(cap(t.text.slice(s.from, s.to)))}`);
    } else {
      const code = rng.pick(t.spans).code;
      lines.push(`    text: ${y(rng.pick(V.NOTE_TEXTS[kind]).replace('{t}', ctx.codebook.info.get(code).phrase))}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

// --- writing -------------------------------------------------------------------------------------

function byCode(a, b) {
  return a.localeCompare(b, 'en', { numeric: true });
}

function transcriptMd(title, blocks) {
  const out = ['---', `title: ${y(title)}`, '---', ''];
  for (const b of blocks) {
    if (b.kind === 'heading') out.push(`## ${b.title} #${b.q}`, '');
    else {
      const time = b.end === undefined ? `[${clock(b.start)}]` : `[${clock(b.start)}-${clock(b.end)}]`;
      out.push(`**${b.speaker}** ${time} #${b.id}: ${b.text}`, '');
    }
  }
  return out.join('\n');
}

function transcriptYaml(title, blocks) {
  const out = [`title: ${y(title)}`, 'turns:'];
  for (const b of blocks) {
    if (b.kind === 'heading') out.push(`  - heading: ${y(b.title)}`, `    question: ${b.q}`);
    else {
      out.push(`  - id: ${b.id}`, `    speaker: ${b.speaker}`, `    start: ${clock(b.start)}`);
      if (b.end !== undefined) out.push(`    end: ${clock(b.end)}`);
      out.push(`    text: ${folded(b.text, 6)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

function tagsText(session, file) {
  const lines = [
    `# Tags by ${file.observer} on ${session.id} (fokus tag). Each tag: code, the turn it sits in (to: for a run),`,
    '# the exact words quoted with a little text before and after, marks and a memo.',
    `observer: ${file.observer}`,
    'tags:',
  ];
  for (const t of file.tags) {
    lines.push(`  - code: ${y(t.code)}`, `    turn: ${t.turn}`);
    if (t.to) lines.push(`    to: ${t.to}`);
    lines.push(t.words.includes('\n') ? `    words: ${JSON.stringify(t.words)}` : `    words: ${y(t.words)}`);
    if (t.before !== undefined) lines.push(`    before: ${y(t.before)}`);
    if (t.after !== undefined) lines.push(`    after: ${y(t.after)}`);
    if (t.marks) lines.push(`    marks: ${yList(t.marks)}`);
    if (t.memo) lines.push(`    memo: ${y(t.memo)}`);
  }
  return `${lines.join('\n')}\n`;
}

function manifestText(n, groups) {
  const l = [
    '# A synthetic project written by bench/generate.mjs for benchmarks. Every person, place and quote is invented.',
    `title: ${y(`Benk – syntetisk fokusgruppestudie med ${n} samlinger`)}`,
    'purpose: >-',
    '  Å måle hvor raskt fokus arbeider på et prosjekt av realistisk form: grupper som møtes fire',
    '  ganger, transkripsjoner, fire observatørers koding, oppsummeringer og validering.',
    'language: nb',
    'research_questions:',
  ];
  for (const [id, title, text] of V.RESEARCH_QUESTIONS) l.push(`  - id: ${id}`, `    title: ${y(title)}`, `    text: ${y(text)}`);
  l.push(
    'design:',
    '  approach: action research',
    '  phases:',
    '    - id: focus',
    '      name: Enighet om fokus',
    '      from: 2025-01-06',
    '      to: 2025-02-28',
    '    - id: planning',
    '      name: Planlegging',
    '      from: 2025-03-01',
    '      to: 2025-04-30',
    '    - id: immersion',
    '      name: Fordypning i praksis',
    '      from: 2025-05-01',
    '      to: 2025-09-30',
    '    - id: reflection',
    '      name: Kritisk refleksjon',
    '      from: 2025-10-01',
    '      to: 2025-12-19',
    '  milestones:',
    '    - id: m1',
    '      title: "Milepælsnotat 1: behov og arbeidsformer"',
    '      date: 2025-05-15',
    '      phase: planning',
    `    - id: ${LAST_MILESTONE}`,
    '      title: Sluttrapport med anbefalinger',
    '      date: 2025-12-19',
    '      phase: reflection',
    'team:',
  );
  for (const t of TEAM) {
    l.push(
      `  - code: ${t.code}`,
      `    roles: ${yList(t.roles)}`,
      `    name: ${y(t.name)}`,
      '    affiliation: Høgskolen i Innlandet (oppdiktet)',
    );
  }
  l.push('groups:');
  for (const g of groups) {
    l.push(
      `  - id: ${g.id}`,
      `    name: ${y(g.name)}`,
      `    site: ${y(g.site)}`,
      '    kind: mixed',
      '    description: Brukere, pårørende og ansatte sammen',
    );
  }
  return `${l.join('\n')}\n`;
}

function participantsText(groups) {
  const l = ['# Participants by code. Names are only in key.yaml.', 'participants:'];
  for (const g of groups) {
    l.push(`  # ${g.name}`);
    for (const p of g.participants) {
      l.push(`  - code: ${p.code}`, `    group: ${g.id}`, `    category: ${p.category}`, '    attributes:');
      for (const [k, v] of Object.entries(p.attributes)) l.push(`      ${k}: ${y(v)}`);
      l.push(`    consent: { status: given, date: ${p.consent} }`);
      if (p.withdrawn)
        l.push('    withdrawn:', `      date: ${p.withdrawn}`, '      data: keep', '      note: Flyttet etter siste samling.');
    }
  }
  return `${l.join('\n')}\n`;
}

function codebookText(codebook) {
  const l = ['# A 200-code codebook: 20 themes with 9 codes under each.', 'title: Kodebok – benk', 'language: nb', 'codes:'];
  for (const c of codebook.codes) {
    l.push(`  - code: ${y(c.code)}`, `    label: ${y(c.label)}`, `    description: ${y(c.description)}`);
    if (c.use_when) l.push(`    use_when: ${y(c.use_when)}`);
    if (c.avoid_when) l.push(`    avoid_when: ${y(c.avoid_when)}`);
    if (c.colour) l.push(`    colour: '${c.colour}'`);
  }
  return `${l.join('\n')}\n`;
}

function guideText(g, number) {
  const l = [`# Samling ${number} i alle grupper`, `title: ${y(g.title)}`, 'language: nb', `description: ${y(g.description)}`];
  if (g.intro) l.push(`intro: ${folded(g.intro, 2)}`);
  l.push('questions:');
  for (const q of g.questions) {
    l.push(`  - id: ${q.id}`, `    kind: ${q.kind}`);
    if (q.presents) l.push(`    presents: ${q.presents}`);
    l.push(`    text: ${y(q.text)}`, `    minutes: ${q.minutes}`);
    if (q.probes.length) l.push('    probes:', ...q.probes.map((p) => `      - ${y(p)}`));
    if (q.serves.length) l.push(`    serves: ${yList(q.serves)}`);
  }
  return `${l.join('\n')}\n`;
}

function keyText(team, groups) {
  const l = [
    '# fokus pseudonymisation key: links real names to codes.',
    '# Never commit, share or export this file. (This one is invented by bench/generate.mjs.)',
    'people:',
  ];
  for (const t of team.filter((t) => t.code === 'M1' || t.code === 'O1')) l.push(`  - code: ${t.code}`, `    name: ${y(t.name)}`);
  for (const g of groups) {
    for (const p of g.participants) {
      l.push(`  - code: ${p.code}`, `    name: ${y(p.name)}`);
      if (p.alias) l.push(`    aliases: ${yList([p.alias])}`);
    }
  }
  l.push('identifiers:', `  - ${y(`${groups[0].name} arbeidssenter`)}`, `  - { text: Solhaugtunet, replace: "[bofellesskapet]" }`);
  return `${l.join('\n')}\n`;
}

function write(root, rel, text) {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/**
 * Writes a project with `sessions` sessions into `dir` (which must be empty or not exist).
 * Returns what it wrote: counts of sessions, turns, words, tags and files.
 */
export function generateProject(dir, { sessions }) {
  if (!Number.isInteger(sessions) || sessions < 1) throw new Error(`--sessions must be a whole number above 0, got ${sessions}`);
  const root = resolve(dir);
  if (existsSync(root) && readdirSync(root).length) throw new Error(`${root} is not empty; give an empty or new folder`);
  mkdirSync(root, { recursive: true });

  const codebook = buildCodebook();
  const places = placeNames();
  const names = namePool(TEAM.length);
  const ngroups = Math.ceil(sessions / SERIES);
  const groups = [];
  let nextCode = 1;
  for (let g = 0; g < ngroups; g++) {
    const group = buildGroup(g, nextCode, places, codebook);
    nextCode += group.participants.length;
    for (const p of group.participants) {
      const n = names.person(Number(p.code.slice(1)) - 1);
      p.name = n.name;
      if (group.rng.chance(0.15)) p.alias = n.first;
    }
    groups.push(group);
  }
  TEAM.forEach((t, i) => (t.name = names.team[i].name));

  const stats = {
    sessions: 0,
    groups: ngroups,
    participants: nextCode - 1,
    turns: 0,
    words: 0,
    tags: 0,
    files: 0,
    searchTurns: 0,
    summaries: 0,
    validated: 0,
  };
  const put = (rel, text) => {
    write(root, rel, text);
    stats.files++;
  };
  put('fokus.yaml', manifestText(sessions, groups));
  put('participants.yaml', participantsText(groups));
  put('codebook.yaml', codebookText(codebook));
  V.GUIDES.forEach((_, i) => {
    const g = guideOf(i + 1);
    put(`guides/${g.name}.yaml`, guideText(g, i + 1));
  });
  put('.gitignore', '# Kept out of git by fokus: these hold real names.\nkey.yaml\nraw/\n');
  put('key.yaml', keyText(TEAM, groups));
  chmodSync(join(root, 'key.yaml'), 0o600);
  for (const [name, text] of Object.entries(V.REPORT_TEXTS)) put(`reports/${LAST_MILESTONE}/${name}.md`, `${text}\n`);

  const search = SEARCH_WORD.toLowerCase();
  for (const group of groups) {
    const { rng } = group;
    const count = Math.min(SERIES, sessions - group.index * SERIES);
    // Who came to each session: almost everyone, now and then one or two away.
    const series = [];
    for (let n = 1; n <= count; n++) {
      const away = rng.sample(group.participants, rng.weighted([0, 1, 2], [5, 4, 1]));
      series.push({
        id: `${group.id}-${n}`,
        number: n,
        held: group.dates[n - 1],
        moderator: group.moderator,
        duration: rng.int(100, 125),
        attendees: group.participants.filter((p) => !away.includes(p)).map((p) => p.code),
      });
    }
    let previousTopics = [];
    series.forEach((session, i) => {
      const ctx = { group, codebook, previousTopics };
      const dir = `sessions/${session.id}`;
      const transcript = buildTranscript(rng, ctx, session);
      const tagging = buildTags(rng, ctx, transcript);
      const guide = transcript.guide;
      put(
        `${dir}/session.yaml`,
        [
          `group: ${group.id}`,
          `number: ${session.number}`,
          `guide: ${guide.name}`,
          'status: held',
          `planned: ${session.held}`,
          `held: ${session.held}`,
          `duration: ${session.duration}`,
          `setting: ${y(group.setting)}`,
          `moderator: ${session.moderator}`,
          `observers: ${yList(OBSERVERS)}`,
          `attendees: ${yList(session.attendees)}`,
          '',
        ].join('\n'),
      );
      const title = `${group.name}, samling ${session.number}`;
      // Both forms, as in real projects: most as Markdown, some as YAML.
      if (rng.chance(0.6)) put(`${dir}/transcript.md`, transcriptMd(title, transcript.blocks));
      else put(`${dir}/transcript.yaml`, transcriptYaml(title, transcript.blocks));
      for (const f of tagging.files) {
        put(`${dir}/tags/${f.observer}.yaml`, tagsText(session.id, f));
        stats.tags += f.tags.length;
      }
      if (rng.chance(0.25)) {
        for (const o of rng.sample(OBSERVERS, rng.int(1, 2)).sort())
          put(`${dir}/notes/${o}.yaml`, notesText(rng, ctx, session, o, transcript));
      }
      stats.sessions++;
      stats.turns += transcript.turns.length;
      stats.words += transcript.words;
      stats.searchTurns += transcript.turns.filter((t) => t.text.toLowerCase().includes(search)).length;

      // Summaries for sessions 1-3 and most last sessions; validated at the next session.
      const hasSummary = session.number < SERIES || rng.chance(0.6);
      const summary = hasSummary ? summaryPoints(rng, ctx, session, transcript, tagging) : undefined;
      session.summary = summary;
      if (summary) stats.summaries++;
      previousTopics = summary ? summary.themes.flatMap((t) => t.points.map((p) => p.code)).slice(0, 4) : [];
      const next = series[i + 1];
      // The summary is written once the next session's validation is known, so feedback comes first.
      session.validation = summary && next && rng.chance(0.95) ? buildValidation(rng, summary, next) : undefined;
    });
    for (const session of series) {
      const dir = `sessions/${session.id}`;
      if (!session.summary) continue;
      const ctx = { group };
      put(`${dir}/summary.md`, summaryText(ctx, session, session.summary, session.validation));
      if (session.validation) {
        put(`${dir}/history/summary-v1.md`, summaryText(ctx, session, session.summary, undefined));
        put(`${dir}/feedback.yaml`, feedbackText(session, session.validation));
        stats.validated++;
      }
    }
  }
  return {
    ...stats,
    searchWord: SEARCH_WORD,
    milestone: LAST_MILESTONE,
    // A session with a summary the group validated: summarize --dry-run merges into it.
    summarizeSession: `${groups[0].id}-1`,
  };
}

// --- command line --------------------------------------------------------------------------------

function main(argv) {
  const args = argv.slice(2);
  if (!args.length || args.includes('--help') || args.includes('-h')) {
    console.log(
      'usage: node bench/generate.mjs <dir> --sessions N\n\nWrites a synthetic fokus project with N sessions into <dir> (empty or new).',
    );
    return args.length ? 0 : 2;
  }
  let dir;
  let sessions = 20;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--sessions') sessions = Number(args[++i]);
    else if (args[i].startsWith('--sessions=')) sessions = Number(args[i].slice(11));
    else if (!dir && !args[i].startsWith('-')) dir = args[i];
    else {
      console.error(`generate: unknown argument ${args[i]}`);
      return 2;
    }
  }
  if (!dir) {
    console.error('generate: give the folder to write');
    return 2;
  }
  try {
    const t0 = process.hrtime.bigint();
    const s = generateProject(dir, { sessions });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    console.log(
      `${resolve(dir)}: ${s.sessions} sessions in ${s.groups} groups, ${s.participants} participants, ${s.turns} turns, ${s.words} words, ${s.tags} tags, ${s.files} files (${Math.round(ms)} ms)`,
    );
    return 0;
  } catch (e) {
    console.error(`generate: ${e.message}`);
    return 2;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv);
