// End to end through the real CLI: what a run's evidence says when it is not whole. A column whose
// infrastructure fails is reported as failed beside the others; Ctrl-C leaves a summary that says
// interrupted; two runs at once both succeed apart; no secret is in a run folder or any argv.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { API_KEY_ENV, checkJson, CLI_RESULT_SCHEMAS, type RunResultJson, type RunSummary } from "../contracts/index.ts";
import { spawnCli } from "../testing/cli.ts";
import { newMarker, processesWithMarker } from "../testing/leaks.ts";

const reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-evidence-e2e-"));
afterAll(() => fs.rmSync(reportsDir, { recursive: true, force: true }));

const shortSmoke = (dir: string, ...more: string[]) => [
  "run", "smoke", "--reports-dir", dir, "--invalid-measurement", "warn", // the test suite loads the machine on purpose
  "--set", 'load.stages=[{"rateRps":2,"durationS":6}]', "--set", "faults=[]", ...more,
];
const runDirOf = (output: string) => path.dirname(/report: (\S+report\.md)/.exec(output)?.[1] ?? /run folder: (\S+)/.exec(output)![1]! + "/x");
const summaryOf = (runDir: string) => JSON.parse(fs.readFileSync(path.join(runDir, "summary.json"), "utf8")) as RunSummary;

