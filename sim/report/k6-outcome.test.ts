import { describe, expect, it } from "vitest";
import { k6Outcome } from "./k6-outcome.ts";

/** Trimmed from a real k6 v2.2.0 handleSummary(data) of 3 refused requests with two thresholds. */
const REAL_SUMMARY = {
  state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 5.35 },
  metrics: {
    http_req_duration: { type: "trend", contains: "time", values: { min: 0, med: 0, max: 0, "p(90)": 0, "p(95)": 0, avg: 0 }, thresholds: { "p(95)<1": { ok: true } } },
    http_reqs: { values: { count: 3, rate: 560.79 }, type: "counter", contains: "default" },
    http_req_failed: { type: "rate", contains: "default", values: { passes: 3, fails: 0, rate: 1 }, thresholds: { "rate<0.01": { ok: false } } },
    iterations: { contains: "default", values: { count: 3, rate: 560.79 }, type: "counter" },
  },
  root_group: { name: "", path: "", id: "d41d8cd98f00b204e9800998ecf8427e", groups: [], checks: [] },
  options: { summaryTrendStats: ["avg", "min", "med", "max", "p(90)", "p(95)"], summaryTimeUnit: "", noColor: false },
};

describe("k6Outcome", () => {
  it("reads requests, failure rate, crossed thresholds and (absent = 0) dropped iterations from a real summary", () => {
    expect(k6Outcome(99, REAL_SUMMARY)).toEqual({
      exitCode: 99,
      thresholdsFailed: 1,
      failedThresholds: ["http_req_failed: rate<0.01"],
      httpReqs: 3,
      httpReqFailedRate: 1,
      iterationsDropped: 0,
      thresholds: [
        { metric: "http_req_duration", expression: "p(95)<1", ok: true, observed: "p(95)=0" },
        { metric: "http_req_failed", expression: "rate<0.01", ok: false, observed: "rate=1" },
      ],
      vusMax: null,
    });
  });

  it("gives nulls for a missing or malformed summary", () => {
    const nulls = { thresholdsFailed: 0, failedThresholds: [], httpReqs: null, httpReqFailedRate: null, iterationsDropped: null };
    expect(k6Outcome(107)).toEqual({ exitCode: 107, ...nulls });
    expect(k6Outcome(0, "not json")).toEqual({ exitCode: 0, ...nulls });
    expect(k6Outcome(0, { metrics: { http_reqs: { values: { count: "3" } } } })).toMatchObject({ httpReqs: null, iterationsDropped: 0 });
  });
});
