import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunSummary } from "../contracts/index.ts";
import { main } from "../cli/main.ts";
import { run as reportCommand } from "../cli/report.ts";
import { reportFromFolder } from "./run-report.ts";
import { writeSyntheticRunFolder } from "../testing/synthetic-folder.ts";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-run-report-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const small = { strategies: ["pessimistic", "optimistic"], durationS: 60, tasksPerS: 4, nodes: 3 };
const read = (file: string) => fs.readFileSync(file, "utf8");

describe("taskstorm report <runDir>", () => {
  it("re-renders every report of a run folder from its files, re-running the checks when results.json is missing", { timeout: 60_000 }, async () => {
    const runDir = path.join(dir, "run");
    await writeSyntheticRunFolder(runDir, small, { during: { maxQueueWaitP95Ms: 1500 }, maxTimeToRecoverS: 30 });
    const written = await reportFromFolder(runDir);
    for (const f of ["summary.json", "results.json", "junit.xml", "report.md", "report.html"]) expect(fs.existsSync(path.join(runDir, f)), f).toBe(true);

    const summary = JSON.parse(read(written.summaryPath)) as RunSummary;
    const p = summary.strategies.pessimistic!;
    const o = summary.strategies.optimistic!;
    // the first synthetic strategy queues 8x slower during the latency fault, the second 2x
    expect(p.slos!.find((s) => s.name === "during.maxQueueWaitP95Ms")!.status).toBe("fail");
    expect(o.slos!.find((s) => s.name === "during.maxQueueWaitP95Ms")!.status).toBe("pass");
    expect(p.phases!.during!.queueWaitP95Ms!).toBeGreaterThan(4 * p.phases!.before!.queueWaitP95Ms!);
    expect(p.metrics!.mutexWaitP95Ms!).toBeGreaterThan(10 * o.metrics!.mutexWaitP95Ms!);
    expect(o.metrics!.conflicts!).toBeGreaterThan(0);
    expect(p.metrics!.rpcUnknownOutcomes!).toBeGreaterThan(0);
    expect(summary.verdict.ok).toBe(false);
    expect(summary.verdict.reasons).toContain(`pessimistic: SLO during.maxQueueWaitP95Ms failed: ${p.slos!.find((s) => s.name === "during.maxQueueWaitP95Ms")!.detail}`);
    expect(Object.keys(p.checks).sort()).toEqual(["all-accepted-terminal", "cancels-honoured", "concurrency-tag", "failures-explained", "interruptions-honoured", "legal-transitions", "no-double-claim", "no-double-execution", "no-hung-tasks", "once-per-ticket", "task-cap"]);
    expect(p.checks["no-double-execution"]!.valid).toBe(true);

    const junit = read(written.junitPath);
    expect(junit.match(/<testcase /g)!.length).toBe(2 * (11 + 2 + 1)); // per column: 11 checks + 2 SLOs + measurement validity
    expect(junit).toContain('<testcase classname="taskstorm.smoke.pessimistic" name="slo during.maxQueueWaitP95Ms" time="');
    const html = read(written.htmlPath);
    expect(html).not.toMatch(/<script|https?:\/\//);
    for (const title of ["Queue wait p95 of tasks started", "Cluster mutex wait p95", "DB sessions waiting on an advisory lock", "Active Toxiproxy toxics", "Version conflicts"]) expect(html).toContain(title);
    expect(html).toContain('class="fault"');
    expect(html).toContain("Resiliency matrix");
    expect(read(written.reportPath)).toContain("## SLOs");

    const results = JSON.parse(read(written.resultsPath));
    fs.rmSync(written.resultsPath);
    const again = await reportFromFolder(runDir);
    expect(JSON.parse(read(again.resultsPath))).toEqual(results);
    const lines: string[] = [];
    expect(await reportCommand([runDir], (l) => lines.push(l))).toBe(1);
    expect(lines).toContain(`FAILED: pessimistic: SLO during.maxQueueWaitP95Ms failed: ${p.slos!.find((s) => s.name === "during.maxQueueWaitP95Ms")!.detail}`);
  });
});

describe("taskstorm compare", () => {
  it("exits 1 naming the regressions of a slower run, 0 against itself", { timeout: 60_000 }, async () => {
    const fast = path.join(dir, "fast");
    const slow = path.join(dir, "slow");
    await writeSyntheticRunFolder(fast, { ...small, strategies: ["optimistic", "pessimistic"] });
    await writeSyntheticRunFolder(slow, small);
    await reportFromFolder(fast);
    await reportFromFolder(slow);
    const lines: string[] = [];
    const { run: compareCommand } = await import("../cli/compare.ts");
    // in `slow` the pessimistic column is the one that suffers; in `fast` it is the optimistic one
    expect(await compareCommand([fast, slow], (l) => lines.push(l))).toBe(1);
    expect(lines.join("\n")).toMatch(/REGRESSION: pessimistic: queue wait p95 regressed \d+ -> \d+ ms \(\+\d+%\), beyond the 10% tolerance/);
    expect(await compareCommand([slow, path.join(slow, "summary.json")], () => undefined)).toBe(0);
    expect(await main(["compare", slow])).toBe(2);
  });
});

describe("taskstorm report <runDir> with missing or damaged evidence", () => {
  it("reports each damaged column as such in every format and fails the verdict; a whole column is still reported", { timeout: 60_000 }, async () => {
    const runDir = path.join(dir, "damaged");
    await writeSyntheticRunFolder(runDir, { ...small, strategies: ["whole", "no-history", "cut", "no-final-state"] });
    fs.rmSync(path.join(runDir, "no-history", "history.ndjson"));
    const cut = path.join(runDir, "cut", "history.ndjson");
    const text = read(cut);
    fs.writeFileSync(cut, text.slice(0, text.indexOf("\n", text.length / 2) + 1)); // cut at a line boundary: every line parses
    fs.rmSync(path.join(runDir, "no-final-state", "final-state.json"));

    const written = await reportFromFolder(runDir);
    const summary = JSON.parse(read(written.summaryPath)) as RunSummary;
    expect(Object.keys(summary.strategies)).toEqual(["whole"]);
    expect(summary.failedColumns).toEqual([
      { strategy: "no-history", kind: "evidence", message: "history.ndjson is missing" },
      { strategy: "cut", kind: "evidence", message: expect.stringMatching(/^history\.ndjson is incomplete: \d+ bytes where its writer finished \d+ \(cut since\)$/) },
      { strategy: "no-final-state", kind: "evidence", message: "final-state.json is missing (the column never captured its final state)" },
    ]);
    expect(summary.verdict.ok).toBe(false);
    expect(summary.verdict.reasons).toContain("no-history: evidence missing or damaged: history.ndjson is missing");
    expect(JSON.stringify(summary)).not.toMatch(/"lost"\s*:\s*[1-9]/); // never read as lost tasks
    const md = read(written.reportPath);
    expect(md).toContain("## Incomplete run");
    expect(md).toContain("- **evidence missing or damaged**: cut: evidence missing or damaged: history.ndjson is incomplete");
    expect(read(written.htmlPath)).toContain("no-final-state: evidence missing or damaged: final-state.json is missing");
    const junit = read(written.junitPath);
    expect(junit).toContain('<testcase classname="taskstorm.smoke.evidence" name="no-history: evidence missing or damaged"');
    expect(junit).toMatch(/<failure message="cut: evidence missing or damaged: history.ndjson is incomplete/);
  });

  it("reports a column whose whole, marked files do not parse as damaged, naming the file and line", { timeout: 60_000 }, async () => {
    const runDir = path.join(dir, "garbled");
    await writeSyntheticRunFolder(runDir, { ...small, strategies: ["whole", "garbled"] });
    const metrics = path.join(runDir, "garbled", "metrics.ndjson");
    fs.writeFileSync(metrics, read(metrics).replace(/^\{/, "#")); // same length: the mark still matches
    const summary = JSON.parse(read((await reportFromFolder(runDir)).summaryPath)) as RunSummary;
    expect(Object.keys(summary.strategies)).toEqual(["whole"]);
    expect(summary.failedColumns).toEqual([{ strategy: "garbled", kind: "evidence", message: expect.stringContaining(`damaged: ${metrics}:1: expected a scrape line`) }]);
  });

  it("keeps an infrastructure failure and an interruption the run recorded when the folder is re-rendered", { timeout: 60_000 }, async () => {
    const runDir = path.join(dir, "interrupted");
    await writeSyntheticRunFolder(runDir, { ...small, strategies: ["whole", "broken", "never-ran"] });
    fs.rmSync(path.join(runDir, "broken", "history.ndjson"));
    fs.rmSync(path.join(runDir, "never-ran"), { recursive: true });
    const first = await reportFromFolder(runDir);
    const previous = JSON.parse(read(first.summaryPath)) as RunSummary;
    const failedColumns = [{ strategy: "broken", kind: "infrastructure" as const, message: "postgres did not start: port in use" }];
    const interrupted = { reason: "run interrupted by SIGINT", columnsDone: 2, columnsPlanned: 3 };
    fs.writeFileSync(first.summaryPath, JSON.stringify({ ...previous, failedColumns, interrupted }));
    const again = JSON.parse(read((await reportFromFolder(runDir)).summaryPath)) as RunSummary;
    expect(again.failedColumns).toEqual(failedColumns);
    expect(again.interrupted).toEqual(interrupted);
    expect(again.verdict.reasons.slice(0, 2)).toEqual(["run interrupted by SIGINT: 2 of 3 columns finished", "broken: infrastructure failed: postgres did not start: port in use"]);
    expect(read(path.join(runDir, "report.md"))).toContain("**run interrupted**: run interrupted by SIGINT; 2 of 3 columns finished");
  });
});