describe("a run's evidence when the run is not whole, end to end", () => {
  it("reports a column whose infrastructure failed as failed, with the message, still reports the others, and exits 3", async () => {
    const marker = newMarker();
    const cli = spawnCli(shortSmoke(path.join(reportsDir, "infra"), "--set", 'load.stages=[{"rateRps":2,"durationS":20}]'), marker);
    await cli.waitForOutput(/pessimistic: load \+ faults/, 150_000);
    // the first column's database dies for good (each column has its own PostgreSQL): its evidence cannot be captured
    const postmaster = processesWithMarker(marker).find((p) => /\/postgres -D /.test(p.command));
    expect(postmaster, "the pessimistic column's PostgreSQL").toBeDefined();
    process.kill(postmaster!.pid, "SIGKILL");
    expect(await cli.exited, cli.output()).toBe(3); // the harness failed, though the report is written
    expect(processesWithMarker(marker)).toEqual([]);
    const summary = summaryOf(runDirOf(cli.output()));
    expect(Object.keys(summary.strategies)).toEqual(["optimistic"]);
    expect(summary.strategies.optimistic!.accepted).toBeGreaterThan(3);
    expect(summary.failedColumns).toEqual([{ strategy: "pessimistic", kind: "infrastructure", message: expect.any(String) }]);
    expect(summary.verdict.reasons[0]).toMatch(/^pessimistic: infrastructure failed: /);
    expect(cli.output()).toMatch(/FAILED: pessimistic: infrastructure failed: /);
  }, 240_000);

  it("on SIGINT in the second column exits 130 leaving a summary that says interrupted, with the first column", async () => {
    const marker = newMarker();
    const cli = spawnCli(shortSmoke(path.join(reportsDir, "sigint")), marker);
    await cli.waitForOutput(/optimistic: load \+ faults/, 150_000);
    cli.child.kill("SIGINT");
    expect(await cli.exited, cli.output()).toBe(130);
    expect(processesWithMarker(marker)).toEqual([]);
    const summary = summaryOf(runDirOf(cli.output()));
    expect(summary.interrupted).toEqual({ reason: "run interrupted by SIGINT", columnsDone: 1, columnsPlanned: 2 });
    expect(Object.keys(summary.strategies)).toEqual(["pessimistic"]);
    expect(summary.verdict.ok).toBe(false);
    expect(fs.readFileSync(path.join(runDirOf(cli.output()), "report.md"), "utf8")).toContain("**run interrupted**");
  }, 240_000);

  it("on SIGINT in repeat 2 of 2 (--repeat --json) the top-level summary says interrupted, with repeat 1's column, and stdout says where", async () => {
    const marker = newMarker();
    const cli = spawnCli(shortSmoke(path.join(reportsDir, "repeat"), "--strategy", "pessimistic", "--repeat", "2", "--json"), marker);
    await cli.waitForOutput(/repeat 2 of 2[\s\S]*pessimistic: load \+ faults/, 150_000);
    cli.child.kill("SIGINT");
    expect(await cli.exited, cli.output()).toBe(130);
    expect(processesWithMarker(marker)).toEqual([]);
    const parentDir = path.dirname(/run folder: (\S+)/.exec(cli.output())![1]!);
    const summary = summaryOf(parentDir);
    expect(summary.interrupted).toEqual({ reason: "run interrupted by SIGINT in repeat 2 of 2", columnsDone: 1, columnsPlanned: 2 });
    expect(Object.keys(summary.strategies)).toEqual(["pessimistic"]);
    expect(summaryOf(path.join(parentDir, "repeat-2")).interrupted).toEqual({ reason: "run interrupted by SIGINT", columnsDone: 0, columnsPlanned: 1 });
    const result = JSON.parse(cli.stdout()) as RunResultJson;
    expect(checkJson(CLI_RESULT_SCHEMAS.run, result), cli.stdout()).toEqual([]);
    expect(result).toMatchObject({ exitCode: 130, runDir: parentDir, columns: ["pessimistic"], interrupted: summary.interrupted, verdict: { ok: false } });
    expect(result.files.summary).toBe(path.join(parentDir, "summary.json"));
  }, 240_000);

  it("runs the same scenario twice at once: both succeed in their own folders, blocks and ports; no secret in a run folder or any argv", async () => {
    const markers = [newMarker(), newMarker()];
    const clis = markers.map((marker, i) => spawnCli(shortSmoke(path.join(reportsDir, "twice"), "--strategy", i === 0 ? "pessimistic" : "optimistic"), marker));
    const argv = new Map<number, string>();
    const apiKeys = new Set<string>();
    const watch = setInterval(() => {
      for (const { pid } of markers.flatMap(processesWithMarker)) {
        const read = (what: string) => { try { return fs.readFileSync(`/proc/${pid}/${what}`, "utf8"); } catch { return ""; } };
        argv.set(pid, read("cmdline").split("\0").join(" "));
        const key = read("environ").split("\0").find((e) => e.startsWith(`${API_KEY_ENV}=`));
        if (key) apiKeys.add(key.slice(API_KEY_ENV.length + 1));
      }
    }, 300);
    const codes = await Promise.all(clis.map((c) => c.exited)).finally(() => clearInterval(watch));
    expect(codes, clis.map((c) => c.output()).join("\n----\n")).toEqual([0, 0]);
    for (const marker of markers) expect(processesWithMarker(marker)).toEqual([]);

    const runDirs = clis.map((c) => runDirOf(c.output()));
    expect(new Set(runDirs).size).toBe(2);
    const summaries = runDirs.map(summaryOf);
    expect(summaries.map((s) => Object.keys(s.strategies))).toEqual([["pessimistic"], ["optimistic"]]);
    expect(summaries[0]!.placement!.hosts[0]!.address).not.toBe(summaries[1]!.placement!.hosts[0]!.address);
    const nodeUrls = runDirs.map((d, i) => JSON.parse(fs.readFileSync(path.join(d, i === 0 ? "pessimistic" : "optimistic", "k6-plan.json"), "utf8")).nodeUrls as string[]);
    expect(nodeUrls[0]!.filter((u) => nodeUrls[1]!.includes(u))).toEqual([]);

    // secrets: both runs' API keys (k6 had them in its environment), any database URL with a password (masked *** is fine)
    expect(apiKeys.size).toBe(2);
    expect(argv.size).toBeGreaterThan(8); // postgres, toxiproxy, nodes, fleet, k6 of each run
    const leaks = (text: string) => [...apiKeys].filter((k) => text.includes(k)).length + (/postgres(ql)?:\/\/[^\s:/@]+:(?!\*\*\*@)[^\s@]+@/.test(text) ? 1 : 0);
    for (const [pid, line] of argv) expect(leaks(line), `argv of ${pid}: ${line}`).toBe(0);
    for (const runDir of runDirs) {
      for (const file of fs.readdirSync(runDir, { recursive: true, withFileTypes: true })) {
        if (!file.isFile()) continue;
        const full = path.join(file.parentPath, file.name);
        expect(leaks(fs.readFileSync(full, "latin1")), full).toBe(0);
      }
    }
  }, 300_000);
});
