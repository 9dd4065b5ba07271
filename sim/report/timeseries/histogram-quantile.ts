// Quantile of a Prometheus histogram from cumulative bucket counts (Prometheus histogram_quantile):
// find the bucket holding rank q * total and interpolate linearly inside it; a rank in the +Inf bucket
// returns the highest finite bound. null for an empty histogram.

/** Cumulative counts by upper bound `le` (in any order; +Inf as Infinity). */
export function histogramQuantile(buckets: ReadonlyMap<number, number>, q: number): number | null {
  const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
  const total = sorted.at(-1)?.[1] ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let prevBound = 0;
  let prevCount = 0;
  for (const [bound, count] of sorted) {
    if (count >= rank) {
      if (bound === Infinity) return prevBound;
      const inBucket = count - prevCount;
      return inBucket <= 0 ? bound : prevBound + (bound - prevBound) * ((rank - prevCount) / inBucket);
    }
    prevBound = bound;
    prevCount = count;
  }
  return prevBound;
}
