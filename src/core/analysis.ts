// Counting tags across sessions: per code (stats), and per perspective (compare: do service
// users and staff raise the same themes?). Pure functions over placed tags.
import { coveredTurns, type CodedSession, type PlacedTag, type Speaker } from './coding.js';
import { atLevel } from './codebook.js';
import { UNKNOWN_SPEAKER } from './model.js';
import { compareCodes } from './ids.js';

export type StatsBy = 'session' | 'group' | 'category' | 'observer';
export const STATS_BY: readonly StatsBy[] = ['session', 'group', 'category', 'observer'];

export interface Counts {
  tags: number;
  turns: number;
  speakers: number;
  sessions: number;
}

export interface CodeStats extends Counts {
  code: string;
  /** Counts broken down by --by, keyed by session id, group, category or observer. */
  by?: Record<string, Counts>;
}

export interface Cooccurrence {
  a: string;
  b: string;
  turns: number;
}

export interface StatsReport {
  codes: CodeStats[];
  cooccurrence: Cooccurrence[];
  /** Tags left out because they could not be placed (see fokus validate). */
  orphaned: number;
}

export interface Filter {
  observers?: readonly string[];
  level?: number;
}

/** Every placed tag the filter keeps, with its code rolled up to the level asked for. */
function kept(sessions: readonly CodedSession[], f: Filter): { s: CodedSession; t: PlacedTag; code: string }[] {
  const out: { s: CodedSession; t: PlacedTag; code: string }[] = [];
  for (const s of sessions)
    for (const t of s.tags) {
      if (!t.place || (f.observers && !f.observers.includes(t.observer))) continue;
      out.push({ s, t, code: f.level ? atLevel(t.tag.code, f.level) : t.tag.code });
    }
  return out;
}

class Counter {
  tags = 0;
  private turns = new Set<string>();
  private speakers = new Set<string>();
  private sessions = new Set<string>();
  add(session: string, turn: number, speaker: string, newTag: boolean): void {
    if (newTag) this.tags++;
    this.turns.add(`${session}\u0000${turn}`);
    if (speaker !== UNKNOWN_SPEAKER) this.speakers.add(speaker);
    this.sessions.add(session);
  }
  counts(): Counts {
    return { tags: this.tags, turns: this.turns.size, speakers: this.speakers.size, sessions: this.sessions.size };
  }
}

export function codeStats(
  sessions: readonly CodedSession[],
  speakerOf: (code: string) => Speaker,
  opts: Filter & { by?: StatsBy } = {},
): StatsReport {
  const total = new Map<string, Counter>();
  const split = new Map<string, Map<string, Counter>>();
  for (const { s, t, code } of kept(sessions, opts)) {
    const c = total.get(code) ?? new Counter();
    total.set(code, c);
    const seenKeys = new Set<string>();
    coveredTurns(t).forEach((u, k) => {
      const speaker = s.turns[u]!.speaker;
      c.add(s.session.id, u, speaker, k === 0);
      if (!opts.by) return;
      const who = speakerOf(speaker);
      const key =
        opts.by === 'session'
          ? s.session.id
          : opts.by === 'group'
            ? s.session.group
            : opts.by === 'observer'
              ? t.observer
              : who.kind === 'participant'
                ? who.category!
                : who.kind === 'team'
                  ? 'team'
                  : '?';
      const byCode = split.get(code) ?? new Map<string, Counter>();
      split.set(code, byCode);
      const bc = byCode.get(key) ?? new Counter();
      byCode.set(key, bc);
      bc.add(s.session.id, u, speaker, !seenKeys.has(key));
      seenKeys.add(key);
    });
  }
  const codes: CodeStats[] = [...total]
    .map(([code, c]) => {
      const row: CodeStats = { code, ...c.counts() };
      const b = split.get(code);
      if (b) row.by = Object.fromEntries([...b].sort(([x], [y]) => compareCodes(x, y)).map(([k, v]) => [k, v.counts()]));
      return row;
    })
    .sort((a, b) => b.tags - a.tags || a.code.localeCompare(b.code));
  let orphaned = 0;
  for (const s of sessions) for (const t of s.tags) if (!t.place && (!opts.observers || opts.observers.includes(t.observer))) orphaned++;
  return { codes, cooccurrence: cooccurrence(sessions, opts), orphaned };
}

