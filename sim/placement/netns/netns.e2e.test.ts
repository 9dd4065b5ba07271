// A run spread over network-namespace hosts, through the real CLI (real agents, PostgreSQL, nodes,
// fleet, toxiproxy-server and k6 on hosts of their own): smoke passes with the same checks as locally
// while one host's clock is skewed (the merged history is corrected by the measured offset), the load
// split over two k6 instances and one node's host partitioned under load; a catalogue scenario shows
// its symptom as it does locally; afterwards no namespace and no process of the run is left.
// Skips, saying why, where namespaces cannot be made (not root, no iproute2).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { HistoryOp, RunSummary, TaskRow } from "../../contracts/index.ts";
import { readHistory } from "../../history/index.ts";
import { spawnCli } from "../../testing/cli.ts";
import { newMarker, processesWithMarker } from "../../testing/leaks.ts";
import { listNetns, netnsUnavailable, NETNS_PREFIX } from "./hosts.ts";

const unavailable = await netnsUnavailable();
const reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-netns-e2e-"));
afterAll(() => fs.rmSync(reportsDir, { recursive: true, force: true }));

async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ summary: RunSummary; runDir: string; output: string }> {
  const marker = newMarker();
  const cli = spawnCli(["run", ...args, "--placement", "netns", "--invalid-measurement", "warn", "--reports-dir", reportsDir], marker, env);
  const code = await cli.exited;
  expect(processesWithMarker(marker), "processes left by the run").toEqual([]);
  // the run's own hosts, named by its pid: hosts.test.ts may have a netns run going meanwhile
  expect((await listNetns()).filter((ns) => ns.startsWith(`${NETNS_PREFIX}${cli.child.pid}-`)), `namespaces left by the run (exit ${code}); its output ends:\n${cli.output().slice(-3000)}`).toEqual([]);
  expect(code, cli.output()).toBe(0);
  const runDir = fs.realpathSync(path.join(reportsDir, args[0]!, "latest"));
  return { summary: JSON.parse(fs.readFileSync(path.join(runDir, "summary.json"), "utf8")) as RunSummary, runDir, output: cli.output() };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe.skipIf(unavailable !== undefined)(`runs on network-namespace hosts${unavailable ? ` (skipped: ${unavailable})` : ""}`, () => {
  it("smoke on 7 hosts: every check holds under a skewed clock, 2 k6 instances and a node host partitioned under load", async () => {
    const { summary, runDir, output } = await runCli([
      "smoke", "--set", 'load.stages=[{"rateRps":2,"durationS":15}]', "--set", "load.instances=2",
      "--set", 'faults=[{"atS":4,"forS":6,"kind":"host-partition","target":{"nodes":["node-3"]}}]',
    ], { TASKSTORM_NETNS_CLOCK_SKEW: "node-2=300" });
    expect(output).toMatch(/netns: 7 hosts \(ctl 198\.18\.0\.1, db 198\.18\.0\.2, node-1 .*load 198\.18\.0\.7\) on a switch of their own/);
    expect(summary.verdict).toEqual({ ok: true, reasons: [] });
    for (const [column, s] of Object.entries(summary.strategies)) {
      expect(Object.entries(s.checks).filter(([, c]) => c.valid !== true).map(([name, c]) => `${column} ${name}: ${c.summary}`)).toEqual([]);
      expect(s.accepted, column).toBeGreaterThan(20);
    }
    expect(summary.faults.map((f) => f.kind)).toEqual(["host-partition", "host-partition"]);
    const placement = summary.placement!;
    expect(placement.kind).toBe("netns");
    expect(placement.hosts.map((h) => h.name)).toEqual(["ctl", "db", "node-1", "node-2", "node-3", "fleet-1", "load"]);
    expect(placement.k6Instances).toBe(2);
    const skewed = placement.clocks!["node-2"]!.start;
    expect(Math.abs(skewed.offsetMs - 300)).toBeLessThanOrEqual(skewed.boundMs + 5);
    expect(Math.abs(placement.clocks!["node-1"]!.start.offsetMs)).toBeLessThanOrEqual(placement.clocks!["node-1"]!.start.boundMs + 5);
    // the skewed host's ops, corrected: its StartScript calls follow the claim the database timed as closely as the other nodes' do
    const history = await readHistory(path.join(runDir, "optimistic", "history.ndjson"));
    const tasks = new Map((JSON.parse(fs.readFileSync(path.join(runDir, "optimistic", "final-state.json"), "utf8")).tasks as TaskRow[]).map((t) => [t.id, t]));
    const lagMs = (node: string) => median(history.filter((op: HistoryOp) => op.actor === node && op.f === "rpc:start-script" && op.type === "invoke")
      .map((op) => op.time - tasks.get((op.value as { taskId: string }).taskId)!.startTimeMs!));
    console.log(`StartScript after claim, median ms: node-1 ${lagMs("node-1")}, node-2 (skewed 300 ms, corrected) ${lagMs("node-2")}`);
    expect(Math.abs(lagMs("node-2") - lagMs("node-1"))).toBeLessThan(150);
    expect(fs.existsSync(path.join(runDir, "optimistic", "k6-summary-2.json"))).toBe(true);
  }, 300_000);

  it("a catalogue scenario (double-pickup, shortened) shows its symptom across hosts as it does locally", async () => {
    const { summary } = await runCli(["double-pickup", "--set", 'load={"startRateRps":8,"stages":[{"rateRps":8,"durationS":10}]}']);
    const results = summary.expectations ?? [];
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((r) => !r.holds), JSON.stringify(results, null, 2)).toEqual([]);
  }, 300_000);
});
