import { describe, expect, it } from "vitest";
import { percentiles, quantile } from "./quantiles.ts";

describe("nearest-rank quantiles", () => {
  it("returns observed values at rank ceil(q * n)", () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    expect(percentiles(values)).toEqual({ p50: 50, p95: 95, p99: 99 });
    expect(quantile(values, 0.07)).toBe(7); // 0.07 * 100 is 7.000000000000001 in floating point
    expect(quantile(values, 0)).toBe(1);
    expect(quantile(values, 1)).toBe(100);
  });

  it("handles small and empty samples", () => {
    expect(percentiles([3, 1, 2])).toEqual({ p50: 2, p95: 3, p99: 3 });
    expect(percentiles([42])).toEqual({ p50: 42, p95: 42, p99: 42 });
    expect(percentiles([])).toEqual({ p50: null, p95: null, p99: null });
  });

  it("rejects non-finite values and q outside [0, 1]", () => {
    expect(() => percentiles([1, NaN])).toThrow("quantiles: expected finite numbers, got NaN at index 1");
    expect(() => quantile([1], 1.5)).toThrow("quantiles: q must be within [0, 1], got 1.5");
  });
});