/** Pairs of codes on the same turn (any observer), by how many turns they share. */
export function cooccurrence(sessions: readonly CodedSession[], f: Filter = {}): Cooccurrence[] {
  const onTurn = new Map<string, Set<string>>();
  for (const { s, t, code } of kept(sessions, f))
    for (const u of coveredTurns(t)) {
      const key = `${s.session.id}\u0000${u}`;
      const set = onTurn.get(key) ?? new Set<string>();
      set.add(code);
      onTurn.set(key, set);
    }
  const pairs = new Map<string, number>();
  for (const set of onTurn.values()) {
    const list = [...set].sort();
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const k = `${list[i]}\u0000${list[j]}`;
        pairs.set(k, (pairs.get(k) ?? 0) + 1);
      }
  }
  return [...pairs]
    .map(([k, turns]) => {
      const [a, b] = k.split('\u0000') as [string, string];
      return { a, b, turns };
    })
    .sort((x, y) => y.turns - x.turns || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
}

// --- compare -------------------------------------------------------------------------------------

export interface PerspectiveCell {
  /** Distinct participants of this perspective whose talk was tagged with the code. */
  speakers: number;
  turns: number;
  dissent: number;
  minority: number;
}

export interface CompareRow {
  code: string;
  cells: Record<string, PerspectiveCell>;
  /** The one perspective that raised the theme, when only one did. */
  only?: string;
  dissent: number;
}

export interface CompareReport {
  by: 'category' | 'group';
  perspectives: { id: string; participants: number }[];
  rows: CompareRow[];
}

export function comparePerspectives(
  sessions: readonly CodedSession[],
  speakerOf: (code: string) => Speaker,
  participants: readonly { code: string; category: string; group: string }[],
  opts: Filter & { by: 'category' | 'group' },
): CompareReport {
  const perspectiveOf = (sp: Speaker) => (opts.by === 'category' ? sp.category : sp.group);
  const size = new Map<string, number>();
  for (const p of participants) {
    const k = opts.by === 'category' ? p.category : p.group;
    size.set(k, (size.get(k) ?? 0) + 1);
  }
  const cells = new Map<string, Map<string, { speakers: Set<string>; turns: Set<string>; dissent: number; minority: number }>>();
  for (const { s, t, code } of kept(sessions, opts)) {
    const seen = new Set<string>();
    for (const u of coveredTurns(t)) {
      const sp = speakerOf(s.turns[u]!.speaker);
      if (sp.kind !== 'participant') continue;
      const k = perspectiveOf(sp)!;
      const row = cells.get(code) ?? new Map();
      cells.set(code, row);
      const cell = row.get(k) ?? { speakers: new Set(), turns: new Set(), dissent: 0, minority: 0 };
      row.set(k, cell);
      cell.speakers.add(sp.code);
      cell.turns.add(`${s.session.id}\u0000${u}`);
      if (!seen.has(k)) {
        seen.add(k);
        if (t.tag.marks?.includes('dissent')) cell.dissent++;
        if (t.tag.marks?.includes('minority')) cell.minority++;
      }
    }
  }
  const perspectives = [...size].map(([id, participants]) => ({ id, participants })).sort((a, b) => a.id.localeCompare(b.id));
  const rows: CompareRow[] = [...cells]
    .map(([code, row]) => {
      const out: CompareRow = { code, cells: {}, dissent: 0 };
      for (const [k, c] of row) {
        out.cells[k] = { speakers: c.speakers.size, turns: c.turns.size, dissent: c.dissent, minority: c.minority };
        out.dissent += c.dissent;
      }
      const raised = Object.keys(out.cells);
      if (raised.length === 1 && perspectives.length > 1) out.only = raised[0]!;
      return out;
    })
    .sort((a, b) => a.code.localeCompare(b.code));
  return { by: opts.by, perspectives, rows };
}
