// The engine benchmark itself, through the real CLI at its --quick size: real node processes, fleet,
// PostgreSQL and graphile-worker; every no-op deployment succeeds, the figures land in engine.json in
// the shape the issue asks for, and nothing it started outlives it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { spawnCli } from "../../testing/cli.ts";
import { newMarker, processesWithMarker } from "../../testing/leaks.ts";

const reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-bench-"));
afterAll(() => fs.rmSync(reportsDir, { recursive: true, force: true }));

interface EngineFigures {
  strategies: Record<string, { tasksPerSec: number; notSuccess: number }>;
  graphileWorker: { jobsPerSec: number; concurrency: number };
  ratioToGraphileWorker: Record<string, number>;
}

describe("bench engine --quick", () => {
  it("runs every strategy and graphile-worker, writes engine.json, and stops what it started", async () => {
    const marker = newMarker();
    const cli = spawnCli(["bench", "engine", "--quick", "--reports-dir", reportsDir], marker);
    const code = await cli.exited;
    expect(processesWithMarker(marker)).toEqual([]);
    expect(code, cli.output()).toBe(0);
    const figures = JSON.parse(fs.readFileSync(path.join(reportsDir, "bench", "engine.json"), "utf8")) as EngineFigures;
    expect(Object.keys(figures.strategies)).toEqual(["pessimistic", "optimistic"]);
    for (const [label, s] of Object.entries(figures.strategies)) {
      expect(s.notSuccess, label).toBe(0);
      expect(s.tasksPerSec, label).toBeGreaterThan(0);
      expect(figures.ratioToGraphileWorker[label], label).toBeGreaterThan(0);
    }
    expect(figures.graphileWorker.jobsPerSec).toBeGreaterThan(0);
    expect(cli.output()).toMatch(/ratio optimistic +[\d.]+ \(paired, to the faster graphile-worker of each round\)/);
  }, 180_000);
});
