// Hodges-Lehmann estimate of the shift x - y (the median of all pairwise differences) and its
// confidence interval, as R's wilcox.test(x, y, conf.int = TRUE) computes it: from the exact null
// distribution of U when there are no ties and a sample has at most 8 values (order statistics of the
// differences), else by inverting the normal approximation with tie and continuity corrections.
import { exactUCounts, rankWithTies } from "./mann-whitney.ts";
import { normalQuantile } from "./normal.ts";

export interface ShiftEstimate {
  estimate: number;
  ciLow: number;
  ciHigh: number;
  /** The confidence the interval really has (exact intervals are conservative). */
  achievedConfLevel: number;
}

export function hodgesLehmann(x: readonly number[], y: readonly number[], confLevel = 0.95): ShiftEstimate {
  const m = x.length;
  const n = y.length;
  if (m === 0 || n === 0) throw new RangeError(`hodgesLehmann: both samples need values, got ${m} and ${n}`);
  const diffs = new Float64Array(m * n);
  let k = 0;
  for (const a of x) for (const b of y) diffs[k++] = a - b;
  diffs.sort();
  const mid = diffs.length / 2;
  const estimate = diffs.length % 2 === 1 ? diffs[Math.floor(mid)]! : (diffs[mid - 1]! + diffs[mid]!) / 2;
  if (diffs[0] === diffs.at(-1)) return { estimate, ciLow: estimate, ciHigh: estimate, achievedConfLevel: 1 };
  const alpha = 1 - confLevel;
  const ties = rankWithTies([...x, ...y]).tieSizes.some((t) => t > 1);
  if (!ties && Math.min(m, n) <= 8) {
    const counts = exactUCounts(m, n);
    const total = counts.reduce((a, b) => a + b, 0);
    let cdf = 0;
    let qu = 0;
    for (; qu < counts.length; qu++) {
      if ((cdf + counts[qu]!) / total >= alpha / 2) break;
      cdf += counts[qu]!;
    }
    if (qu === 0) qu = 1; // as R: the widest interval the sample allows
    let below = 0;
    for (let u = 0; u < qu; u++) below += counts[u]!;
    return { estimate, ciLow: diffs[qu - 1]!, ciHigh: diffs[m * n - qu]!, achievedConfLevel: 1 - (2 * below) / total };
  }
  const muMin = x.reduce((a, b) => Math.min(a, b)) - y.reduce((a, b) => Math.max(a, b));
  const muMax = x.reduce((a, b) => Math.max(a, b)) - y.reduce((a, b) => Math.min(a, b));
  const zq = normalQuantile(1 - alpha / 2);
  return { estimate, ciLow: root(x, y, zq, muMin, muMax), ciHigh: root(x, y, -zq, muMin, muMax), achievedConfLevel: confLevel };
}

/** R's wdiff: the standardized rank-sum statistic of (x - d, y), continuity-corrected, minus zq. Decreasing in d. */
function wdiff(x: readonly number[], y: readonly number[], d: number, zq: number): number {
  const m = x.length;
  const n = y.length;
  const N = m + n;
  const { ranks, tieSizes } = rankWithTies([...x.map((v) => v - d), ...y]);
  let dz = -(m * (m + 1)) / 2 - (m * n) / 2;
  for (let i = 0; i < m; i++) dz += ranks[i]!;
  const correction = Math.sign(dz) * 0.5;
  const tieTerm = tieSizes.reduce((a, t) => a + t ** 3 - t, 0);
  const sigma = Math.sqrt(((m * n) / 12) * (N + 1 - tieTerm / (N * (N - 1))));
  if (sigma === 0) return Math.sign(dz - correction) * Infinity - zq;
  return (dz - correction) / sigma - zq;
}

function root(x: readonly number[], y: readonly number[], zq: number, lo: number, hi: number): number {
  if (wdiff(x, y, lo, zq) <= 0) return lo;
  if (wdiff(x, y, hi, zq) >= 0) return hi;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(lo), Math.abs(hi)); i++) {
    const midpoint = (lo + hi) / 2;
    if (wdiff(x, y, midpoint, zq) > 0) lo = midpoint;
    else hi = midpoint;
  }
  return (lo + hi) / 2;
}
