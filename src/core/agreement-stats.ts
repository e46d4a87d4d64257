// Agreement between observers who coded the same units: percent agreement, Cohen's kappa and
// Krippendorff's alpha for nominal data. Pure arithmetic on counts, so it can be tested against
// published worked examples and used on large projects without touching the store.

/** A 2x2 table for one code between two observers over the same units. */
export interface PairTable {
  both: number;
  onlyA: number;
  onlyB: number;
  neither: number;
}

/** A value an observer gave a unit; null or undefined means the observer gave none. */
export type ObservedValue = string | number | boolean | null | undefined;

// Counts come from tallies; a negative or non-finite one is a bug upstream, and would otherwise
// come out as a plausible-looking but meaningless coefficient.
function checkCount(x: number, what: string): void {
  if (!Number.isFinite(x) || x < 0) throw new RangeError(`${what} must be a finite count >= 0, got ${x}`);
}

function tableTotal(t: PairTable): number {
  checkCount(t.both, 'both');
  checkCount(t.onlyA, 'onlyA');
  checkCount(t.onlyB, 'onlyB');
  checkCount(t.neither, 'neither');
  return t.both + t.onlyA + t.onlyB + t.neither;
}

/** Share of units on which the two observers agree (both or neither); undefined with no units. */
export function percentAgreement(t: PairTable): number | undefined {
  const n = tableTotal(t);
  return n === 0 ? undefined : (t.both + t.neither) / n;
}

/**
 * Cohen's kappa, (po - pe) / (1 - pe), for one code. Undefined with no units, and when pe = 1
 * (both observers put every unit in the same cell): with no variation there is nothing to
 * correct for chance against, and 0/0 must not leak out as NaN or be reported as agreement.
 */
export function cohensKappa(t: PairTable): number | undefined {
  tableTotal(t);
  return cohensKappaMatrix([
    [t.both, t.onlyA],
    [t.onlyB, t.neither],
  ]);
}

/** General Cohen's kappa from a square confusion matrix (rows observer A, columns observer B). */
export function cohensKappaMatrix(m: readonly (readonly number[])[]): number | undefined {
  const k = m.length;
  const rows = new Array<number>(k).fill(0);
  const cols = new Array<number>(k).fill(0);
  let n = 0;
  let diagonal = 0;
  m.forEach((row, i) => {
    if (row.length !== k) throw new RangeError(`confusion matrix must be square: row ${i} has ${row.length} cells, expected ${k}`);
    row.forEach((x, j) => {
      checkCount(x, `cell [${i}][${j}]`);
      rows[i]! += x;
      cols[j]! += x;
      n += x;
      if (i === j) diagonal += x;
    });
  });
  if (n === 0) return undefined;
  // Multiplied through by n^2: kappa = (n·Σdiag − Σ r_i c_i) / (n² − Σ r_i c_i). With integer
  // counts this stays exact, so pe = 1 is caught as an exact zero rather than as 1e-17.
  let chance = 0;
  for (let i = 0; i < k; i++) chance += rows[i]! * cols[i]!;
  const denominator = n * n - chance;
  if (denominator === 0) return undefined;
  return (n * diagonal - chance) / denominator;
}

const isMissing = (v: ObservedValue): v is null | undefined => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));

/**
 * Krippendorff's alpha for nominal data. `units` holds, per unit, the value each observer gave
 * (null/undefined = missing). Units with fewer than 2 values are not pairable and are skipped.
 * Returns alpha (undefined when there are no pairable values or expected disagreement is 0)
 * plus n (the number of pairable values) and the observed and expected disagreement.
 *
 * Values are compared with SameValueZero, so 1 and '1' are different codes. NaN counts as
 * missing, as in other implementations, rather than as a code of its own.
 */
export function krippendorffAlphaNominal(units: readonly (readonly ObservedValue[])[]): {
  alpha: number | undefined;
  n: number;
  observed: number;
  expected: number;
} {
  // Coincidence-matrix method (Krippendorff 2011). For nominal data only two sums of the matrix
  // matter: the off-diagonal total Σ_{c≠k} o_ck and the marginals n_c. A unit u whose m_u values
  // fall k_c to a value c adds k_c·k_j ordered c–j pairs, each weighted 1/(m_u − 1), so its
  // off-diagonal share is (m_u² − Σ_c k_c²)/(m_u − 1). That needs only the unit's value counts:
  // O(m_u) per unit instead of a loop over pairs of observers.
  const ids = new Map<string | number | boolean, number>();
  const marginal: number[] = []; // n_c, by value id
  const inUnit: number[] = []; // k_c for the current unit, by value id; reset after each unit
  const touched: number[] = [];
  let n = 0;
  let offDiagonal = 0;

  for (const unit of units) {
    let m = 0;
    for (const v of unit) if (!isMissing(v)) m++;
    if (m < 2) continue; // a lone value has no partner to agree or disagree with

    for (const v of unit) {
      if (isMissing(v)) continue;
      let id = ids.get(v);
      if (id === undefined) {
        id = ids.size;
        ids.set(v, id);
        marginal.push(0);
        inUnit.push(0);
      }
      if (inUnit[id] === 0) touched.push(id);
      inUnit[id]! += 1;
    }
    let sameSquares = 0;
    for (const id of touched) {
      const kc = inUnit[id]!;
      sameSquares += kc * kc;
      marginal[id]! += kc;
      inUnit[id] = 0;
    }
    touched.length = 0;
    offDiagonal += (m * m - sameSquares) / (m - 1);
    n += m;
  }

  if (n === 0) return { alpha: undefined, n: 0, observed: 0, expected: 0 };
  let marginalSquares = 0;
  for (const nc of marginal) marginalSquares += nc * nc;
  const expectedPairs = n * n - marginalSquares; // Σ_{c≠k} n_c·n_k
  const observed = offDiagonal / n; // D_o
  const expected = expectedPairs / (n * (n - 1)); // D_e
  // alpha = 1 − D_o/D_e, written as 1 − (n − 1)·Σo_ck / Σn_c·n_k to divide once. With one value
  // only there is no expected disagreement and alpha is undefined, not 1 or NaN.
  const alpha = expectedPairs === 0 ? undefined : 1 - ((n - 1) * offDiagonal) / expectedPairs;
  return { alpha, n, observed, expected };
}
