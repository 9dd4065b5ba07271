// Provenance in comparisons: two runs from different machines (or tool versions) are not judged on
// timing unless --allow-different-machines says so; correctness still is. A column whose measurement
// was invalid is not judged on timing either. With repeats, a regression must be significant and
// beyond the tolerance.
import { describe, expect, it } from "vitest";
import type { MeasurementValidity, Provenance, RunSummary, StrategySummary } from "../contracts/index.ts";
import { compareSummaries } from "./compare.ts";
import { checkProvenance, isTimingMetric, timingDifferences } from "./provenance-check.ts";
import { analyzeRepeats } from "./repeats.ts";
import { METRICS } from "./metric-catalogue.ts";

const provenance = (over: Partial<Provenance["machine"]> = {}, k6 = "v2.2.0"): Provenance => ({
  taskstorm: { version: "0.1.0", commit: "a".repeat(40) }, node: "v24.22.3", postgres: { version: "18.1", source: "embedded" },
  tools: { k6, toxiproxy: "v2.12.0" }, machine: { cpuModel: "AMD EPYC 9B14", cpus: 2, memoryBytes: 24 * 2 ** 30, kernel: "6.12", arch: "x64", ...over },
  loadAverage: { start: [0.5, 0.5, 0.5], end: [1.9, 1.2, 0.8] }, placement: { kind: "local" },
});
const strategy = (queueWaitP95: number, over: Partial<StrategySummary> = {}): StrategySummary => ({
  accepted: 100, completed: 100, failed: 0, unfinished: 0, throughputPerMin: 60,
  queueWaitMs: { p50: 100, p95: queueWaitP95, p99: queueWaitP95 }, taskDurationMs: { p50: 1000, p95: 2000, p99: 2500 },
  checks: { "no-double-claim": { valid: true, summary: "ok" } }, metrics: { hungTasks: 0 }, ...over,
});
const run = (s: StrategySummary, p?: Provenance): RunSummary => ({
  schemaVersion: 1, scenario: "nightly", seed: 1, startedAt: "2026-01-01T00:00:00Z", durationMs: 1, strategies: { optimistic: s }, faults: [], verdict: { ok: true, reasons: [] },
  ...(p ? { provenance: p } : {}),
});

describe("provenance in comparisons", () => {
  it("names what differs in a way that moves timing, and not the kernel or the commit", () => {
    const other = { ...provenance({ cpuModel: "Intel Xeon 8375C", cpus: 8, kernel: "6.1" }, "v2.3.0"), taskstorm: { version: "0.2.0", commit: "b".repeat(40) } };
    expect(timingDifferences(provenance(), other)).toEqual([
      "CPU model: AMD EPYC 9B14 (baseline) vs Intel Xeon 8375C (this run)", "CPU count: 2 (baseline) vs 8 (this run)", "k6: v2.2.0 (baseline) vs v2.3.0 (this run)",
    ]);
    expect(timingDifferences(provenance(), provenance({ kernel: "6.1", memoryBytes: 23 * 2 ** 30 }))).toEqual([]);
    expect(checkProvenance(undefined, provenance()).timingJudged).toBe(true);
  });

  it("refuses a timing regression across machines, still compares correctness, and judges timing when allowed", () => {
    const base = run(strategy(1000), provenance());
    const cand = run(strategy(2000, { checks: { "no-double-claim": { valid: false, summary: "T-1 claimed twice" } } }), provenance({ cpus: 8 }));
    const refused = compareSummaries(base, cand);
    expect(refused.provenance).toMatchObject({ timingJudged: false, differences: ["CPU count: 2 (baseline) vs 8 (this run)"] });
    expect(refused.provenance?.note).toMatch(/^timing not judged: the runs differ in CPU count.*--allow-different-machines/);
    expect(refused.regressions).toEqual(["optimistic: check no-double-claim passed in the baseline and is now invalid: T-1 claimed twice"]);
    expect(refused.deltas.find((d) => d.metric === "queueWaitP95Ms")?.outcome).toBe("not judged");
    const allowed = compareSummaries(base, cand, { allowDifferentMachines: true });
    expect(allowed.regressions[0]).toBe("optimistic: queue wait p95 regressed 1000 -> 2000 ms (+100%), beyond the 10% tolerance");
    expect(compareSummaries(base, run(strategy(2000), provenance())).regressions).toHaveLength(1);
  });

  it("does not judge the timing of a column whose measurement was invalid", () => {
    const invalid = { valid: false, reasons: ["machine CPU saturated"], notes: [], monitors: {} } as unknown as MeasurementValidity;
    const r = compareSummaries(run(strategy(1000), provenance()), run(strategy(3000, { validity: invalid, metrics: { hungTasks: 2 } }), provenance()));
    expect(r.regressions).toEqual(["optimistic: hung tasks regressed 0 -> 2 tasks, beyond the 10% tolerance"]);
    expect(r.provenance?.note).toMatch(/timing of optimistic not judged: measurement invalid/);
  });

  it("with repeats, a significant change within the tolerance is no regression", () => {
    const repeats = (waits: number[]) => analyzeRepeats(waits.map((w) => run(strategy(w))));
    const base = { ...run(strategy(1000), provenance()), repeats: repeats([1000, 1002, 1001, 1003, 999, 1000]) };
    const slightlyWorse = { ...run(strategy(1050), provenance()), repeats: repeats([1050, 1052, 1051, 1053, 1049, 1050]) };
    const muchWorse = { ...run(strategy(1500), provenance()), repeats: repeats([1500, 1502, 1501, 1503, 1499, 1500]) };
    expect(compareSummaries(base, slightlyWorse).tests?.find((t) => t.metric === "queue wait p95")?.classification).toBe("higher");
    expect(compareSummaries(base, slightlyWorse).regressions).toEqual([]);
    expect(compareSummaries(base, muchWorse).regressions).toEqual([expect.stringMatching(/^optimistic: optimistic vs baseline optimistic, queue wait p95: higher \(worse\).*beyond the 10% tolerance$/)]);
  });

  it("treats time, rate and contention metrics as timing, failure counts as correctness", () => {
    const timing = METRICS.filter(isTimingMetric).map((m) => m.key);
    expect(timing).toEqual(expect.arrayContaining(["throughputPerMin", "queueWaitP95Ms", "timeToRecoverMs", "createLatencyP95Ms", "healthSlotShare", "dbLocksWaitingPeak", "conflicts"]));
    expect(timing).not.toContain("doubleExecutions");
    expect(timing).not.toContain("failed");
    expect(timing).not.toContain("hungTasks");
  });
});
