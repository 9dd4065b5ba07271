import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeHistory } from "../history/index.ts";
import { handMadeInput } from "../testing/hand-made-run.ts";
import { renderMarkdown } from "./markdown.ts";
import { buildSummary } from "./summary.ts";
import { writeReport } from "./write-report.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "taskstorm-report-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writeReport", () => {
  it("writes summary.json and report.md for in-memory strategies", async () => {
    const input = handMadeInput();
    const runDir = join(dir, "smoke", "run-1");
    const written = await writeReport(runDir, input);
    expect(written.summaryPath).toBe(join(runDir, "summary.json"));
    expect(JSON.parse(await readFile(written.summaryPath, "utf8"))).toEqual(buildSummary(input));
    expect(await readFile(written.reportPath, "utf8")).toBe(renderMarkdown(buildSummary(input)));
  });

  it("writes results.json with the evidence, junit.xml with a case per check and SLO, report.html; a baseline's regressions fail the verdict", async () => {
    const input = { ...handMadeInput(), slos: { before: { maxQueueWaitP95Ms: 250 } } };
    const first = await writeReport(join(dir, "a"), input);
    const results = JSON.parse(await readFile(first.resultsPath, "utf8"));
    expect(results.strategies.pessimistic.checks["all-accepted-terminal"].evidence).toEqual([{ taskId: "T-4" }]);
    expect(results.strategies.pessimistic.slos.map((s: { name: string; status: string }) => [s.name, s.status])).toEqual([["before.maxQueueWaitP95Ms", "fail"]]);
    const junit = await readFile(first.junitPath, "utf8");
    expect(junit).toContain('<testsuites name="taskstorm smoke" tests="9" failures="3" skipped="0">');
    expect(junit).toContain('<failure message="invalid: 1 not terminal (Queued: 1), 1 lost">');
    expect(await readFile(first.htmlPath, "utf8")).toMatch(/^<!doctype html>[\s\S]*Verdict: FAIL[\s\S]*<\/html>\n$/);

    const clean = { ...handMadeInput(), strategies: [handMadeInput().strategies[1]!] };
    const worse = { ...clean, strategies: [{ ...clean.strategies[0]!, checks: { "all-accepted-terminal": { valid: false as const, summary: "1 lost" } } }] };
    const base = await writeReport(join(dir, "b"), clean);
    expect(base.summary.verdict.ok).toBe(true);
    const compared = await writeReport(join(dir, "c"), { ...worse, baseline: { summary: base.summary, label: "b/summary.json" }, extraReasons: ["repeat 2: x failed"] });
    expect(compared.summary.baseline!.regressions).toEqual(["optimistic: check all-accepted-terminal passed in the baseline and is now invalid: 1 lost"]);
    expect(compared.summary.verdict.reasons).toEqual([
      "optimistic: all-accepted-terminal is invalid: 1 lost",
      "repeat 2: x failed",
      "baseline: optimistic: check all-accepted-terminal passed in the baseline and is now invalid: 1 lost",
    ]);
    expect(await readFile(compared.junitPath, "utf8")).toContain('<testsuite name="smoke.baseline" tests="1" failures="1" skipped="0" time="0.000">');
  });

  it("loads strategies given as files, treating a missing k6 summary as absent", async () => {
    const input = handMadeInput();
    const { history, k6: _k6, ...rest } = input.strategies[0]!;
    const historyFile = join(dir, "pessimistic", "history.ndjson");
    await writeHistory(historyFile, history);
    const { summary } = await writeReport(dir, {
      ...input,
      strategies: [{ ...rest, historyFile, k6SummaryFile: join(dir, "pessimistic", "k6-summary.json"), k6ExitCode: 0 }],
    });
    expect(summary.strategies.pessimistic).toMatchObject({ accepted: 5, completed: 2, failed: 1, unfinished: 2 });
    expect(summary.strategies.pessimistic!.k6).toEqual({ exitCode: 0, thresholdsFailed: 0, failedThresholds: [], httpReqs: null, httpReqFailedRate: null, iterationsDropped: null });
    expect(summary.faults).toHaveLength(2);
  });
});

describe("writeReport writes whole files", () => {
  it("replaces every report by rename, never in place: an old summary.json held open keeps its text", async () => {
    const { linkSync, readdirSync } = await import("node:fs");
    const runDir = join(dir, "smoke", "run-1");
    const first = await writeReport(runDir, handMadeInput());
    const old = await readFile(first.summaryPath, "utf8");
    linkSync(first.summaryPath, join(dir, "held-summary.json"));
    await writeReport(runDir, { ...handMadeInput(), seed: 99 });
    expect(await readFile(join(dir, "held-summary.json"), "utf8")).toBe(old);
    expect(JSON.parse(await readFile(first.summaryPath, "utf8")).seed).toBe(99);
    expect(readdirSync(runDir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

describe("writeReport for a run with no column measured", () => {
  it("writes every format, saying why, when every column failed or the run was interrupted before any finished", async () => {
    const runDir = join(dir, "none");
    const input = { ...handMadeInput(), strategies: [], failedColumns: [{ strategy: "pessimistic", kind: "infrastructure" as const, message: "postgres exited early (1)" }], interrupted: { reason: "run interrupted by SIGTERM", columnsDone: 1, columnsPlanned: 2 } };
    const written = await writeReport(runDir, input);
    expect(written.summary.verdict).toEqual({ ok: false, reasons: ["run interrupted by SIGTERM: 1 of 2 columns finished", "pessimistic: infrastructure failed: postgres exited early (1)", "no strategy ran"] });
    for (const file of [written.reportPath, written.htmlPath, written.junitPath]) expect(await readFile(file, "utf8"), file).toContain("postgres exited early (1)");
    expect(await readFile(written.junitPath, "utf8")).toMatch(/failures="2"/);
  });
});
