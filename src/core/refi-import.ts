// A new fokus project from a REFI-QDA project: the codebook (GUIDs kept), users as observers,
// each text source as a session's transcript (speaker turns from `Name:` paragraphs, names
// replaced by codes and kept in the key), and each coding as a tag by its user. Pure: the
// command reads the archive and writes the files this plans.
import { UserError } from '../errors.js';
import { anchorSpan, anchorTurns } from './anchor.js';
import { CODE_PATH_RE, CODE_RE, SLUG_RE, compareCodes, isRealDate } from './ids.js';
import { isGenericLabel, isPersonName, nameEdits, nameFinder, personName, replaceNames } from './pseudonymise.js';
import {
  CONSENT_STATUSES,
  TAG_MARKS,
  type ConsentStatus,
  UNKNOWN_SPEAKER,
  type AttributeValue,
  type Block,
  type Code,
  type Key,
  type Lang,
  type Manifest,
  type Participant,
  type Session,
  type Tag,
  type TagMark,
  type Transcript,
  type Turn,
} from './model.js';
import { normName, oneLine } from './text.js';
import {
  ATTRIBUTE_PREFIX,
  FIELD_NOTES_PREFIX,
  MARKS_PREFIX,
  PATH_LINE,
  SUMMARY_PREFIX,
  WHEN_LABELS,
  codeGuid,
  segmentOf,
} from './refi-export.js';
import type { RefiCode, RefiCoding, RefiProject, RefiSource } from './refi.js';
import { readSourceText } from '../importers/source-text.js';

export interface RefiImportInput {
  project: RefiProject;
  /** Each text source's plain text by source GUID; undefined when the archive lacks the file. */
  texts: ReadonlyMap<string, string | undefined>;
  lang?: Lang;
  /** `--map`: a speaker label (normalised with normName) to the code to give it. */
  maps: ReadonlyMap<string, string>;
}

export interface ImportedSession {
  session: Session;
  transcript?: Transcript;
  /** Tags by observer code. */
  tags: Map<string, Tag[]>;
  summary?: string;
  /** Where the source came from, for the report. */
  source: string;
  /** `one`: CR LF counted as one character; `two`: as two; undefined: the text has no CR LF. */
  crlf?: 'one' | 'two';
}

export interface RefiImportPlan {
  manifest: Manifest;
  participants: Participant[];
  codes: Code[];
  sessions: ImportedSession[];
  key: Key;
  /** Speaker labels and the codes they got; names are never listed, only whether the key holds one. */
  speakers: { label?: string; code: string; named: boolean; turns: number }[];
  counts: { codes: number; sources: number; turns: number; selections: number; codings: number; tags: number; memos: number };
  /** What could not be carried over, by reason. */
  dropped: Record<string, number>;
  warnings: string[];
}

/** A unique, valid value: `base`, else `base-2`, `base-3`, ... */
function unique(base: string, taken: Set<string>, valid: (s: string) => boolean, sep = '-'): string {
  let v = base;
  for (let n = 2; taken.has(v) || !valid(v); n++) {
    // Every candidate is checked, so an impossible base ends in an error, never a loop.
    if (n > 10_000) throw new Error(`no valid name from '${base}'`);
    const suffix = `${sep}${n}`;
    v = `${base}${suffix}`;
    // A base as long as a name may be leaves no room for the number: it gives way (by code points).
    if (!valid(v)) v = `${Array.from(base).slice(0, -suffix.length).join('')}${suffix}`;
  }
  taken.add(v);
  return v;
}

/** A speaker label that is a code already: P3, M1, FG12. */
const CODE_LIKE = /^[A-Z]{1,3}\d{1,3}$/;

/** Guesses bokmål or English from common words. */
export function guessLanguage(texts: Iterable<string>): Lang {
  let nb = 0;
  let en = 0;
  for (const t of texts) {
    const sample = t.slice(0, 20_000).toLowerCase();
    nb += sample.match(/(?<![\p{L}])(og|jeg|ikke|det|som|er|på|med|har|vi|å)(?![\p{L}])/gu)?.length ?? 0;
    en += sample.match(/(?<![\p{L}])(and|the|not|that|with|have|we|is|of|to)(?![\p{L}])/gu)?.length ?? 0;
  }
  return nb > en ? 'nb' : 'en';
}

