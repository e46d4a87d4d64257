// Agreement statistics checked against worked examples from published sources, to the precision
// they were published with, and against properties that hold for any data.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  cohensKappa,
  cohensKappaMatrix,
  krippendorffAlphaNominal,
  percentAgreement,
  type ObservedValue,
  type PairTable,
} from '../src/core/agreement-stats.js';

// Published reliability data are printed observers × units; the function takes units × observers.
const byUnit = <T>(rows: readonly (readonly T[])[]): T[][] => (rows[0] ?? []).map((_, u) => rows.map((r) => r[u] as T));
const _ = null; // a value an observer did not give

describe('Krippendorff (2011), Computing Krippendorff’s Alpha-Reliability: worked examples', () => {
  // Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
  // Communication, University of Pennsylvania. https://repository.upenn.edu/asc_papers/43
  // (also https://www.asc.upenn.edu/sites/default/files/2021-03/Computing%20Krippendorff%27s%20Alpha-Reliability.pdf)

  it('A. binary data, two observers, no missing data: alpha = 0.095', () => {
    // Section A: ten units; coincidences o00 = 10, o01 = o10 = 4, o11 = 2; n0 = 14, n1 = 6, n = 20;
    // alpha = 1 − (n − 1)·o01 / (n0·n1) = 1 − 19·4/84 = 0.095.
    const data = byUnit([
      [0, 1, 0, 0, 0, 0, 0, 0, 1, 0], // observer A
      [1, 1, 1, 0, 0, 1, 0, 0, 0, 0], // observer B
    ]);
    const r = krippendorffAlphaNominal(data);
    expect(r.n).toBe(20);
    expect(r.alpha).toBeCloseTo(0.095, 3);
    expect(r.alpha).toBeCloseTo(1 - (19 * 4) / (14 * 6), 12);
  });

  it('B. nominal data, two observers, no missing data: alpha = 0.692', () => {
    // Section B: twelve units, values a–e.
    const data = byUnit([
      ['a', 'a', 'b', 'b', 'd', 'c', 'c', 'c', 'e', 'd', 'd', 'a'], // observer A
      ['b', 'a', 'b', 'b', 'b', 'c', 'c', 'c', 'e', 'd', 'd', 'd'], // observer B
    ]);
    const r = krippendorffAlphaNominal(data);
    expect(r.n).toBe(24);
    expect(r.alpha).toBeCloseTo(0.692, 3);
  });

  it('C. nominal data, four observers, missing data: alpha = 0.743', () => {
    // Section C: twelve units, values 1–5, dots for missing values. Unit 12 has one value only and
    // is not pairable, which leaves n = 40 pairable values.
    const data = byUnit([
      [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _], // observer A
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3], // observer B
      [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _], // observer C
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _], // observer D
    ]);
    const r = krippendorffAlphaNominal(data);
    expect(r.n).toBe(40);
    expect(r.alpha).toBeCloseTo(0.743, 3);
    expect(r.alpha).toBeCloseTo(1 - r.observed / r.expected, 12);
    // The lone value in unit 12 is not pairable: dropping the unit changes nothing.
    expect(krippendorffAlphaNominal(data.slice(0, 11))).toEqual(r);
  });
});

