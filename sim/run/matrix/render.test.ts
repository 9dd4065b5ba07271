import { describe, expect, it } from "vitest";
import type { RunSummary } from "../../contracts/index.ts";
import { planMatrix } from "./cells.ts";
import { judgeCell, matrixExit, type CellResult } from "./judge.ts";
import { renderMatrixJson, renderMatrixJunit, renderMatrixMarkdown, totalsOf, type MatrixReport } from "./render.ts";

const cell = (over: Partial<CellResult> & Pick<CellResult, "id" | "kind" | "target" | "strategy">): CellResult => ({
  window: "short", expected: "pass", seed: 42, status: "pass", failed: [], unknown: [], wallMs: 20_000, runDir: `cells/${over.id}/smoke/T`, ...over,
});

const cells: CellResult[] = [
  cell({ id: "kill.fleet-process.short.pessimistic.s42", kind: "kill", target: "fleet-process", strategy: "pessimistic" }),
  cell({
    id: "kill.fleet-process.short.optimistic.s42", kind: "kill", target: "fleet-process", strategy: "optimistic", status: "fail",
    failed: [{ check: "once-per-ticket", summary: "1 ticket ran twice | first: T-1" }],
  }),
  cell({ id: "down.database.short.pessimistic.s42", kind: "down", target: "database", strategy: "pessimistic", status: "error", error: "exit 3: <postgres> did not start", runDir: undefined }),
  cell({ id: "down.database.short.optimistic.s42", kind: "down", target: "database", strategy: "optimistic" }),
  cell({
    id: "down.database.short.optimistic-no-retries.s42", kind: "down", target: "database", strategy: "optimistic-no-retries", expected: "observe", status: "fail",
    failed: [{ check: "all-accepted-terminal", summary: "2 stuck" }],
  }),
];
const report: MatrixReport = {
  startedAt: "2026-12-05T08:00:00.000Z", wallMs: 100_000, quick: true, seeds: [42], command: "taskstorm matrix --quick", cells,
  skipped: [{ kind: "host-partition", why: "needs hosts" }],
};

describe("matrix report", () => {
  it("counts the correct strategies' cells apart from the observed variants", () => {
    expect(totalsOf(cells)).toEqual({ cells: 5, judged: 4, passed: 2, failed: 1, errors: 1, observed: 1, observedFailed: 1 });
  });

  it("renders a fault x target x window table, a column per strategy, each entry linked to its run, then failures and what was not run", () => {
    const md = renderMatrixMarkdown(report);
    expect(md).toContain("**2 of 4 cells of the correct strategies passed (50.0%)**; 1 failed, 1 harness errors; naive variants (observed, not judged): 1 of 1 failed.");
    expect(md).toContain("| fault | target | window | pessimistic | optimistic | optimistic-no-retries |");
    expect(md).toContain("| kill | fleet-process | short | [pass](cells/kill.fleet-process.short.pessimistic.s42/smoke/T/report.md) | [FAIL once-per-ticket](cells/kill.fleet-process.short.optimistic.s42/smoke/T/report.md) | - |");
    expect(md).toContain("| down | database | short | ERROR | [pass](cells/down.database.short.optimistic.s42/smoke/T/report.md) | [fail all-accepted-terminal (observed)](cells/down.database.short.optimistic-no-retries.s42/smoke/T/report.md) |");
    expect(md).toContain("  - once-per-ticket: 1 ticket ran twice \\| first: T-1");
    expect(md).toContain("- `down.database.short.optimistic-no-retries.s42` (naive variant, observed only) ([run](cells/down.database.short.optimistic-no-retries.s42/smoke/T/report.md))");
    expect(md).toContain("  - harness error: exit 3: <postgres> did not start");
    expect(md).toContain("## Not run here\n\n- host-partition: needs hosts");
  });

  it("writes junit with a suite per strategy: a correct cell's failure fails, a harness error errs, a variant's failure is only told", () => {
    const xml = renderMatrixJunit(report);
    expect(xml).toContain(`<testsuites name="taskstorm matrix" tests="5" failures="1" errors="1" time="100.000">`);
    expect(xml).toContain(`<testsuite name="matrix.optimistic" tests="2" failures="1" errors="0" time="40.000">`);
    expect(xml).toContain(`<failure message="once-per-ticket">once-per-ticket: 1 ticket ran twice | first: T-1</failure>`);
    expect(xml).toContain(`<error message="exit 3: &lt;postgres&gt; did not start"/>`);
    expect(xml).toContain(`<system-out>naive variant, observed only:\nall-accepted-terminal: 2 stuck</system-out>`);
    expect(xml.match(/<testcase /g)).toHaveLength(5);
    expect(JSON.parse(renderMatrixJson(report)).totals.failed).toBe(1);
  });
});

describe("judgeCell and matrixExit", () => {
  const planned = planMatrix({ quick: true }).cells.find((c) => c.id === "kill.fleet-process.short.optimistic.s42")!;
  const summary = (checks: Record<string, { valid: true | false | "unknown"; summary: string }>) =>
    ({ strategies: { optimistic: { accepted: 9, checks } } }) as unknown as RunSummary;

  it("fails on a false check only (unknown is not a failure), and errs without a summary or column", () => {
    const failed = judgeCell(planned, { exitCode: 1, wallMs: 5, runDir: "cells/x", summary: summary({ a: { valid: true, summary: "" }, b: { valid: false, summary: "b broke" }, c: { valid: "unknown", summary: "" } }) });
    expect(failed).toMatchObject({ status: "fail", failed: [{ check: "b", summary: "b broke" }], unknown: ["c"], accepted: 9, runDir: "cells/x", expected: "pass" });
    expect(judgeCell(planned, { exitCode: 1, wallMs: 5, summary: summary({ c: { valid: "unknown", summary: "" } }) }).status).toBe("pass");
    expect(judgeCell(planned, { exitCode: 3, wallMs: 5, error: "boom" })).toMatchObject({ status: "error", error: "boom" });
  });

  it("exits 1 when a correct cell failed, else 3 on a harness error, else 0; observed variants never fail it", () => {
    expect(matrixExit(cells)).toBe(1);
    expect(matrixExit(cells.filter((c) => c.status !== "fail" || c.expected === "observe"))).toBe(3);
    expect(matrixExit(cells.filter((c) => c.status !== "error" && c.expected === "observe"))).toBe(0);
    expect(matrixExit(cells.filter((c) => c.status === "pass"))).toBe(0);
  });
});
