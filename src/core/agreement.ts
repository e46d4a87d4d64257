// Agreement between observers who tagged the same sessions. The unit is the speaker turn; for
// each code, each observer who tagged the session either applied it to the turn or did not.
// Counting is sparse (only turns someone tagged are visited), so thousands of sessions and
// hundreds of codes stay fast: turns nobody tagged with a code are agreement, added in bulk.
import { cohensKappa, type PairTable } from './agreement-stats.js';
import { coveredTurns, wordsInTurn, type CodedSession } from './coding.js';
import { atLevel } from './codebook.js';
import { compareCodes } from './ids.js';

export const AGREEMENT_METHOD =
  "unit: the speaker turn; each code present or absent per observer; percent agreement over observer pairs, Cohen's kappa (two observers), Krippendorff's alpha (nominal, missing judgements allowed)";

export interface CodeAgreement {
  code: string;
  /** Turns judged by two or more observers. */
  units: number;
  /** Turns at least one observer tagged with the code. */
  tagged: number;
  percent: number | undefined;
  kappa: number | undefined;
  alpha: number | undefined;
}

export interface Disagreement {
  session: string;
  turn: string;
  speaker: string;
  code: string;
  appliedBy: string[];
  notBy: string[];
  words: string;
}

export interface AgreementReport {
  unit: 'turn';
  method: string;
  observers: string[];
  sessions: string[];
  /** Sessions left out because fewer than two of the observers tagged them. */
  skipped: string[];
  units: number;
  codes: CodeAgreement[];
  overall: Omit<CodeAgreement, 'code' | 'tagged'>;
  disagreements: Disagreement[];
}

/** Sums for one code (or all pooled): the 2x2 table when there are two observers, alpha's terms always. */
interface Tally {
  pair: PairTable;
  agreeingPairs: number;
  pairs: number;
  /** Values 0 and 1 given, and the coincidence-weighted disagreement (Krippendorff). */
  n0: number;
  n1: number;
  disagreement: number;
  units: number;
  tagged: number;
}

const empty = (): Tally => ({
  pair: { both: 0, onlyA: 0, onlyB: 0, neither: 0 },
  agreeingPairs: 0,
  pairs: 0,
  n0: 0,
  n1: 0,
  disagreement: 0,
  units: 0,
  tagged: 0,
});

/** Adds `count` turns on which `k` of `m` observers applied the code. */
function add(t: Tally, m: number, k: number, count: number, pairOf?: { a: boolean; b: boolean }): void {
  const choose2 = (x: number) => (x * (x - 1)) / 2;
  t.units += count;
  t.pairs += count * choose2(m);
  t.agreeingPairs += count * (choose2(k) + choose2(m - k));
  t.n1 += count * k;
  t.n0 += count * (m - k);
  t.disagreement += (count * 2 * k * (m - k)) / (m - 1);
  if (k > 0) t.tagged += count;
  if (pairOf) {
    if (pairOf.a && pairOf.b) t.pair.both += count;
    else if (pairOf.a) t.pair.onlyA += count;
    else if (pairOf.b) t.pair.onlyB += count;
    else t.pair.neither += count;
  }
}

/** Krippendorff's alpha for binary values from the tallies: 1 - (n - 1) D / (2 n0 n1). */
export function binaryAlpha(n0: number, n1: number, disagreement: number): number | undefined {
  const n = n0 + n1;
  if (n < 2 || n0 === 0 || n1 === 0) return undefined;
  return 1 - ((n - 1) * disagreement) / (2 * n0 * n1);
}

function result(t: Tally, two: boolean): Omit<CodeAgreement, 'code' | 'tagged'> {
  return {
    units: t.units,
    percent: t.pairs ? t.agreeingPairs / t.pairs : undefined,
    kappa: two ? cohensKappa(t.pair) : undefined,
    alpha: binaryAlpha(t.n0, t.n1, t.disagreement),
  };
}

