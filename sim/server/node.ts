// Composition of one server node: pool, migrations, node registration, heartbeat, REST API, task
// loop. startServerNode returns once the node serves HTTP and polls the queue; stop() undoes it in
// reverse (stop taking work, close HTTP, close the pool, flush history).
import type { ServerNodeConfig } from "../contracts/index.ts";
import { makePool } from "./db.ts";
import { executeDeploy } from "./exec/execute-deploy.ts";
import { makeRpcClient } from "./exec/rpc-client.ts";
import { startTaskLoop } from "./exec/task-loop.ts";
import { startHeartbeat } from "./heartbeat.ts";
import { openHistoryFile } from "./history-file.ts";
import { startApiServer } from "./http/api-server.ts";
import { makeLog, type Log } from "./log.ts";
import { makeServerMetrics } from "./metrics.ts";
import { runMigrations } from "./migrate.ts";
import { countTasksByState } from "./sql/countTasksByState.ts";
import { upsertServerNode } from "./sql/upsertServerNode.ts";
import { hasRpcGuard, makeStrategy } from "./strategies/index.ts";
import { makeTaskWriter } from "./task-writer.ts";

const DEFAULT_DB_ACQUIRE_TIMEOUT_MS = 15_000;

export interface RunningServerNode {
  /** Base URL of the REST API. */
  url: string;
  log: Log;
  stop(): Promise<void>;
}

export async function startServerNode(config: ServerNodeConfig): Promise<RunningServerNode> {
  const { nodeName } = config;
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
    const history = await openHistoryFile(config.historyFile, nodeName, (error) => log("error", "history:error", { error }));
    cleanups.push(() => history.close());
    const pool = makePool({
      databaseUrl: config.databaseUrl, maxConnections: config.dbPoolSize, applicationName: nodeName,
      acquireTimeoutMs: config.dbAcquireTimeoutMs ?? DEFAULT_DB_ACQUIRE_TIMEOUT_MS,
      onError: (error) => log("warn", "db:idle-client:error", { error }),
    });
    cleanups.push(() => pool.end());
    const metrics = makeServerMetrics(nodeName, {
      countTasksByState: () => countTasksByState(pool),
      poolStats: () => ({ inUse: pool.totalCount - pool.idleCount, waiting: pool.waitingCount }),
      onScrapeError: (error) => log("warn", "metrics:scrape:error", { error }),
    });
    const applied = await runMigrations(pool).catch((error: unknown) => {
      throw new Error(`cannot migrate database ${redactedUrl(config.databaseUrl)}: ${(error as Error).message}`, { cause: error });
    });
    if (applied.length > 0) log("info", "node:migrated", { applied });
    await upsertServerNode(pool, nodeName, config.taskCap);

    const strategy = makeStrategy(config.strategy, { pool, nodeName, options: config.strategyOptions, metrics, log });
    const writer = makeTaskWriter(strategy, { nodeName, metrics, log });
    const rpc = makeRpcClient({ settings: config.rpc, history, metrics, ...(hasRpcGuard(strategy) ? { guard: strategy } : {}) });
    cleanups.push(() => rpc.close());

    const api = await startApiServer({ pool, metrics, nodeName, log, apiKey: config.apiKey }, config.host, config.port);
    cleanups.push(() => api.stop());
    const loop = startTaskLoop({
      strategy, writer, metrics, log, taskCap: config.taskCap, pollIntervalMs: config.pollIntervalMs,
      execute: (task, signal) => executeDeploy({ pool, nodeName, rpc, rpcSettings: config.rpc, writer, log }, task, signal),
    });
    const heartbeat = startHeartbeat({
      pool, nodeName, log, intervalMs: config.heartbeatIntervalMs, onDraining: (isDraining) => loop.setDraining(isDraining),
    });
    cleanups.push(() => heartbeat.stop());
    cleanups.push(() => loop.stop()); // runs first: stop taking work while HTTP and the pool still work
    log("info", "node:started", { url: api.url, strategy: strategy.name, taskCap: config.taskCap });
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
