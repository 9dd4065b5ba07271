// Mann-Whitney U test, two-sided, as scipy.stats.mannwhitneyu(method="auto") computes it: exact null
// distribution when a sample has at most 8 values and nothing ties, else the normal approximation
// with tie correction and continuity correction. U is the statistic of x (pairs x > y, ties 1/2).
import { normalSf } from "./normal.ts";

export interface MannWhitneyResult {
  u: number;
  pValue: number;
  method: "exact" | "asymptotic";
}

/** Average ranks (1-based) of `values`, and the sizes of their tie groups. */
export function rankWithTies(values: readonly number[]): { ranks: number[]; tieSizes: number[] } {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  const tieSizes: number[] = [];
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const avg = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k]![1]] = avg;
    tieSizes.push(j - i + 1);
    i = j + 1;
  }
  return { ranks, tieSizes };
}

/** Number of arrangements giving each U = 0..m*n under the null (no ties): coefficients of the Gaussian binomial. */
export function exactUCounts(m: number, n: number): Float64Array {
  // f[j][u] for sample sizes (i, j) built up over i: f_i,j(u) = f_{i-1,j}(u - j) + f_{i,j-1}(u)
  let prev: Float64Array[] = Array.from({ length: n + 1 }, () => Float64Array.of(1));
  for (let i = 1; i <= m; i++) {
    const cur: Float64Array[] = [Float64Array.of(1)];
    for (let j = 1; j <= n; j++) {
      const out = new Float64Array(i * j + 1);
      const a = prev[j]!;
      const b = cur[j - 1]!;
      for (let u = 0; u < out.length; u++) out[u] = (u - j >= 0 && u - j < a.length ? a[u - j]! : 0) + (u < b.length ? b[u]! : 0);
      cur.push(out);
    }
    prev = cur;
  }
  return prev[n]!;
}

export function mannWhitneyU(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const m = x.length;
  const n = y.length;
  if (m === 0 || n === 0) throw new RangeError(`mannWhitneyU: both samples need values, got ${m} and ${n}`);
  const { ranks, tieSizes } = rankWithTies([...x, ...y]);
  const r1 = ranks.slice(0, m).reduce((a, b) => a + b, 0);
  const u1 = r1 - (m * (m + 1)) / 2;
  const big = Math.max(u1, m * n - u1);
  const ties = tieSizes.some((t) => t > 1);
  if (!ties && Math.min(m, n) <= 8) {
    const counts = exactUCounts(m, n);
    const total = counts.reduce((a, b) => a + b, 0);
    let tail = 0;
    for (let u = Math.ceil(big); u < counts.length; u++) tail += counts[u]!;
    return { u: u1, pValue: Math.min(1, (2 * tail) / total), method: "exact" };
  }
  const N = m + n;
  const tieTerm = tieSizes.reduce((a, t) => a + t ** 3 - t, 0);
  const sigma = Math.sqrt(((m * n) / 12) * (N + 1 - tieTerm / (N * (N - 1))));
  if (sigma === 0) return { u: u1, pValue: 1, method: "asymptotic" };
  const z = (big - (m * n) / 2 - 0.5) / sigma;
  return { u: u1, pValue: Math.min(1, 2 * normalSf(z)), method: "asymptotic" };
}