// --- the codebook -------------------------------------------------------------------------------

function readDescription(d: string | undefined): { description?: string; use_when?: string; avoid_when?: string; path?: string } {
  if (!d) return {};
  const out: { description?: string; use_when?: string; avoid_when?: string; path?: string } = {};
  const keep: string[] = [];
  const labels = Object.values(WHEN_LABELS);
  for (const para of d.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)) {
    const rest: string[] = [];
    // A `Use when:` line runs on over the lines after it, up to the next label.
    let open: 'use_when' | 'avoid_when' | undefined;
    for (const line of para.split('\n')) {
      const use = labels.find((l) => line.startsWith(`${l.use}:`));
      const avoid = labels.find((l) => line.startsWith(`${l.avoid}:`));
      const path = new RegExp(`^${PATH_LINE}: (\\S+)$`).exec(line.trim());
      if (use) {
        out.use_when = line.slice(use.use.length + 1).trim();
        open = 'use_when';
      } else if (avoid) {
        out.avoid_when = line.slice(avoid.avoid.length + 1).trim();
        open = 'avoid_when';
      } else if (path && CODE_PATH_RE.test(path[1]!)) {
        out.path = path[1]!;
        open = undefined;
      } else if (open) out[open] += `\n${line}`;
      else rest.push(line);
    }
    if (rest.join('').trim()) keep.push(rest.join('\n').trim());
  }
  if (keep.length) out.description = keep.join('\n\n');
  return out;
}

/** The code tree as paths: a segment spelled from each name, unique among its siblings. */
export function importCodes(tree: readonly RefiCode[]): { codes: Code[]; byGuid: Map<string, string> } {
  const codes: Code[] = [];
  const byGuid = new Map<string, string>();
  const walk = (nodes: readonly RefiCode[], parent: string | undefined) => {
    const taken = new Set<string>();
    for (const n of nodes) {
      const d = readDescription(n.description);
      const fromPath = d.path?.slice(d.path.lastIndexOf('/') + 1);
      // Room for the part, leaving space for a -N that tells siblings apart; a deep path gets short parts.
      const room = 114 - (parent ? parent.length + 1 : 0);
      if (room < 1)
        throw new UserError(
          `the code "${n.name}" lies too deep for a code path of at most 120 characters`,
          n.at ? { ...n.at } : undefined,
          'bad-refi',
        );
      // A name that fits is kept whole (a fokus export's paths come back unchanged); a long one is cut.
      const full = fromPath ?? segmentOf(n.name);
      // Cut by code points: half of a surrogate pair is no letter, and no number after it would help.
      const cut = full.length <= Math.min(60, room) ? full : Array.from(full).slice(0, Math.min(40, room)).join('');
      const spelled = cut.replace(/[-_]+$/, '') || 'kode';
      const seg = unique(spelled, taken, (s) => CODE_PATH_RE.test(parent ? `${parent}/${s}` : s));
      const path = parent ? `${parent}/${seg}` : seg;
      const c: Code = { code: path };
      if (n.name !== seg) c.label = n.name;
      if (d.description) c.description = d.description;
      if (d.use_when) c.use_when = d.use_when;
      if (d.avoid_when) c.avoid_when = d.avoid_when;
      if (n.color) c.colour = (n.color.length === 4 ? `#${[...n.color.slice(1)].map((x) => x + x).join('')}` : n.color).toLowerCase();
      // Another tool's GUID is kept so it recognises the code when the project goes back.
      if (n.guid !== codeGuid({ code: path })) c.guid = n.guid;
      codes.push(c);
      byGuid.set(n.guid, path);
      walk(n.children, path);
    }
  };
  walk(tree, undefined);
  return { codes, byGuid };
}

// --- the project --------------------------------------------------------------------------------

function initials(name: string): string {
  const words = name.split(/[\s._-]+/).filter(Boolean);
  const x = (words.length > 1 ? words.map((w) => w[0]) : [...(words[0] ?? 'O').slice(0, 2)]).join('');
  return (
    x
      .normalize('NFD')
      .replace(/[^A-Za-z0-9]/g, '')
      .toUpperCase() || 'O'
  );
}