describe("Cohen's kappa: worked examples", () => {
  it('50 grant applications read by two readers: po = 0.7, pe = 0.5, kappa = 0.4', () => {
    // Wikipedia, "Cohen's kappa", section "Examples – Simple example",
    // https://en.wikipedia.org/wiki/Cohen%27s_kappa : readers A and B, 20 both yes, 15 both no,
    // 5 yes by A only and 10 yes by B only. The published figures are exact fractions.
    const t: PairTable = { both: 20, onlyA: 5, onlyB: 10, neither: 15 };
    expect(percentAgreement(t)).toBeCloseTo(0.7, 12);
    expect(cohensKappa(t)).toBeCloseTo(0.4, 12);
  });

  it('100 subjects, three diagnoses, two raters: po = .89, pe = .66, kappa = .68', () => {
    // Fleiss, J. L., Levin, B., & Paik, M. C. (2003). Statistical Methods for Rates and Proportions
    // (3rd ed.), Wiley, ch. 18 "The Measurement of Interrater Agreement", §18.1 worked example
    // (diagnoses psychotic / neurotic / organic of 100 subjects by two raters; first given in
    // Fleiss 1981, 2nd ed.). po = .75 + .04 + .10 = .89; pe = .80·.80 + .10·.05 + .10·.15 = .66;
    // kappa = (.89 − .66) / (1 − .66) = .68.
    const table = [
      [75, 1, 4],
      [5, 4, 1],
      [0, 0, 10],
    ];
    expect(cohensKappaMatrix(table)).toBeCloseTo(0.68, 2);
    expect(cohensKappaMatrix(table)).toBeCloseTo((0.89 - 0.66) / (1 - 0.66), 12);
  });
});

describe('edge cases: undefined, never NaN', () => {
  const empty: PairTable = { both: 0, onlyA: 0, onlyB: 0, neither: 0 };

  it('gives undefined for no units', () => {
    expect(percentAgreement(empty)).toBeUndefined();
    expect(cohensKappa(empty)).toBeUndefined();
    expect(cohensKappaMatrix([])).toBeUndefined();
    expect(cohensKappaMatrix([[0]])).toBeUndefined();
    expect(
      cohensKappaMatrix([
        [0, 0],
        [0, 0],
      ]),
    ).toBeUndefined();
    expect(krippendorffAlphaNominal([])).toEqual({ alpha: undefined, n: 0, observed: 0, expected: 0 });
  });

  it('gives undefined alpha when no unit is pairable', () => {
    const lone = [[1], [_, 2, undefined], [], [_, _]];
    expect(krippendorffAlphaNominal(lone)).toEqual({ alpha: undefined, n: 0, observed: 0, expected: 0 });
  });

  it('gives undefined kappa and alpha when everyone always gave the same one value', () => {
    expect(cohensKappa({ both: 12, onlyA: 0, onlyB: 0, neither: 0 })).toBeUndefined();
    expect(cohensKappa({ both: 0, onlyA: 0, onlyB: 0, neither: 12 })).toBeUndefined();
    expect(percentAgreement({ both: 0, onlyA: 0, onlyB: 0, neither: 12 })).toBe(1);
    expect(
      cohensKappaMatrix([
        [0, 0],
        [0, 9],
      ]),
    ).toBeUndefined();
    const r = krippendorffAlphaNominal([
      ['x', 'x', 'x'],
      ['x', _, 'x'],
      ['x', 'x'],
    ]);
    expect(r).toEqual({ alpha: undefined, n: 7, observed: 0, expected: 0 });
  });

  it('treats null, undefined and NaN as missing, and 1 and "1" as different codes', () => {
    expect(
      krippendorffAlphaNominal([
        [1, Number.NaN, 1],
        [2, 2],
      ]).n,
    ).toBe(4);
    expect(
      krippendorffAlphaNominal([
        [1, '1'],
        [2, 2],
      ]).observed,
    ).toBeGreaterThan(0);
  });

  it('rejects malformed tables', () => {
    expect(() => cohensKappaMatrix([[1, 2], [3]])).toThrow(RangeError);
    expect(() => cohensKappaMatrix([[1, 2]])).toThrow(RangeError);
    expect(() => cohensKappa({ both: -1, onlyA: 2, onlyB: 0, neither: 3 })).toThrow(RangeError);
    expect(() => percentAgreement({ both: Number.NaN, onlyA: 0, onlyB: 0, neither: 3 })).toThrow(RangeError);
  });

  it('handles 100,000 units', () => {
    const units = Array.from({ length: 100_000 }, (_u, i) => [i % 3, i % 3, i % 7 === 0 ? null : i % 3, i % 3]);
    const r = krippendorffAlphaNominal(units);
    expect(r.alpha).toBe(1);
    expect(r.n).toBe(400_000 - Math.ceil(100_000 / 7));
  });
});

