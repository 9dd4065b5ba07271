// Composition of one server node: pool, migrations, node registration, restart cleanup (fail the
// tasks this node owned before it restarted), heartbeat, leader loop, REST API, task loop.
// startServerNode returns once the node serves HTTP and polls the queue; stop() undoes it in reverse
// (stop taking work and fail what runs, mark the node offline, close HTTP, the pool, the history).
import type { ServerNodeConfig } from "../contracts/index.ts";
import { hostClock } from "../lib/clock.ts";
import { failOrphans } from "./cluster/fail-orphans.ts";
import { startLeaderLoop } from "./cluster/leader.ts";
import { nodeTimings } from "./config.ts";
import { makePool } from "./db.ts";
import { makeDeployExecutor } from "./exec/execute-deploy.ts";
import { makeHealthExecutor } from "./exec/execute-health.ts";
import { makePlanCache } from "./exec/plan-cache.ts";
import { makeRpcClient } from "./exec/rpc-client.ts";
import { countingInFlight } from "./exec/rpc-in-flight.ts";
import { startTaskLoop } from "./exec/task-loop.ts";
import { runTask, type RunTaskDeps } from "./exec/task-run.ts";
import { UnsettledTasks } from "./exec/unsettled-tasks.ts";
import { startHeartbeat, type RunningHeartbeat } from "./heartbeat.ts";
import { openHistoryFile } from "./history-file.ts";
import { startApiServer } from "./http/api-server.ts";
import { makeLog, type Log } from "./log.ts";
import { makeServerMetrics } from "./metrics.ts";
import { runMigrations } from "./migrate.ts";
import { countTasksByState } from "./sql/countTasksByState.ts";
import { selectNodeRunningTasks } from "./sql/selectOrphanedTasks.ts";
import { updateNodeOffline } from "./sql/updateNodeOffline.ts";
import { upsertServerNode } from "./sql/upsertServerNode.ts";
import { hasRpcGuard, makeStrategy, withServerBugs } from "./strategies/index.ts";

const DEFAULT_DB_ACQUIRE_TIMEOUT_MS = 15_000;

export interface RunningServerNode {
  /** Base URL of the REST API. */
  url: string;
  log: Log;
  stop(): Promise<void>;
}

export async function startServerNode(config: ServerNodeConfig): Promise<RunningServerNode> {
  const { nodeName } = config;
  const timings = nodeTimings(config);
  const bugs = config.bugs ?? {};
  const log = makeLog(nodeName);
  const cleanups: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse().splice(0)) {
      try {
        await cleanup();
      } catch (error) {
        log("warn", "node:stop:error", { error });
      }
    }
  };
  try {
    const history = await openHistoryFile(config.historyFile, nodeName, (error) => log("error", "history:error", { error }), hostClock().nowMs);
    cleanups.push(() => history.close());
    const pool = makePool({
      databaseUrl: config.databaseUrl, maxConnections: config.dbPoolSize, applicationName: nodeName,
      acquireTimeoutMs: config.dbAcquireTimeoutMs ?? DEFAULT_DB_ACQUIRE_TIMEOUT_MS,
      onError: (error) => log("warn", "db:idle-client:error", { error }),
    });
    cleanups.push(() => pool.end());
    let heartbeat: RunningHeartbeat | undefined;
    const metrics = makeServerMetrics(nodeName, {
      countTasksByState: () => countTasksByState(pool),
      poolStats: () => ({ inUse: pool.totalCount - pool.idleCount, waiting: pool.waitingCount }),
      heartbeatAgeSeconds: () => (heartbeat ? (performance.now() - heartbeat.lastBeatMs()) / 1000 : 0),
      onScrapeError: (error) => log("warn", "metrics:scrape:error", { error }),
    });
    const applied = await runMigrations(pool).catch((error: unknown) => {
      throw new Error(`cannot migrate database ${redactedUrl(config.databaseUrl)}: ${(error as Error).message}`, { cause: error });
    });
    if (applied.length > 0) log("info", "node:migrated", { applied });
    await upsertServerNode(pool, nodeName, config.taskCap);

    const strategyDeps = { pool, nodeName, options: config.strategyOptions, metrics, log };
    const strategy = withServerBugs(makeStrategy(config.strategy, strategyDeps), strategyDeps, bugs);
    const orphans = await failOrphans({ nodeName, metrics, log, strategy }, await selectNodeRunningTasks(pool, nodeName),
      () => `node ${nodeName} restarted while the task ran; it was orphaned`);
    if (orphans.length > 0) {
      metrics.reclaims.inc({ reason: "restart" }, orphans.length);
      log("warn", "node:orphans:failed", { taskIds: orphans });
    }
    const rpcClient = makeRpcClient({ settings: config.rpc, history, metrics, nodeName, ...(hasRpcGuard(strategy) ? { guard: strategy } : {}) });
    cleanups.push(() => rpcClient.close());
    await rpcClient.ready;
    const rpc = countingInFlight(rpcClient, metrics);

    const api = await startApiServer({ pool, metrics, nodeName, log, apiKey: config.apiKey, strategy, offlineAfterMs: timings.offlineAfterMs, history },
      config.host, config.port);
    cleanups.push(() => api.stop());
    heartbeat = startHeartbeat({ pool, nodeName, log, intervalMs: config.heartbeatIntervalMs });
    cleanups.push(() => heartbeat?.stop());
    const leader = startLeaderLoop({ pool, nodeName, strategy, metrics, log, intervalMs: config.heartbeatIntervalMs, ...timings });
    cleanups.push(() => leader.stop());
    cleanups.push(() => updateNodeOffline(pool, nodeName));
    const scriptDeps = { nodeName, rpc, rpcSettings: config.rpc, pool, maxParallelism: timings.maxParallelism };
    const unsettled = new UnsettledTasks();
    const runDeps: RunTaskDeps = {
      pool, strategy, bugs, nodeName, metrics, log, history, progressIntervalMs: timings.progressIntervalMs, dbRetry: timings.dbRetry, unsettled,
      executors: {
        Deploy: makeDeployExecutor({ ...scriptDeps, plans: makePlanCache(pool), pauseCheckMs: timings.progressIntervalMs }),
        Health: makeHealthExecutor(scriptDeps),
      },
    };
    const loop = startTaskLoop({
      pool, nodeName, strategy, metrics, log, pollIntervalMs: config.pollIntervalMs, offlineAfterMs: timings.offlineAfterMs, unsettled,
      runTask: (task, shutdown) => runTask(runDeps, task, shutdown),
    });
    cleanups.push(() => loop.stop()); // runs first: stop taking work while HTTP and the pool still work
    log("info", "node:started", { url: api.url, strategy: strategy.name, taskCap: config.taskCap, bugs });
    return { url: api.url, log, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** host:port/database of a connection URL, without credentials. */
function redactedUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.hostname}:${url.port || 5432}${url.pathname}`;
}