/** Maps a position in a text to where it lands after the names in it are replaced. */
function shifter(edits: readonly { index: number; length: number; by: string }[]): (pos: number, end: boolean) => number {
  return (pos, end) => {
    let shift = 0;
    for (const e of edits) {
      if (pos <= e.index) break;
      if (pos < e.index + e.length) return e.index + shift + (end ? e.by.length : 0);
      shift += e.by.length - e.length;
    }
    return pos + shift;
  };
}

export function planRefiImport(input: RefiImportInput): RefiImportPlan {
  const p = input.project;
  const fokusOrigin = /^fokus\b/i.test(p.origin ?? '');
  const warnings: string[] = [];
  const dropped: Record<string, number> = { ...(p.skipped ?? {}) };
  const drop = (why: string, n = 1) => {
    if (n > 0) dropped[why] = (dropped[why] ?? 0) + n;
  };

  const { codes, byGuid: codeByGuid } = importCodes(p.codes);

  // Users become observers: their own id when it is a valid code, else initials.
  const userCode = new Map<string, string>();
  const takenCodes = new Set<string>();
  const team: NonNullable<Manifest['team']> = [];
  for (const u of p.users) {
    const given = u.id && CODE_RE.test(u.id) ? u.id : initials(u.name ?? u.id ?? 'O');
    const wanted = CODE_RE.test(given) ? given : 'O';
    const code = unique(wanted, takenCodes, (s) => CODE_RE.test(s), '');
    userCode.set(u.guid, code);
    const m: (typeof team)[number] = { code, roles: [] };
    if (u.name && u.name !== code) m.name = u.name;
    team.push(m);
  }
  const userCodes = new Set(userCode.values());
  let fallbackObserver: string | undefined;
  const observerOf = (...guids: (string | undefined)[]): string => {
    for (const g of guids) if (g && userCode.has(g)) return userCode.get(g)!;
    if (p.users.length) return userCode.get(p.users[0]!.guid)!;
    if (!fallbackObserver) {
      fallbackObserver = unique('O1', takenCodes, (s) => CODE_RE.test(s), '');
      team.push({ code: fallbackObserver, roles: ['observer'] });
      warnings.push(`the project names no users: its codings are by ${fallbackObserver}`);
    }
    return fallbackObserver;
  };

  const varName = new Map(p.variables.map((v) => [v.guid, v.name]));
  const valueOf = (values: RefiSource['values'], name: string) => values.find((v) => varName.get(v.variable) === name)?.value;
  const notes = new Map(p.notes.map((n) => [n.guid, n]));
  const usedNotes = new Set<string>();

  const texts = [...input.texts.values()].filter((t): t is string => t !== undefined);
  const lang = input.lang ?? guessLanguage([...texts, ...p.sources.flatMap((s) => (s.text ? [s.text] : []))]);

  const groups: string[] = [];

  // Speakers: codes in a fokus export; otherwise each label gets one (--map first), and names go to the key.
  const speakerCode = new Map<string, string>();
  const key: Key = { people: [], identifiers: [] };
  const speakers: RefiImportPlan['speakers'] = [];
  for (const code of input.maps.values()) takenCodes.add(code);
  for (const c of p.cases) if (fokusOrigin && c.name && CODE_RE.test(c.name)) takenCodes.add(c.name);
  let nextP = 1;
  const codeForLabel = (label: string, source: number): string => {
    // A tool's "Speaker 1" is per recording: the same label in two sources may be two people.
    const n = isGenericLabel(label) ? `${normName(label)}#${source}` : normName(label);
    const known = speakerCode.get(n);
    if (known) return known;
    let code = input.maps.get(n);
    if (!code && fokusOrigin && (CODE_RE.test(label) || label === UNKNOWN_SPEAKER)) code = label;
    // A label that is a code already (P3), or a user's code (the moderator speaking), stays; both were set aside.
    if (!code && (CODE_LIKE.test(label) || userCodes.has(label))) code = label;
    if (!code) {
      while (takenCodes.has(`P${nextP}`)) nextP++;
      code = `P${nextP}`;
      takenCodes.add(code);
    }
    speakerCode.set(n, code);
    const named = !fokusOrigin && code !== label && isPersonName(label);
    if (named) {
      const person = key.people.find((x) => x.code === code);
      const name = personName(label);
      if (person) (person.aliases ??= []).push(name);
      else key.people.push({ code, name });
    }
    speakers.push(named ? { code, named, turns: 0 } : { label, code, named, turns: 0 });
    return code;
  };

  // First pass: read every source, so labels get codes in order and the key knows every name before any replacing.
  const reads = p.sources.map((src) => {
    const text = src.text ?? input.texts.get(src.guid);
    if (text === undefined) {
      warnings.push(
        `source ${src.name ?? src.guid}: its text file ${src.plainTextPath ?? ''} is not in the archive; the session has no transcript`,
      );
      return undefined;
    }
    // A fokus export's speakers are its cases and users; any other "Word:" opening a paragraph is talk.
    const speakers = fokusOrigin
      ? new Set([...p.cases.flatMap((c) => (c.name ? [c.name] : [])), ...userCodes, UNKNOWN_SPEAKER])
      : undefined;
    return readSourceText(text, {
      labels: fokusOrigin ? 'codes' : 'names',
      knownLabels: new Set(input.maps.keys()),
      ...(speakers ? { codes: speakers } : {}),
    });
  });
  for (const read of reads)
    for (const t of read?.turns ?? []) if (t.label !== undefined && CODE_LIKE.test(t.label)) takenCodes.add(t.label);
  reads.forEach((read, i) => {
    for (const t of read?.turns ?? []) if (t.label !== undefined) codeForLabel(t.label, i);
  });
  const finder = nameFinder(key, lang === 'nb' ? '[navn]' : '[name]');
  // A source called "Intervju med Kari Nordmann", or a memo naming her, loses the name too.
  const scrub = (text: string) => (fokusOrigin ? text : replaceNames(text, finder).text);

  // Groups: a fokus export says each source's group; another tool's project is one group.
  const defaultGroup =
    (
      segmentOf(scrub(p.name))
        .replace(/_/g, '-')
        .replace(/[^a-z0-9-]/g, '')
        .slice(0, 40)
        .replace(/^-+|-+$/g, '') || 'imported'
    ).replace(/^[^a-z0-9]+/, '') || 'imported';
  const sessions: ImportedSession[] = [];
  const sessionIds = new Set<string>();
  const numbers = new Map<string, number>();
  const spoke = new Map<string, Set<string>>();
  let turnCount = 0;
  let selections = 0;
  let codings = 0;
  let tagCount = 0;
  let memos = 0;

  p.sources.forEach((src, i) => {
    const read = reads[i];
    const group =
      fokusOrigin && typeof valueOf(src.values, 'group') === 'string' && SLUG_RE.test(String(valueOf(src.values, 'group')))
        ? String(valueOf(src.values, 'group'))
        : defaultGroup;
    if (!groups.includes(group)) groups.push(group);
    const n = (numbers.get(group) ?? 0) + 1;
    const givenNumber = fokusOrigin ? valueOf(src.values, 'session number') : undefined;
    const number = typeof givenNumber === 'number' && Number.isInteger(givenNumber) && givenNumber > 0 ? givenNumber : n;
    numbers.set(group, Math.max(n, number));
    const id = unique(fokusOrigin && src.name && SLUG_RE.test(src.name) ? src.name : `${group}-${number}`, sessionIds, (s) =>
      SLUG_RE.test(s),
    );
    const session: Session = { id, group, number, status: 'held' };
    const date = fokusOrigin ? valueOf(src.values, 'date') : undefined;
    if (typeof date === 'string' && isRealDate(date)) session.held = date;
    const out: ImportedSession = { session, tags: new Map(), source: scrub(src.name ?? src.guid) };

    if (!read || !read.turns.length) {
      if (read) warnings.push(`source ${out.source} has no text: session ${id} has no transcript`);
      drop('codings on sources without text', src.selections.reduce((a, s) => a + s.codings.length, 0) + src.codings.length);
      sessions.push(out);
      return;
    }
    // Which way this tool counted CR LF: the reading that puts more selections on word boundaries.
    let crlfAsOne = false;
    if (read.crlf) {
      crlfAsOne = read.fit(src.selections, true) > read.fit(src.selections, false);
      out.crlf = crlfAsOne ? 'one' : 'two';
    }

    // Turns, names replaced; positions of selections move with the replacements.
    const turns: Turn[] = [];
    const shifts: ((pos: number, end: boolean) => number)[] = [];
    const blocks: Block[] = [];
    for (const b of read.blocks) {
      if (b.kind === 'heading') {
        blocks.push({ kind: 'heading', title: b.title });
        continue;
      }
      const speaker = b.label === undefined ? UNKNOWN_SPEAKER : codeForLabel(b.label, i);
      const edits = fokusOrigin ? [] : nameEdits(b.text, finder);
      let text = b.text;
      if (edits.length) {
        let s = '';
        let last = 0;
        for (const e of edits) {
          s += text.slice(last, e.index) + e.by;
          last = e.index + e.length;
        }
        text = s + text.slice(last);
      }
      shifts.push(shifter(edits));
      const turn: Turn = { kind: 'turn', id: `t${turns.length + 1}`, speaker, text };
      if (b.start !== undefined) turn.start = b.start;
      turns.push(turn);
      blocks.push(turn);
      const sp = speakers.find((x) => x.code === speaker);
      if (sp) sp.turns++;
      if (speaker !== UNKNOWN_SPEAKER) (spoke.get(speaker) ?? spoke.set(speaker, new Set()).get(speaker)!).add(id);
    }
    turnCount += turns.length;
    // One line each, as transcript.md reads them back.
    const transcript: Transcript = { title: oneLine(scrub(src.description ?? src.name ?? id)), blocks };
    transcript.source = oneLine(`REFI-QDA ${p.origin ?? ''}: ${out.source}`.replace(/\s+:/, ':'));
    out.transcript = transcript;

    const addTag = (observer: string, tag: Tag) => {
      const list = out.tags.get(observer) ?? [];
      list.push(tag);
      out.tags.set(observer, list);
      tagCount++;
    };
    const codeOf = (c: RefiCoding): string | undefined => {
      const path = codeByGuid.get(c.code);
      if (!path) drop('codings whose code is not in the codebook');
      return path;
    };
    for (const sel of src.selections) {
      selections++;
      const span = read.span(sel.start, sel.end, crlfAsOne);
      if (!span) {
        drop('selections with no text in them', 1);
        continue;
      }
      const from = shifts[span.first]!(span.from, false);
      const to = shifts[span.last]!(span.to, true);
      const anchor = anchorSpan(turns, span.first, from, span.last, to);
      const marks = sel.description?.startsWith(MARKS_PREFIX)
        ? sel.description
            .slice(MARKS_PREFIX.length)
            .split(',')
            .map((m) => m.trim())
            .filter((m): m is TagMark => (TAG_MARKS as readonly string[]).includes(m))
        : [];
      const memo = sel.notes
        .map((g) => {
          usedNotes.add(g);
          const note = notes.get(g);
          if (note?.plainTextPath && !note.text.trim()) drop('memos whose text file is not in the archive');
          return scrub(note?.text.trim() ?? '');
        })
        .filter(Boolean)
        .join('\n\n');
      for (const c of sel.codings) {
        codings++;
        const code = codeOf(c);
        if (!code) continue;
        const tag: Tag = { code, ...anchor };
        if (marks.length) tag.marks = marks;
        if (memo) {
          tag.memo = memo;
          memos++;
        }
        addTag(observerOf(c.user, sel.user, src.user, p.creatingUser), tag);
      }
    }
    // A coding of the source as a whole covers every turn.
    for (const c of src.codings) {
      codings++;
      const code = codeOf(c);
      if (code) addTag(observerOf(c.user, src.user, p.creatingUser), { code, ...anchorTurns(turns, 0, turns.length - 1) });
    }
    for (const g of src.notes) {
      const note = notes.get(g);
      if (!note) continue;
      if (fokusOrigin && out.summary === undefined && Object.values(SUMMARY_PREFIX).some((x) => note.name?.startsWith(x))) {
        out.summary = note.text;
        usedNotes.add(g);
      } else if (fokusOrigin && Object.values(FIELD_NOTES_PREFIX).some((x) => note.name?.startsWith(x))) {
        // Field notes went out as text for other tools; fokus keeps its own in notes/.
        usedNotes.add(g);
        drop('field notes (exported as text; not read back)');
      }
    }
    sessions.push(out);
  });
  drop('notes fokus has no place for', p.notes.filter((n) => !usedNotes.has(n.guid)).length);

  // Participants: a fokus export's cases, with their variables; otherwise every speaker who is not on the team.
  const participants: Participant[] = [];
  const teamCodes = new Set(team.map((t) => t.code));
  if (fokusOrigin) {
    for (const c of p.cases) {
      if (!c.name || !CODE_RE.test(c.name)) continue;
      const attributes: Record<string, AttributeValue> = {};
      let group = defaultGroup;
      let cat = 'other';
      let consent: { status?: ConsentStatus; date?: string } = {};
      for (const v of c.values) {
        const name = varName.get(v.variable);
        if (name === 'group' && SLUG_RE.test(String(v.value))) group = String(v.value);
        else if (name === 'category') cat = String(v.value);
        else if (name === 'consent' && (CONSENT_STATUSES as readonly string[]).includes(String(v.value)))
          consent = { ...consent, status: String(v.value) as ConsentStatus };
        else if (name === 'consent date' && isRealDate(String(v.value))) consent = { ...consent, date: String(v.value) };
        else if (name) attributes[name.startsWith(ATTRIBUTE_PREFIX) ? name.slice(ATTRIBUTE_PREFIX.length) : name] = v.value;
      }
      if (!groups.includes(group)) groups.push(group);
      const x: Participant = { code: c.name, group, category: cat };
      if (Object.keys(attributes).length) x.attributes = attributes;
      if (consent.status) x.consent = consent.date ? { status: consent.status, date: consent.date } : { status: consent.status };
      participants.push(x);
    }
  } else drop('cases (their names may be real names; participants are made from the speakers instead)', p.cases.length);
  for (const sp of speakers) {
    if (sp.code === UNKNOWN_SPEAKER || teamCodes.has(sp.code) || participants.some((x) => x.code === sp.code)) continue;
    const sessionsOf = [...(spoke.get(sp.code) ?? [])];
    const group = sessions.find((s) => s.session.id === sessionsOf[0])?.session.group ?? groups[0] ?? defaultGroup;
    participants.push({ code: sp.code, group, category: 'other' });
  }
  participants.sort((a, b) => compareCodes(a.code, b.code));
  for (const s of sessions) {
    const attendees = participants.filter((x) => spoke.get(x.code)?.has(s.session.id)).map((x) => x.code);
    if (attendees.length) s.session.attendees = attendees;
    const observers = [...s.tags.keys()].sort(compareCodes);
    if (observers.length) s.session.observers = observers;
  }
  if (!groups.length) groups.push(defaultGroup);
  // Roles: whoever coded is an observer; a team member who speaks in a transcript moderated.
  for (const t of team) {
    if (sessions.some((s) => s.tags.has(t.code))) t.roles.push('observer');
    if (spoke.has(t.code)) t.roles.push('moderator');
    if (!t.roles.length) t.roles.push('observer');
  }

  const manifest: Manifest = {
    title: scrub(p.name).trim() || (lang === 'nb' ? 'Importert prosjekt' : 'Imported project'),
    language: lang,
    team,
    groups: groups.map((id) => ({ id, name: id.charAt(0).toUpperCase() + id.slice(1).replace(/-/g, ' '), kind: 'other' as const })),
  };
  if (p.description) manifest.purpose = scrub(p.description);

  return {
    manifest,
    participants,
    codes,
    sessions,
    key,
    speakers,
    counts: { codes: codes.length, sources: p.sources.length, turns: turnCount, selections, codings, tags: tagCount, memos },
    dropped,
    // Written before the key knew every name: a path such as C:/Intervjuer/Kari Nordmann.txt.
    warnings: warnings.map(scrub),
  };
}
