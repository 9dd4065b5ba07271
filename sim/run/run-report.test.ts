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
