// Exact quantiles of a sample by the nearest-rank method: the q-quantile of n sorted values is the
// value at 1-based rank ceil(q * n) (q = 0 gives the minimum). No interpolation: every result is an
// observed value. Pure; lives in contracts so metrics, report and k6-side code share one definition.

export interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** Sorts a copy of `values` ascending (numeric); throws on a non-finite value, naming its index. */
export function sortedNumbers(values: readonly number[]): Float64Array {
  const sorted = Float64Array.from(values);
  for (let i = 0; i < sorted.length; i++) {
    if (!Number.isFinite(sorted[i])) throw new Error(`quantiles: expected finite numbers, got ${values[i]} at index ${i}`);
  }
  return sorted.sort();
}

/** Nearest-rank q-quantile of values already sorted ascending; null for an empty sample. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number | null {
  if (!(q >= 0 && q <= 1)) throw new Error(`quantiles: q must be within [0, 1], got ${q}`);
  const n = sorted.length;
  if (n === 0) return null;
  // The epsilon keeps float noise (0.07 * 100 = 7.000000000000001) from bumping the rank.
  const rank = Math.max(1, Math.ceil(q * n - 1e-9));
  return sorted[rank - 1] ?? null;
}

/** Nearest-rank q-quantile of unsorted values; null for an empty sample. */
export function quantile(values: readonly number[], q: number): number | null {
  return quantileSorted(sortedNumbers(values), q);
}

/** p50, p95 and p99 (nearest rank) of unsorted values, sorting once; nulls for an empty sample. */
export function percentiles(values: readonly number[]): Percentiles {
  const sorted = sortedNumbers(values);
  return { p50: quantileSorted(sorted, 0.5), p95: quantileSorted(sorted, 0.95), p99: quantileSorted(sorted, 0.99) };
}
