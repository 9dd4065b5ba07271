// A small seeded RNG (mulberry32) and a 32-bit string hash (FNV-1a), so anything keyed by
// (seed, key) draws the same numbers on every run and in every process. Pure; k6 can import it.

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/** FNV-1a 32-bit hash of a string's UTF-16 code units, as an unsigned integer. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a fast 32-bit-state generator; the same seed always yields the same sequence. */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An Rng determined by (seed, key) alone, e.g. (fleet seed, script ticket). */
export function seededRng(seed: number, key: string): Rng {
  return mulberry32(hashString(`${seed >>> 0}:${key}`));
}

/** Uniform integer in [min, max] (both inclusive) drawn from `rng`. */
export function uniformInt(rng: Rng, min: number, max: number): number {
  if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
    throw new RangeError(`uniformInt: expected integers min <= max, got min=${min} max=${max}`);
  }
  return min + Math.floor(rng() * (max - min + 1));
}
