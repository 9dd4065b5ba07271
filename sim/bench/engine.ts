// bench engine: no-op deployments (one target, zero-length script) through each concurrency strategy,
// and graphile-worker processing the same number of no-op jobs on the same PostgreSQL in the same
// run. Rounds are paired: after each counted round of a strategy (its nodes then paused), graphile-worker
// runs one round at each concurrency, and a strategy's ratio is the median of its per-round ratios to
// the faster of them, so drift in a shared machine's speed cancels. Prints tasks/s per strategy and
// its ratio; figures are medians of repeats.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startFleet } from "../placement/fleet-process.ts";
import { freePorts } from "../infra/ports.ts";
import { startEmbeddedPostgres } from "../infra/postgres.ts";
import type { Bench } from "./bench.ts";
import { GRAPHILE_WORKER_VERSION, prepareGraphileWorker, type GraphileBench } from "./engine-graphile.ts";
import { engineTargets, startBenchCluster, type EngineShape, type StrategyVariant } from "./engine-server.ts";

const VARIANTS: readonly StrategyVariant[] = [
  { label: "pessimistic", name: "pessimistic", options: {} },
  { label: "optimistic", name: "optimistic", options: {} },
  { label: "pessimistic-hold-lock", name: "pessimistic", options: { holdLockAcrossRpc: true } },
  { label: "optimistic-no-retry", name: "optimistic", options: { maxRetries: 0 } },
];

/** graphile-worker's fastest concurrency on this class of machine (2 cores), measured: 1 -> 2.3k, 10 -> 4.7k, 100 -> 1.8k jobs/s. */
const GRAPHILE_TUNED_CONCURRENCY = 10;

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

export const engineBench: Bench = {
  name: "engine",
  description: "no-op deployments per strategy vs graphile-worker no-op jobs on the same PostgreSQL (tasks/s, paired ratio)",
  async run({ log, quick, signal }) {
    const shape: EngineShape = quick
      ? { tasks: 600, targets: 50, warmupTasks: 600, nodes: 2, taskCap: 25, dbPoolSize: 10, pollIntervalMs: 5, repeats: 1 }
      : { tasks: 3000, targets: 100, warmupTasks: 6000, nodes: 2, taskCap: 50, dbPoolSize: 10, pollIntervalMs: 5, repeats: 3 };
    const variants = quick ? VARIANTS.slice(0, 2) : VARIANTS;
    const dir = await mkdtemp(path.join(os.tmpdir(), "taskstorm-bench-engine-"));
    await using pg = await startEmbeddedPostgres({ maxConnections: 300 });
    try {
      const ports = await freePorts(shape.targets);
      await using fleet = await startFleet({
        fleetName: "bench", seed: 1, tentacles: ports.map((port, i) => ({ id: `Machines-${i + 1}`, listenHost: "127.0.0.1", listenPort: port })),
        scriptDurationMs: { min: 0, max: 0 }, scriptFailureRate: 0, historyFile: path.join(dir, "fleet.ndjson"),
      }, { logFile: path.join(dir, "fleet.log") });
      const fixtures = engineTargets(ports.map((port) => `http://127.0.0.1:${port}`));

      // graphile-worker at its own sweet spot and at the cluster's total task cap; after every strategy
      // round both run, and the faster of that round is the one the strategy is measured against.
      await using tuned = await prepareGraphileWorker(pg.adminUrl, GRAPHILE_TUNED_CONCURRENCY);
      await using same = await prepareGraphileWorker(pg.adminUrl, shape.nodes * shape.taskCap);
      const graphiles: readonly GraphileBench[] = [tuned, same];
      for (const g of graphiles) await g.round(shape.warmupTasks, signal); // uncounted: JIT, prepared statements, pools
      const pairedByConcurrency: Record<string, number[]> = Object.fromEntries(graphiles.map((g) => [g.concurrency, []]));
      const pairedBest: number[] = [];

      const strategies: Record<string, { tasksPerSec: number; repeats: number[]; notSuccess: number }> = {};
      const ratioToGraphileWorker: Record<string, number> = {};
      const ratioRepeats: Record<string, number[]> = {};
      const ratioToGraphileWorkerSameConcurrency: Record<string, number> = {};
      for (const variant of variants) {
        await using cluster = await startBenchCluster(pg.adminUrl, fixtures, variant, shape, dir);
        await cluster.round(shape.warmupTasks, signal); // uncounted
        const rates: number[] = [];
        const ratios: number[] = [];
        const sameRatios: number[] = [];
        for (let r = 0; r < shape.repeats; r++) {
          const rate = await cluster.round(shape.tasks, signal);
          await cluster.pause();
          const jobsPerSec: Record<string, number> = {};
          try {
            for (const g of graphiles) jobsPerSec[g.concurrency] = await g.round(shape.tasks, signal);
          } finally {
            cluster.resume();
          }
          const best = Math.max(...Object.values(jobsPerSec));
          for (const g of graphiles) pairedByConcurrency[g.concurrency]!.push(round1(jobsPerSec[g.concurrency]!));
          pairedBest.push(best);
          rates.push(rate);
          ratios.push(rate / best);
          sameRatios.push(rate / jobsPerSec[same.concurrency]!);
        }
        strategies[variant.label] = { tasksPerSec: round1(median(rates)), repeats: rates.map(round1), notSuccess: await cluster.notSuccess() };
        ratioToGraphileWorker[variant.label] = round3(median(ratios));
        ratioRepeats[variant.label] = ratios.map(round3);
        ratioToGraphileWorkerSameConcurrency[variant.label] = round3(median(sameRatios));
        log(`${variant.label.padEnd(24)} ${strategies[variant.label]!.tasksPerSec} tasks/s  (repeats ${rates.map(round1).join(", ")}; ` +
          `not Success: ${strategies[variant.label]!.notSuccess}); ratio ${ratioToGraphileWorker[variant.label]} (rounds ${ratios.map(round3).join(", ")})`);
      }
      const byConcurrency = Object.fromEntries(graphiles.map((g) => [g.concurrency, {
        jobsPerSec: round1(median(pairedByConcurrency[g.concurrency]!)), pairedRepeats: pairedByConcurrency[g.concurrency]!,
      }]));
      const faster = graphiles.reduce((a, b) => (byConcurrency[b.concurrency]!.jobsPerSec > byConcurrency[a.concurrency]!.jobsPerSec ? b : a));
      const graphileWorker = {
        jobsPerSec: round1(median(pairedBest)), version: GRAPHILE_WORKER_VERSION, concurrency: faster.concurrency,
        pairedRepeats: pairedBest.map(round1), byConcurrency,
      };
      for (const g of graphiles) {
        log(`${`graphile-worker x${g.concurrency}`.padEnd(24)} ${byConcurrency[g.concurrency]!.jobsPerSec} jobs/s over the paired rounds (median of ${pairedBest.length})`);
      }
      log(`graphile-worker, the faster of each round: ${graphileWorker.jobsPerSec} jobs/s (median)`);
      for (const [label, ratio] of Object.entries(ratioToGraphileWorker)) {
        log(`ratio ${label.padEnd(24)} ${ratio} (paired, to the faster graphile-worker of each round); ${ratioToGraphileWorkerSameConcurrency[label]} (paired, to x${same.concurrency})`);
      }
      return { strategies, graphileWorker, ratioToGraphileWorker, ratioRepeats, ratioToGraphileWorkerSameConcurrency, shape };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
