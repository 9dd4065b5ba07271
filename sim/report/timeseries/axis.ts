// The time axis shared by every series of one strategy run: bins of binMs from the load start, at most
// MAX_POINTS of them (1 s bins up to 10 minutes, wider beyond). A bin's value describes [start, end).
export const MAX_POINTS = 600;

export interface Axis {
  /** The strategy's load start, ms since the epoch: x = 0 on every chart. */
  startMs: number;
  binMs: number;
  bins: number;
}

/** Values per bin, null where the series has no data in that bin. */
export type Series = (number | null)[];

export function makeAxis(startMs: number, endMs: number): Axis {
  const spanMs = Math.max(1, endMs - startMs);
  const binMs = Math.max(1000, Math.ceil(spanMs / MAX_POINTS / 1000) * 1000);
  return { startMs, binMs, bins: Math.max(1, Math.ceil(spanMs / binMs)) };
}

/** Index of the bin holding timeMs, or -1 outside the axis. */
export function binOf(axis: Axis, timeMs: number): number {
  const b = Math.floor((timeMs - axis.startMs) / axis.binMs);
  return b >= 0 && b < axis.bins ? b : -1;
}

/**
 * How many [fromMs, untilMs) intervals cover each bin's end instant (a gauge sampled at bin ends),
 * with a difference array: linear in intervals + bins. untilMs Infinity: open to the end.
 */
export function coverage(axis: Axis, intervals: Iterable<readonly [number, number]>): Series {
  const diff = new Float64Array(axis.bins + 1);
  for (const [fromMs, untilMs] of intervals) {
    // bin b's end instant is startMs + (b + 1) * binMs; covered when fromMs <= end < untilMs
    const first = Math.max(0, Math.ceil((fromMs - axis.startMs) / axis.binMs - 1));
    const last = Math.min(axis.bins - 1, Math.ceil((untilMs - axis.startMs) / axis.binMs - 1) - 1);
    if (last < first) continue;
    diff[first]! += 1;
    diff[last + 1]! -= 1;
  }
  const out: Series = [];
  let running = 0;
  for (let b = 0; b < axis.bins; b++) out.push((running += diff[b]!));
  return out;
}

/** Counts per bin divided by the bin length: a rate per second. */
export function ratePerS(axis: Axis, counts: Float64Array): Series {
  return Array.from(counts, (n) => n / (axis.binMs / 1000));
}
