// bench engine, baseline: graphile-worker 0.17.3 processing the same number of no-op jobs on the same
// PostgreSQL (its own fresh database per call), with the
// concurrency asked for, default fetching otherwise. Jobs are queued first; the clock runs from the
// first job's start to the last job's completion (as for the server's tasks).
import { performance } from "node:perf_hooks";
import { Logger, makeWorkerUtils, run } from "graphile-worker";
import { createDatabase } from "../../infra/postgres.ts";

const quietLogger = new Logger(() => () => {});

export async function benchGraphileWorker(
  adminUrl: string, counted: number, warmup: number, concurrency: number, repeats: number, signal: AbortSignal,
): Promise<number[]> {
  const dbName = `engine_graphile_${concurrency}`;
  await createDatabase(adminUrl, dbName);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const connectionString = url.toString();
  const utils = await makeWorkerUtils({ connectionString, logger: quietLogger });
  const rates: number[] = [];
  try {
    await utils.migrate();
    // Round 0 warms up and is not counted.
    for (let repeat = 0; repeat <= repeats; repeat++) {
      signal.throwIfAborted();
      const jobs = repeat === 0 ? warmup : counted;
      await utils.addJobs(Array.from({ length: jobs }, (_, i) => ({ identifier: "noop", payload: { i } })));
      let completed = 0;
      let firstStartMs: number | undefined;
      let allDone!: () => void;
      const done = new Promise<void>((resolve) => (allDone = resolve));
      const runner = await run({
        connectionString, concurrency, maxPoolSize: Math.max(10, concurrency), noHandleSignals: true, pollInterval: 1000,
        logger: quietLogger, taskList: { noop: async () => {} },
      });
      runner.events.on("job:start", () => (firstStartMs ??= performance.now()));
      runner.events.on("job:complete", () => {
        if (++completed === jobs) allDone();
      });
      await done;
      if (repeat > 0) rates.push(jobs / ((performance.now() - firstStartMs!) / 1000));
      await runner.stop();
    }
    return rates;
  } finally {
    await utils.release();
  }
}
