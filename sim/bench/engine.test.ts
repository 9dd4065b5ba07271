// The engine benchmark itself, through the real CLI at its --quick size: real node processes, fleet,
// PostgreSQL and graphile-worker; every no-op deployment succeeds, the figures land in engine.json in
// the shape the issue asks for, and nothing it started outlives it.
import { describe, expect, it } from "vitest";
import { runQuickBench } from "../testing/quick-bench.ts";

interface EngineFigures {
  strategies: Record<string, { tasksPerSec: number; notSuccess: number }>;
  graphileWorker: { jobsPerSec: number; concurrency: number };
  ratioToGraphileWorker: Record<string, number>;
}

describe("bench engine --quick", () => {
  it("runs every strategy and graphile-worker, writes engine.json, and stops what it started", async () => {
    const { figures, output } = await runQuickBench<EngineFigures>("engine");
    expect(Object.keys(figures.strategies)).toEqual(["pessimistic", "optimistic"]);
    for (const [label, s] of Object.entries(figures.strategies)) {
      expect(s.notSuccess, label).toBe(0);
      expect(s.tasksPerSec, label).toBeGreaterThan(0);
      expect(figures.ratioToGraphileWorker[label], label).toBeGreaterThan(0);
    }
    expect(figures.graphileWorker.jobsPerSec).toBeGreaterThan(0);
    expect(output).toMatch(/ratio optimistic +[\d.]+ \(paired, to the faster graphile-worker of each round\)/);
  }, 180_000);
});
