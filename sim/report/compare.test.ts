import { describe, expect, it } from "vitest";
import type { RunSummary, StrategySummary } from "../contracts/index.ts";
import { compareSummaries } from "./compare.ts";
import { analyzeRepeats } from "./repeats.ts";

const strategy = (queueWaitP95: number, over: Partial<StrategySummary> = {}): StrategySummary => ({
  accepted: 100, completed: 100, failed: 0, unfinished: 0, throughputPerMin: 60,
  queueWaitMs: { p50: 100, p95: queueWaitP95, p99: queueWaitP95 }, taskDurationMs: { p50: 1000, p95: 2000, p99: 2500 },
  checks: { "no-double-claim": { valid: true, summary: "ok" } }, metrics: { hungTasks: 0, conflicts: 3 }, ...over,
});
const run = (strategies: Record<string, StrategySummary>): RunSummary => ({
  schemaVersion: 1, scenario: "smoke", seed: 1, startedAt: "2026-01-01T00:00:00Z", durationMs: 1, strategies, faults: [], verdict: { ok: true, reasons: [] },
});

describe("compareSummaries", () => {
  it("flags changes in the bad direction beyond the tolerance and the metric's floor, nothing else", () => {
    const base = run({ pessimistic: strategy(1000), optimistic: strategy(50) });
    const cand = run({ pessimistic: strategy(1200, { throughputPerMin: 70 }), optimistic: strategy(90) }); // +20% ; +80% but only 40 ms
    const r = compareSummaries(base, cand, { tolerance: 0.1, baselineLabel: "base.json" });
    expect(r.regressions).toEqual(["pessimistic: queue wait p95 regressed 1000 -> 1200 ms (+20%), beyond the 10% tolerance"]);
    const outcome = (s: string, m: string) => r.deltas.find((d) => d.strategy === s && d.metric === m)?.outcome;
    expect(outcome("pessimistic", "throughputPerMin")).toBe("improvement");
    expect(outcome("optimistic", "queueWaitP95Ms")).toBe("unchanged");
    expect(compareSummaries(base, cand, { tolerance: 0.25 }).regressions).toEqual([]);
  });

  it("counts a column the candidate could not measure as a regression, not an absence", () => {
    const base = run({ pessimistic: strategy(100), optimistic: strategy(100) });
    const cand = { ...run({ pessimistic: strategy(100) }), failedColumns: [{ strategy: "optimistic", kind: "evidence" as const, message: "history.ndjson is missing" }] };
    expect(compareSummaries(base, cand).regressions).toEqual(["optimistic: not measured in this run (evidence missing or damaged: history.ndjson is missing)"]);
  });

  it("counts a check that stopped passing, a new hung task and a missing strategy", () => {
    const base = run({ pessimistic: strategy(100) });
    const cand = run({ pessimistic: strategy(100, { checks: { "no-double-claim": { valid: false, summary: "T-1 claimed twice" } }, metrics: { hungTasks: 1, conflicts: 3 } }) });
    expect(compareSummaries(base, cand).regressions).toEqual([
      "pessimistic: hung tasks regressed 0 -> 1 tasks, beyond the 10% tolerance",
      "pessimistic: check no-double-claim passed in the baseline and is now invalid: T-1 claimed twice",
    ]);
    expect(compareSummaries(base, run({ other: strategy(100) })).regressions[0]).toMatch(/^no strategy in common with the baseline/);
  });

  it("uses rank tests when both sides have repeats, and says when there is no significant difference", () => {
    const repeats = (waits: number[]) => analyzeRepeats(waits.map((w) => run({ pessimistic: strategy(w) })));
    const base = { ...run({ pessimistic: strategy(100) }), repeats: repeats([100, 105, 98, 102, 101]) };
    const same = { ...run({ pessimistic: strategy(100) }), repeats: repeats([99, 104, 101, 100, 103]) };
    const slower = { ...run({ pessimistic: strategy(300) }), repeats: repeats([300, 310, 305, 299, 320]) };
    expect(compareSummaries(base, same).regressions).toEqual([]);
    expect(compareSummaries(base, same).tests!.find((t) => t.metric === "queue wait p95")!.verdict).toMatch(/no significant difference/);
    expect(compareSummaries(base, slower).regressions).toEqual([
      expect.stringMatching(/^pessimistic: pessimistic vs baseline pessimistic, queue wait p95: higher \(worse\) by 2\d\d \(95% CI/),
    ]);
  });
});

describe("analyzeRepeats", () => {
  it("collects per-metric samples per strategy and tests each strategy against the first", () => {
    const runs = [0, 1, 2, 3, 4].map((i) => run({ pessimistic: strategy(1000 + i * 10), optimistic: strategy(100 + i) }));
    const a = analyzeRepeats(runs);
    expect(a.count).toBe(5);
    expect(a.samples.optimistic!.queueWaitP95Ms).toEqual([100, 101, 102, 103, 104]);
    const wait = a.tests.find((t) => t.metric === "queue wait p95")!;
    expect(wait).toMatchObject({ control: "pessimistic", experiment: "optimistic", classification: "lower", method: "exact" });
    expect(a.tests.find((t) => t.metric === "throughput")!.verdict).toBe("optimistic vs pessimistic, throughput: no significant difference (identical samples)");
  });
});
