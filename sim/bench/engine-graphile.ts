// bench engine, baseline: graphile-worker 0.17.3 processing no-op jobs on the same PostgreSQL (its own
// fresh database per concurrency), with the concurrency asked for, default fetching otherwise. A round
// queues its jobs first; the clock runs from the first job's start to the last job's completion (as
// for the server's tasks).
import { performance } from "node:perf_hooks";
import { Logger, makeWorkerUtils, run } from "graphile-worker";
import { createDatabase } from "../infra/postgres.ts";

const quietLogger = new Logger(() => () => {});

export const GRAPHILE_WORKER_VERSION = "0.17.3";

export interface GraphileBench extends AsyncDisposable {
  readonly concurrency: number;
  /** Queues `jobs` no-op jobs, runs a worker over them until all are done; returns jobs/s. */
  round(jobs: number, signal: AbortSignal): Promise<number>;
}

export async function prepareGraphileWorker(adminUrl: string, concurrency: number): Promise<GraphileBench> {
  const dbName = `engine_graphile_${concurrency}`;
  await createDatabase(adminUrl, dbName);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const connectionString = url.toString();
  const utils = await makeWorkerUtils({ connectionString, logger: quietLogger });
  try {
    await utils.migrate();
  } catch (error) {
    await utils.release();
    throw error;
  }
  return {
    concurrency,
    async round(jobs, signal) {
      signal.throwIfAborted();
      await utils.addJobs(Array.from({ length: jobs }, (_, i) => ({ identifier: "noop", payload: { i } })));
      let completed = 0;
      let firstStartMs: number | undefined;
      let allDone!: () => void;
      let aborted!: (reason: unknown) => void;
      const done = new Promise<void>((resolve, reject) => ((allDone = resolve), (aborted = reject)));
      const onAbort = () => aborted(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      const runner = await run({
        connectionString, concurrency, maxPoolSize: Math.max(10, concurrency), noHandleSignals: true, pollInterval: 1000,
        logger: quietLogger, taskList: { noop: async () => {} },
      });
      runner.events.on("job:start", () => (firstStartMs ??= performance.now()));
      runner.events.on("job:complete", () => {
        if (++completed === jobs) allDone();
      });
      try {
        await done;
        return jobs / ((performance.now() - firstStartMs!) / 1000);
      } finally {
        signal.removeEventListener("abort", onAbort);
        await runner.stop();
      }
    },
    async [Symbol.asyncDispose]() {
      await utils.release();
    },
  };
}
