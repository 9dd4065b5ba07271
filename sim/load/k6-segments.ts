// k6 execution segments (the protocol k6-operator uses, ../shared/distributed.md): instance i of n runs
// the slice i/n:(i+1)/n of every scenario, and all share one segment sequence so their arrival rates
// add up exactly to the scenario's and iteration numbers stay unique across instances.

export interface K6Segment {
  /** 0-based. */
  index: number;
  count: number;
}

/** A fraction k/n as k6 writes it ("0", "1", "1/3"). */
const fraction = (k: number, n: number): string => (k === 0 ? "0" : k === n ? "1" : `${k}/${n}`);

/** The k6 flags of one instance's segment (none for a single instance). */
export function segmentArgs({ index, count }: K6Segment): string[] {
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`k6 segment: index ${index} of ${count} (expected 0 <= index < count)`);
  }
  if (count === 1) return [];
  const sequence = Array.from({ length: count + 1 }, (_, k) => fraction(k, count)).join(",");
  return [`--execution-segment=${fraction(index, count)}:${fraction(index + 1, count)}`, `--execution-segment-sequence=${sequence}`];
}
