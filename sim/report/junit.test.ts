// junit.xml: every check, SLO, k6 threshold, measurement verdict and expectation is a test case with
// its time; a failure's body is the evidence line a CI reporter shows.
import { describe, expect, it } from "vitest";
import type { RunSummary, StrategySummary } from "../contracts/index.ts";
import { renderJunit } from "./junit.ts";

const column = (over: Partial<StrategySummary>): StrategySummary => ({
  accepted: 10, completed: 10, failed: 0, unfinished: 0, throughputPerMin: 30, queueWaitMs: { p50: 1, p95: 2, p99: 3 }, taskDurationMs: { p50: 1, p95: 2, p99: 3 },
  checks: { "no-double-claim": { valid: true, summary: "none" } },
  phases: { before: { startMs: 0, endMs: 20_000 }, during: { startMs: 20_000, endMs: 50_000 }, after: { startMs: 50_000, endMs: 80_000 } } as unknown as StrategySummary["phases"],
  ...over,
});
const summary: RunSummary = {
  schemaVersion: 1, scenario: "double-pickup", seed: 1, startedAt: "2026-12-04T00:00:00Z", durationMs: 200_000, faults: [],
  strategies: {
    "pickup-without-lock": column({
      checks: { "no-double-execution": { valid: false, summary: "2 tasks ran twice: ServerTasks-4 on node-1 and node-2" } },
      k6: {
        exitCode: 99, thresholdsFailed: 1, failedThresholds: ["http_req_failed: rate<0.01"], httpReqs: 100, httpReqFailedRate: 0.04, iterationsDropped: 0,
        thresholds: [{ metric: "http_req_failed", expression: "rate<0.01", ok: false, observed: "rate=0.04" }, { metric: "http_req_duration", expression: "p(95)<500", ok: true, observed: "p(95)=120" }],
      },
      slos: [{ name: "during.maxQueueWaitP95Ms", status: "fail", limit: 100, observed: 900, detail: "900 ms > 100 ms" }] as StrategySummary["slos"],
      validity: { valid: false, reasons: ["fleet-1 saturated its core in 80% of samples"], notes: [], monitors: {} as never },
    }),
    pessimistic: column({ validity: { valid: true, reasons: [], notes: [], monitors: {} as never } }),
  },
  expectations: [
    { says: "pickup without the lock runs a task twice", holds: true, observed: "pickup-without-lock checks.no-double-execution.valid = false == false" },
    { says: "the lock prevents it", holds: false, observed: "pessimistic metrics.doubleExecutions = 1 == 0" },
  ],
  verdict: { ok: false, reasons: ["..."] },
};

describe("renderJunit", () => {
  const xml = renderJunit(summary);
  const testcase = (name: string) => new RegExp(`<testcase [^>]*name="${name.replace(/[()[\]]/g, "\\$&")}"[^>]*>`).exec(xml)?.[0];

  it("has a case per check, SLO, k6 threshold, measurement verdict and expectation, each with its time", () => {
    expect(testcase("check no-double-execution")).toContain('time="80.000"');
    expect(testcase("slo during.maxQueueWaitP95Ms")).toContain('time="30.000"');
    expect(testcase("k6 threshold http_req_failed: rate&lt;0.01")).toContain('time="80.000"');
    expect(testcase("k6 threshold http_req_duration: p(95)&lt;500")).toMatch(/time="80.000"\/>$/);
    expect(testcase("measurement validity")).toContain('time="80.000"');
    expect(testcase("expect pickup without the lock runs a task twice")).toMatch(/time="200.000"\/>$/);
    expect(xml).toMatch(/<testsuite name="double-pickup.expectations" tests="2" failures="1" skipped="0" time="200.000">/);
    expect(xml).toMatch(/<testsuites name="taskstorm double-pickup" tests="9" failures="5" skipped="0">/);
  });

  it("gives each failure its evidence line", () => {
    expect(xml).toContain("<failure message=\"crossed: http_req_failed rate&lt;0.01, observed rate=0.04\">");
    expect(xml).toContain("<failure message=\"invalid: 2 tasks ran twice: ServerTasks-4 on node-1 and node-2\">");
    expect(xml).toContain("<failure message=\"measurement invalid: fleet-1 saturated its core in 80% of samples\">");
    expect(xml).toContain("<failure message=\"not seen: pessimistic metrics.doubleExecutions = 1 == 0\">");
  });
});
