// End to end through the real CLI: PostgreSQL, toxiproxy-server, three node processes, the fleet and
// k6 are all real. A shortened smoke run must produce the report with work done by both strategies,
// the latency toxic must slow RPCs to its targets only, and nothing the run started may survive it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { FaultWindowValue, HistoryOp, RpcCallValue, RunSummary } from "../contracts/index.ts";
import { readHistory } from "../history/index.ts";
import { spawnCli } from "../testing/cli.ts";
import { newMarker, processesWithMarker } from "../testing/leaks.ts";

const reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-e2e-"));
afterAll(() => fs.rmSync(reportsDir, { recursive: true, force: true }));

const SHORT_SMOKE = [
  "run", "smoke", "--reports-dir", reportsDir, "--invalid-measurement", "warn", // the test suite loads the machine on purpose
  "--set", 'load.stages=[{"rateRps":2,"durationS":10}]',
  "--set", 'faults=[{"atS":2,"forS":6,"kind":"latency","target":{"fraction":0.2},"attributes":{"latencyMs":200}}]',
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median RPC duration (ms) for calls sent to targeted / untargeted tentacles wholly inside the fault window. */
function rpcLatencyInWindow(history: HistoryOp[]) {
  const window = history.filter((o) => o.f === "fault:latency");
  const applied = window.find((o) => o.type === "invoke")!;
  const healed = window.find((o) => o.type === "ok")!;
  const targets = new Set((applied.value as FaultWindowValue).targets);
  const inside = { targeted: [] as number[], others: [] as number[] };
  for (const op of history) {
    if (!op.f.startsWith("rpc:") || op.type !== "ok") continue;
    const { targetId, durationMs } = op.value as RpcCallValue;
    if (durationMs === undefined || op.time - durationMs < applied.time || op.time > healed.time) continue;
    (targets.has(targetId) ? inside.targeted : inside.others).push(durationMs);
  }
  return inside;
}

describe("taskstorm run smoke (shortened), end to end", () => {
  it("writes the report with work done by both strategies, measures the fault, and leaves nothing running", async () => {
    const marker = newMarker();
    const cli = spawnCli(SHORT_SMOKE, marker);
    const code = await cli.exited;
    expect(code, cli.output()).toBe(0);
    expect(processesWithMarker(marker)).toEqual([]);

    const runDir = fs.realpathSync(path.join(reportsDir, "smoke", "latest"));
    expect(cli.output()).toContain(path.join(runDir, "report.md"));
    const summary = JSON.parse(fs.readFileSync(path.join(runDir, "summary.json"), "utf8")) as RunSummary;
    expect(Object.keys(summary.strategies)).toEqual(["pessimistic", "optimistic"]);
    for (const [label, s] of Object.entries(summary.strategies)) {
      expect(s.accepted, label).toBeGreaterThan(10);
      expect(s.completed, label).toBe(s.accepted);
      expect(s.checks["all-accepted-terminal"]?.valid, label).toBe(true);
      expect(s.checks["no-double-execution"]?.valid, label).toBe(true);
      for (const file of ["history.ndjson", "final-state.json", "metrics.ndjson", "k6-summary.json"]) {
        expect(fs.statSync(path.join(runDir, label, file)).size, `${label}/${file}`).toBeGreaterThan(0);
      }
      const latency = rpcLatencyInWindow(await readHistory(path.join(runDir, label, "history.ndjson")));
      expect(latency.targeted.length, label).toBeGreaterThan(5);
      expect(median(latency.targeted), label).toBeGreaterThanOrEqual(200);
      expect(median(latency.targeted), label).toBeLessThan(200 + 150);
      expect(median(latency.others), label).toBeLessThan(100);
    }
    expect(summary.faults.map((f) => f.kind)).toEqual(["latency", "latency"]);
    expect(summary.verdict.ok).toBe(true);
    expect(fs.readFileSync(path.join(runDir, "report.md"), "utf8")).toMatch(/\| pessimistic \| optimistic \|/);
  }, 240_000);

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("on %s in the middle of the load stops everything it started and exits %i", async (signal, expectedCode) => {
    const marker = newMarker();
    const cli = spawnCli(SHORT_SMOKE, marker);
    await cli.waitForOutput(/pessimistic: load \+ faults/, 90_000);
    expect(processesWithMarker(marker).length).toBeGreaterThan(4); // postgres, toxiproxy, nodes, fleet, k6
    cli.child.kill(signal);
    expect(await cli.exited, cli.output()).toBe(expectedCode);
    expect(processesWithMarker(marker)).toEqual([]);
  }, 180_000);

  it("when the CLI itself is killed with SIGKILL, its children still end (parent-death signal, IPC disconnect)", async () => {
    const marker = newMarker();
    const cli = spawnCli(SHORT_SMOKE, marker);
    await cli.waitForOutput(/pessimistic: load \+ faults/, 90_000);
    cli.child.kill("SIGKILL");
    await cli.exited;
    await expect.poll(() => processesWithMarker(marker), { timeout: 20_000, interval: 250 }).toEqual([]);
  }, 180_000);
});