// Property checks. Codes come from a small set so that agreement, disagreement and missing values
// all turn up often.
const code = fc.integer({ min: 0, max: 3 });
const maybeCode = fc.option(code, { nil: null, freq: 4 });
const units = fc.array(fc.array(maybeCode, { maxLength: 6 }), { maxLength: 40 });
const twoObservers = fc.array(fc.tuple(code, code), { minLength: 1, maxLength: 60 });
const count = fc.nat({ max: 60 });
const pairTable = fc.record({ both: count, onlyA: count, onlyB: count, neither: count });
const square = fc
  .integer({ min: 1, max: 5 })
  .chain((k) => fc.array(fc.array(count, { minLength: k, maxLength: k }), { minLength: k, maxLength: k }));

// Scott's pi for two observers with complete data: chance agreement from the pooled marginals.
function scottsPi(pairs: readonly (readonly [number, number])[]): number | undefined {
  const pooled = new Map<number, number>();
  let agree = 0;
  for (const [a, b] of pairs) {
    if (a === b) agree++;
    pooled.set(a, (pooled.get(a) ?? 0) + 1);
    pooled.set(b, (pooled.get(b) ?? 0) + 1);
  }
  const po = agree / pairs.length;
  let pe = 0;
  for (const c of pooled.values()) pe += (c / (2 * pairs.length)) ** 2;
  return pe === 1 ? undefined : (po - pe) / (1 - pe);
}

