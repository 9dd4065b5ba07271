// Execution segments and merged summaries: the flags k6-operator passes runner i of n, and one summary
// from several (counters add, rates recompute, a threshold fails if it failed anywhere, trends take the max).
import { describe, expect, it } from "vitest";
import { segmentArgs } from "./k6-segments.ts";
import { mergeK6Summaries } from "./k6-summary-merge.ts";

describe("segmentArgs", () => {
  it("gives instance i of n the slice i/n:(i+1)/n of one shared sequence", () => {
    expect(segmentArgs({ index: 0, count: 1 })).toEqual([]);
    expect(segmentArgs({ index: 0, count: 2 })).toEqual(["--execution-segment=0:1/2", "--execution-segment-sequence=0,1/2,1"]);
    expect(segmentArgs({ index: 2, count: 3 })).toEqual(["--execution-segment=2/3:1", "--execution-segment-sequence=0,1/3,2/3,1"]);
    expect(() => segmentArgs({ index: 2, count: 2 })).toThrow(/index 2 of 2/);
  });
});

describe("mergeK6Summaries", () => {
  const instance = (reqs: number, fails: number, p95: number, ok: boolean) => ({
    metrics: {
      http_reqs: { type: "counter", contains: "default", values: { count: reqs, rate: reqs / 10 } },
      http_req_failed: { type: "rate", contains: "default", values: { rate: fails / reqs, passes: fails, fails: reqs - fails }, thresholds: { "rate<0.01": { ok } } },
      http_req_duration: { type: "trend", contains: "time", values: { "p(95)": p95, max: p95 * 2 } },
    },
  });
  it("adds counters, recomputes rates, keeps the worst trend and fails a threshold that failed anywhere", () => {
    const merged = mergeK6Summaries([instance(100, 0, 20, true), instance(100, 4, 35, false), undefined]);
    expect(merged.instances).toBe(2);
    expect(merged.metrics.http_reqs!.values).toEqual({ count: 200 });
    expect(merged.metrics.http_req_failed!.values).toEqual({ rate: 0.02, passes: 4, fails: 196 });
    expect(merged.metrics.http_req_failed!.thresholds).toEqual({ "rate<0.01": { ok: false } });
    expect(merged.metrics.http_req_duration!.values).toEqual({ "p(95)": 35, max: 70 });
    expect(merged.merged).toEqual({ http_reqs: "sum", http_req_failed: "rate", http_req_duration: "max" });
  });
});
