import { describe, expect, it } from "vitest";
import { handMadeInput } from "./hand-made-run.ts";
import { buildSummary } from "./summary.ts";

describe("buildSummary", () => {
  it("computes every number of a hand-made run exactly", () => {
    expect(buildSummary(handMadeInput())).toEqual({
      schemaVersion: 1,
      scenario: "smoke",
      seed: 42,
      startedAt: "2026-11-22T02:00:00.000Z",
      durationMs: 95_000,
      strategies: {
        pessimistic: {
          accepted: 5,
          completed: 2,
          failed: 1,
          unfinished: 2,
          throughputPerMin: (2 * 60_000) / 3_300,
          queueWaitMs: { p50: 200, p95: 300, p99: 300 },
          taskDurationMs: { p50: 1000, p95: 3000, p99: 3000 },
          checks: {
            "all-accepted-terminal": { valid: false, summary: "1 not terminal (Queued: 1), 1 lost" },
            "no-double-execution": { valid: true, summary: "5 executions, none ran twice" },
          },
          k6: { exitCode: 99, thresholdsFailed: 1, failedThresholds: ["http_req_failed: rate<0.01"], httpReqs: 6, httpReqFailedRate: 0.25, iterationsDropped: 2 },
        },
        optimistic: {
          accepted: 1,
          completed: 1,
          failed: 0,
          unfinished: 0,
          throughputPerMin: 2,
          queueWaitMs: { p50: 50, p95: 50, p99: 50 },
          taskDurationMs: { p50: 29_950, p95: 29_950, p99: 29_950 },
          checks: { "all-accepted-terminal": { valid: true, summary: "all 1 accepted tasks are terminal" } },
          k6: { exitCode: 0, thresholdsFailed: 0, failedThresholds: [], httpReqs: 1, httpReqFailedRate: 0, iterationsDropped: 0 },
        },
      },
      faults: [
        { strategy: "pessimistic", kind: "latency", target: "tentacles 2/10", startMs: 10_000, endMs: 20_000 },
        { strategy: "pessimistic", kind: "kill", target: "node-2", startMs: 30_000, endMs: null },
        { strategy: "optimistic", kind: "latency", target: "tentacles 2/10", startMs: 10_500, endMs: 20_000 },
      ],
      verdict: {
        ok: false,
        reasons: [
          "pessimistic: all-accepted-terminal is invalid: 1 not terminal (Queued: 1), 1 lost",
          "pessimistic: k6 exited with code 99 (thresholds crossed: http_req_failed: rate<0.01)",
        ],
      },
    });
  });

  it("passes a clean run, and fails runs with no work, no checks, unknown checks or no strategies", () => {
    const input = handMadeInput();
    const clean = { ...input, strategies: [input.strategies[1]!] };
    expect(buildSummary(clean).verdict).toEqual({ ok: true, reasons: [] });
    const idle = { ...clean, strategies: [{ ...clean.strategies[0]!, history: [], checks: { x: { valid: "unknown" as const, summary: "nothing to check" } } }] };
    expect(buildSummary(idle).verdict.reasons).toEqual(["optimistic: no deployment was accepted", "optimistic: x is unknown: nothing to check"]);
    const unchecked = { ...clean, strategies: [{ ...clean.strategies[0]!, checks: {} }] };
    expect(buildSummary(unchecked).verdict.reasons).toEqual(["optimistic: no invariant check ran"]);
    expect(buildSummary({ ...input, strategies: [] }).verdict).toEqual({ ok: false, reasons: ["no strategy ran"] });
  });

  it("reports no k6 section without k6, nulls without a k6 summary, and rejects duplicate names", () => {
    const input = handMadeInput();
    const [a, b] = input.strategies;
    const { k6: _dropped, ...noK6 } = b!;
    const summary = buildSummary({ ...input, strategies: [noK6, { ...a!, name: "p2", k6: { exitCode: 107 } }] });
    expect(summary.strategies.optimistic).not.toHaveProperty("k6");
    expect(summary.strategies.p2!.k6).toEqual({ exitCode: 107, thresholdsFailed: 0, failedThresholds: [], httpReqs: null, httpReqFailedRate: null, iterationsDropped: null });
    expect(() => buildSummary({ ...input, strategies: [a!, a!] })).toThrow('buildSummary: strategy name "pessimistic" appears twice');
  });
});
