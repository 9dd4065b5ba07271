import { describe, expect, it } from "vitest";
import { hashString, mulberry32, seededRng, uniformInt } from "./rng.ts";

describe("rng", () => {
  it("hashString is FNV-1a 32-bit", () => {
    expect(hashString("")).toBe(0x811c9dc5);
    expect(hashString("a")).toBe(0xe40c292c);
    expect(hashString("foobar")).toBe(0xbf9cf968);
  });

  it("the same seed gives the same sequence, a different seed a different one", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const seqA = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(seqA);
    expect([c(), c(), c()]).not.toEqual(seqA);
    for (const x of seqA) expect(x >= 0 && x < 1).toBe(true);
  });

  it("seededRng depends on both seed and key", () => {
    expect(seededRng(1, "t-1")()).toBe(seededRng(1, "t-1")());
    expect(seededRng(1, "t-1")()).not.toBe(seededRng(2, "t-1")());
    expect(seededRng(1, "t-1")()).not.toBe(seededRng(1, "t-2")());
  });

  it("uniformInt covers [min, max] inclusive and nothing else, roughly evenly", () => {
    const rng = mulberry32(7);
    const counts = new Map<number, number>();
    for (let i = 0; i < 6000; i++) {
      const v = uniformInt(rng, 1, 6);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    for (const n of counts.values()) expect(Math.abs(n - 1000)).toBeLessThan(150);
    expect(uniformInt(rng, 5, 5)).toBe(5);
    expect(() => uniformInt(rng, 3, 2)).toThrow(/min <= max, got min=3 max=2/);
  });
});