describe('properties', () => {
  it('kappa and alpha are 1 for perfect agreement with variation', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(code, fc.integer({ min: 2, max: 5 }), fc.nat({ max: 3 })), { minLength: 2, maxLength: 30 }), (spec) => {
        fc.pre(new Set(spec.map(([v]) => v)).size >= 2);
        // Each unit: m observers who all gave v, then some who gave nothing.
        const data = spec.map(([v, m, missing]) => [...Array<ObservedValue>(m).fill(v), ...Array<ObservedValue>(missing).fill(null)]);
        expect(krippendorffAlphaNominal(data).alpha).toBe(1);
        expect(krippendorffAlphaNominal(data).observed).toBe(0);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 }), (both, neither) => {
        const t = { both, onlyA: 0, onlyB: 0, neither };
        expect(cohensKappa(t)).toBe(1);
        expect(percentAgreement(t)).toBe(1);
      }),
    );
    fc.assert(
      fc.property(fc.array(count, { minLength: 2, maxLength: 6 }), (diagonal) => {
        fc.pre(diagonal.filter((x) => x > 0).length >= 2);
        const m = diagonal.map((x, i) => diagonal.map((_x, j) => (i === j ? x : 0)));
        expect(cohensKappaMatrix(m)).toBe(1);
      }),
    );
  });

  it('kappa lies in [-1, 1], percent agreement in [0, 1], and the 2x2 form matches the matrix form', () => {
    fc.assert(
      fc.property(pairTable, (t) => {
        const k = cohensKappa(t);
        if (k !== undefined) {
          expect(k).toBeLessThanOrEqual(1);
          expect(k).toBeGreaterThanOrEqual(-1);
        }
        expect(k).toBe(
          cohensKappaMatrix([
            [t.both, t.onlyA],
            [t.onlyB, t.neither],
          ]),
        );
        const p = percentAgreement(t);
        if (p !== undefined) expect(p >= 0 && p <= 1).toBe(true);
      }),
    );
    fc.assert(
      fc.property(square, (m) => {
        const k = cohensKappaMatrix(m);
        if (k !== undefined) expect(k >= -1 - 1e-12 && k <= 1 + 1e-12).toBe(true);
      }),
    );
  });

  it('kappa matches (po − pe)/(1 − pe) computed from proportions', () => {
    fc.assert(
      fc.property(square, (m) => {
        const n = m.flat().reduce((s, x) => s + x, 0);
        fc.pre(n > 0);
        const po = m.reduce((s, row, i) => s + (row[i] ?? 0), 0) / n;
        const pe = m.reduce((s, row, i) => s + (row.reduce((a, x) => a + x, 0) / n) * (m.reduce((a, r) => a + (r[i] ?? 0), 0) / n), 0);
        const k = cohensKappaMatrix(m);
        if (k === undefined) expect(pe).toBeCloseTo(1, 12);
        else expect(k).toBeCloseTo((po - pe) / (1 - pe), 9);
      }),
    );
  });

  it('alpha is at most 1 and 1 − D_o/D_e', () => {
    fc.assert(
      fc.property(units, (data) => {
        const r = krippendorffAlphaNominal(data);
        if (r.alpha === undefined) return;
        expect(r.alpha).toBeLessThanOrEqual(1 + 1e-12);
        expect(r.alpha).toBeCloseTo(1 - r.observed / r.expected, 9);
      }),
    );
  });

  it('swapping observers changes neither statistic', () => {
    fc.assert(
      fc.property(pairTable, (t) => {
        expect(cohensKappa({ ...t, onlyA: t.onlyB, onlyB: t.onlyA })).toBe(cohensKappa(t));
      }),
    );
    fc.assert(
      fc.property(square, (m) => {
        const transposed = m.map((row, i) => row.map((_x, j) => m[j]![i]!));
        expect(cohensKappaMatrix(transposed)).toBe(cohensKappaMatrix(m));
      }),
    );
    fc.assert(
      fc.property(units, (data) => {
        const reversed = data.map((u) => [...u].reverse());
        expect(krippendorffAlphaNominal(reversed)).toEqual(krippendorffAlphaNominal(data));
      }),
    );
  });

  it('a unit where every value is missing, or only one is given, does not change alpha', () => {
    fc.assert(
      fc.property(units, fc.nat({ max: 40 }), fc.nat({ max: 5 }), fc.option(code, { nil: null }), (data, at, width, lone) => {
        const blank: ObservedValue[] = Array<ObservedValue>(width).fill(null);
        if (lone !== null) blank.splice(Math.min(at, width), 0, lone);
        const added = [...data.slice(0, at), blank, ...data.slice(at)];
        expect(krippendorffAlphaNominal(added)).toEqual(krippendorffAlphaNominal(data));
      }),
    );
  });

  it('for two observers and complete data, alpha = 1 − (1 − π)(n − 1)/n with Scott’s π, not kappa', () => {
    // With no missing values, D_o = 1 − po and D_e = n(1 − pe)/(n − 1) for pooled pe, so alpha
    // is Scott's pi corrected for the number n = 2N of values.
    fc.assert(
      fc.property(twoObservers, (pairs) => {
        const r = krippendorffAlphaNominal(pairs);
        const pi = scottsPi(pairs);
        if (pi === undefined) {
          expect(r.alpha).toBeUndefined();
          return;
        }
        const n = 2 * pairs.length;
        expect(r.n).toBe(n);
        expect(r.alpha).toBeCloseTo(1 - ((1 - pi) * (n - 1)) / n, 9);
      }),
    );
  });

  it('alpha for two observers on binary data is close to kappa but need not equal it', () => {
    // Kappa takes chance from each observer's own marginals, alpha from the pooled ones (and
    // corrects for sample size), so they differ when the observers use the codes at different
    // rates. Krippendorff's section A data: A said 1 twice, B four times; kappa = 0.04/0.44.
    const a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
    const b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
    const alpha = krippendorffAlphaNominal(a.map((x, i) => [x, b[i]])).alpha;
    const kappa = cohensKappa({ both: 1, onlyA: 1, onlyB: 3, neither: 5 });
    expect(kappa).toBeCloseTo(0.04 / 0.44, 12);
    expect(alpha).toBeDefined();
    expect(Math.abs(alpha! - kappa!)).toBeGreaterThan(1e-3);
    expect(Math.abs(alpha! - kappa!)).toBeLessThan(0.01);
  });
});
