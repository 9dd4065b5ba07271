import { describe, expect, it } from "vitest";
import type { StrategySummary } from "../contracts/index.ts";
import { evaluateExpectations, expectedCheckFailures } from "./expectations.ts";
import { verdict } from "./summary.ts";

const column = (p95: number, doubleRun: boolean): StrategySummary => ({
  accepted: 10, completed: 10, failed: 0, unfinished: 0, throughputPerMin: 60,
  queueWaitMs: { p50: 10, p95, p99: p95 }, taskDurationMs: { p50: 1, p95: 1, p99: 1 },
  checks: { "no-double-execution": { valid: !doubleRun, summary: "" } },
});
const summary: Record<string, StrategySummary> = { "no-lock": column(100, true), locked: column(400, false) };

describe("expectations", () => {
  it("compares a metric with a value, reading dashed check names", () => {
    const [r] = evaluateExpectations([{ says: "double run", strategy: "no-lock", metric: "checks.no-double-execution.valid", op: "==", value: false }], summary);
    expect(r).toEqual({ says: "double run", holds: true, observed: "no-lock checks.no-double-execution.valid = false == false" });
  });

  it("compares a metric with another column times a factor, and can fail", () => {
    const results = evaluateExpectations([
      { says: "slower", strategy: "locked", metric: "queueWaitMs.p95", op: ">", than: "no-lock", factor: 3 },
      { says: "much slower", strategy: "locked", metric: "queueWaitMs.p95", op: ">", than: "no-lock", factor: 5 },
    ], summary);
    expect(results.map((r) => r.holds)).toEqual([true, false]);
    expect(results[1]!.observed).toBe("locked queueWaitMs.p95 = 400 > 5 x no-lock (= 100)");
  });

  it("fails, naming what ran, when a column is missing", () => {
    const [r] = evaluateExpectations([{ says: "x", strategy: "nope", metric: "failed", op: "==", value: 0 }], summary);
    expect(r!.holds).toBe(false);
    expect(r!.observed).toMatch(/no column "nope" .*ran: no-lock, locked/);
  });

  it("lists the check failures a scenario expects, and only those", () => {
    expect([...expectedCheckFailures([
      { says: "", strategy: "no-lock", metric: "checks.no-double-execution.valid", op: "==", value: false },
      { says: "", strategy: "locked", metric: "checks.no-double-execution.valid", op: "==", value: true },
    ])]).toEqual(["no-lock|no-double-execution"]);
  });

  it("in the verdict, an expected check failure is the symptom, and an unmet expectation fails the run", () => {
    const wantsDoubleRun = [{ says: "double run", strategy: "no-lock", metric: "checks.no-double-execution.valid", op: "==" as const, value: false }];
    expect(verdict(summary, wantsDoubleRun, evaluateExpectations(wantsDoubleRun, summary))).toEqual({ ok: true, reasons: [] });
    expect(verdict(summary).reasons).toEqual([expect.stringMatching(/^no-lock: no-double-execution is invalid/)]);
    const wantsMuchSlower = [{ says: "much slower", strategy: "locked", metric: "queueWaitMs.p95", op: ">" as const, than: "no-lock", factor: 5 }, ...wantsDoubleRun];
    expect(verdict(summary, wantsMuchSlower, evaluateExpectations(wantsMuchSlower, summary)).reasons).toEqual([
      "expected symptom not seen: much slower [locked queueWaitMs.p95 = 400 > 5 x no-lock (= 100)]",
    ]);
  });
});