export function measureAgreement(sessions: readonly CodedSession[], opts: { observers?: string[]; level?: number } = {}): AgreementReport {
  const chosen = opts.observers;
  const roll = (code: string) => (opts.level ? atLevel(code, opts.level) : code);
  const used = new Set<string>();
  const included: CodedSession[] = [];
  const skipped: string[] = [];
  for (const s of sessions) {
    const coders = s.observers.filter((o) => !chosen || chosen.includes(o));
    if (coders.length >= 2) included.push(s);
    else skipped.push(s.session.id);
    for (const o of coders) used.add(o);
  }
  const observers = chosen ?? [...used].sort();
  const two = observers.length === 2;
  const perCode = new Map<string, Tally>();
  const disagreements: Disagreement[] = [];
  let units = 0;

  // Pass 1: which codes appear at all, so every session can add its untagged turns to each.
  const codes = new Set<string>();
  for (const s of included) for (const t of s.tags) if (t.place && (!chosen || chosen.includes(t.observer))) codes.add(roll(t.tag.code));
  for (const c of codes) perCode.set(c, empty());

  for (const s of included) {
    const coders = s.observers.filter((o) => !chosen || chosen.includes(o));
    const m = coders.length;
    units += s.turns.length;
    // turn -> code -> observers who applied it
    const applied = new Map<number, Map<string, Set<string>>>();
    for (const t of s.tags) {
      if (!t.place || !coders.includes(t.observer)) continue;
      const code = roll(t.tag.code);
      for (const u of coveredTurns(t)) {
        let byCode = applied.get(u);
        if (!byCode) applied.set(u, (byCode = new Map()));
        let who = byCode.get(code);
        if (!who) byCode.set(code, (who = new Set()));
        who.add(t.observer);
      }
    }
    const taggedTurns = new Map<string, number>();
    for (const [u, byCode] of applied) {
      for (const [code, who] of byCode) {
        taggedTurns.set(code, (taggedTurns.get(code) ?? 0) + 1);
        const pairOf = two ? { a: who.has(observers[0]!), b: who.has(observers[1]!) } : undefined;
        add(perCode.get(code)!, m, who.size, 1, pairOf);
        if (who.size < m) {
          const turn = s.turns[u]!;
          const words = s.tags
            .filter((t) => who.has(t.observer) && roll(t.tag.code) === code && coveredTurns(t).includes(u))
            .map((t) => wordsInTurn(s, t, u));
          disagreements.push({
            session: s.session.id,
            turn: turn.id,
            speaker: turn.speaker,
            code,
            appliedBy: [...who].sort(),
            notBy: coders.filter((o) => !who.has(o)).sort(),
            words: [...new Set(words)].join(' … '),
          });
        }
      }
    }
    for (const [code, tally] of perCode) {
      const none = s.turns.length - (taggedTurns.get(code) ?? 0);
      if (none > 0) add(tally, m, 0, none, two ? { a: false, b: false } : undefined);
    }
  }

  const total = empty();
  const rows: CodeAgreement[] = [];
  for (const [code, t] of [...perCode].sort(([a], [b]) => a.localeCompare(b))) {
    rows.push({ code, tagged: t.tagged, ...result(t, two) });
    total.pair.both += t.pair.both;
    total.pair.onlyA += t.pair.onlyA;
    total.pair.onlyB += t.pair.onlyB;
    total.pair.neither += t.pair.neither;
    total.agreeingPairs += t.agreeingPairs;
    total.pairs += t.pairs;
    total.n0 += t.n0;
    total.n1 += t.n1;
    total.disagreement += t.disagreement;
    total.units += t.units;
  }
  disagreements.sort((a, b) => a.session.localeCompare(b.session) || compareCodes(a.turn, b.turn) || a.code.localeCompare(b.code));
  return {
    unit: 'turn',
    method: AGREEMENT_METHOD,
    observers,
    sessions: included.map((s) => s.session.id),
    skipped,
    units,
    codes: rows,
    overall: result(total, two),
    disagreements,
  };
}
