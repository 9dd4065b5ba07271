import { describe, expect, it } from "vitest";
import { handMadeInput } from "../testing/hand-made-run.ts";
import { buildSummary } from "./summary.ts";

describe("buildSummary", () => {
  it("computes every number of a hand-made run exactly", () => {
    const summary = buildSummary(handMadeInput());
    // phases: pessimistic's faults run from 10 s to the end (node-2 never healed), so no after phase
    expect(summary.strategies.pessimistic!.phases).toEqual({
      before: { startMs: 0, endMs: 10_000, tasksQueued: 4, queueWaitP95Ms: 300, throughputPerMin: 12, failedRatio: 0.5, createRequests: 7, createErrorRatio: 1 / 7, createLatencyP95Ms: null },
      during: { startMs: 10_000, endMs: 90_000, tasksQueued: 0, queueWaitP95Ms: null, throughputPerMin: 0, failedRatio: null, createRequests: 0, createErrorRatio: null, createLatencyP95Ms: null },
      after: null,
    });
    expect(summary.strategies.optimistic!.phases?.after).toMatchObject({ startMs: 20_000, endMs: 30_000 });
    expect(summary.strategies.pessimistic!.metrics).toMatchObject({ rpcUnknownOutcomes: 0, createErrorRatio: 1 / 7, hungTasks: null, conflicts: null, healthTasks: 0, healthSlotShare: null });
    expect(summary.strategies.pessimistic!.slos).toEqual([]);
    expect(summary).toMatchObject({
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

  it("evaluates SLOs per phase: fail, pass, unknown for a phase without data, skipped for a phase that did not happen", () => {
    const summary = buildSummary({
      ...handMadeInput(),
      slos: { before: { maxQueueWaitP95Ms: 250, maxFailedRatio: 0.6 }, during: { maxQueueWaitP95Ms: 1000 }, after: { minThroughputPerMin: 1 }, maxTimeToRecoverS: 5 },
    });
    expect(summary.strategies.pessimistic!.slos!.map((s) => [s.name, s.status, s.observed])).toEqual([
      ["before.maxQueueWaitP95Ms", "fail", 300],
      ["before.maxFailedRatio", "pass", 0.5],
      ["during.maxQueueWaitP95Ms", "unknown", null],
      ["after.minThroughputPerMin", "skipped", null],
      ["maxTimeToRecoverS", "pass", 0],
    ]);
    expect(summary.strategies.pessimistic!.slos![0]!.detail).toBe("queue wait p95 (ms) 300 breaks <= 250 (before: 0-10 s)");
    expect(summary.verdict.reasons).toContain("pessimistic: SLO before.maxQueueWaitP95Ms failed: queue wait p95 (ms) 300 breaks <= 250 (before: 0-10 s)");
    expect(summary.verdict.reasons.filter((r) => r.includes("SLO")).length).toBe(4); // + during unknown for both, and optimistic after: throughput 0 < 1
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
