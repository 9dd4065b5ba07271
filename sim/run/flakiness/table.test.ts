// The flakiness table from hand-made outcomes: each expectation's passes of N, whole-run passes,
// measurement validity, wall time and harness CPU share, and each failed run's reason.
import { describe, expect, it } from "vitest";
import type { RunSummary } from "../../contracts/index.ts";
import type { RunOutcome } from "./campaign.ts";
import { renderFlakinessMarkdown, tabulate } from "./table.ts";

const summary = (holds: boolean, valid = true): RunSummary => ({
  schemaVersion: 1, scenario: "double-pickup", seed: 1, startedAt: "", durationMs: 1, faults: [],
  strategies: { a: { validity: { valid, reasons: valid ? [] : ["machine CPU saturated"], notes: [], monitors: { harnessCpuShare: 0.4 } } } as never },
  expectations: [{ says: "runs twice without the lock", holds, observed: "" }],
  verdict: { ok: holds && valid, reasons: holds ? (valid ? [] : ["measurement invalid: a: machine CPU saturated"]) : ["expected symptom not seen: runs twice without the lock [a = 0]"] },
});

describe("flakiness table", () => {
  it("counts passes of N per expectation and names each failed run", () => {
    const plan = [{ scenario: "double-pickup", sets: [], times: 4, expectations: ["runs twice without the lock"] }];
    const outcomes: RunOutcome[] = [
      { scenario: "double-pickup", attempt: 1, exitCode: 0, wallMs: 60_000, summary: summary(true) },
      { scenario: "double-pickup", attempt: 2, exitCode: 1, wallMs: 62_000, summary: summary(false) },
      { scenario: "double-pickup", attempt: 3, exitCode: 1, wallMs: 70_000, summary: summary(true, false) },
      { scenario: "double-pickup", attempt: 4, exitCode: 3, wallMs: 20_000, error: "warm-up: 2 of 60 tentacles did not answer" },
    ];
    const t = tabulate(plan, outcomes);
    expect(t.rows).toEqual([
      { scenario: "double-pickup", what: "runs twice without the lock", passes: 2, of: 4 },
      { scenario: "double-pickup", what: "run passed (exit 0)", passes: 1, of: 4 },
      { scenario: "double-pickup", what: "measurement valid (every column)", passes: 2, of: 4 },
    ]);
    expect(t.figures).toEqual([{ scenario: "double-pickup", medianWallS: 62, harnessCpuShare: [0.4, 0.4] }]);
    expect(t.failures).toEqual([
      "double-pickup try 2: exit 1: expected symptom not seen: runs twice without the lock [a = 0]",
      "double-pickup try 3: exit 1: measurement invalid: a: machine CPU saturated",
      "double-pickup try 4: exit 3: warm-up: 2 of 60 tentacles did not answer",
    ]);
    expect(renderFlakinessMarkdown(t, { startedAt: "now", machine: "2 x cpu" })).toContain("| double-pickup | runs twice without the lock | 2 of 4 **flaky** |");
  });
});
