// Test-only helpers for sim/server tests (never imported by the server itself): a pool on a fresh
// clone of the migrated template database, fixture and task seeding, quiet metrics/log deps, and a node config.
import pg from "pg";
import type { FixtureSet, ServerNodeConfig } from "../contracts/index.ts";
import { makeTestDatabase, type TestDatabase } from "./database.ts";
import { NODE_SESSION_OPTIONS, withTransaction } from "../server/db.ts";
import type { Log } from "../server/log.ts";
import { makeServerMetrics, type ServerMetrics } from "../server/metrics.ts";
import { seedFixtures } from "../server/seed-fixtures.ts";
import type { ServerTaskRecord } from "../server/task-record.ts";
import { createQueuedTask } from "../server/transitions.ts";

export const quietLog: Log = () => {};

const ADMIN_SHUTDOWN = "57P01";

export interface MigratedDatabase extends AsyncDisposable {
  url: string;
  pool: pg.Pool;
  /** Another pool on the same database (closed with this one). */
  makePool(max?: number): pg.Pool;
}

export async function makeMigratedDatabase(): Promise<MigratedDatabase> {
  const db: TestDatabase = await makeTestDatabase({ migrated: true });
  const pools: pg.Pool[] = [];
  const makePool = (max = 4) => {
    const pool = new pg.Pool({ connectionString: db.url, max, options: NODE_SESSION_OPTIONS }); // as a node's pool plans
    // A client still closing when the database is dropped gets "terminating connection due to
    // administrator command" (57P01) as an idle-client error; any other idle-client error fails the test.
    pool.on("error", (error: Error & { code?: string }) => {
      if (error.code !== ADMIN_SHUTDOWN) throw error;
    });
    pools.push(pool);
    return pool;
  };
  const pool = makePool();
  return {
    url: db.url,
    pool,
    makePool,
    async [Symbol.asyncDispose]() {
      await Promise.all(pools.map((p) => p.end()));
      await db[Symbol.asyncDispose]();
    },
  };
}

export const SMALL_FIXTURES: FixtureSet = {
  projects: [{ id: "Projects-1", name: "Web", targetRole: "web", stepNames: ["Deploy"] }],
  environments: [{ id: "Environments-1", name: "Test" }],
  machines: [],
};

/** Seeds SMALL_FIXTURES and `count` Queued tasks, each with its own concurrency tag (unless `tag` is given). */
export async function seedQueuedTasks(pool: pg.Pool, count: number, tag?: string): Promise<ServerTaskRecord[]> {
  await seedFixtures(pool, SMALL_FIXTURES);
  const deps = { nodeName: "seeder", metrics: makeServerMetrics("seeder"), log: quietLog };
  return withTransaction(pool, async (client) => {
    const tasks: ServerTaskRecord[] = [];
    for (let i = 0; i < count; i++) {
      tasks.push(await createQueuedTask(deps, client, {
        name: "Deploy", description: `task ${i}`, projectId: "Projects-1", environmentId: "Environments-1",
        concurrencyTag: tag ?? `tag-${i}`,
      }));
    }
    return tasks;
  });
}

export function testMetrics(nodeName = "test-node"): ServerMetrics {
  return makeServerMetrics(nodeName);
}

/** Current value of a counter/gauge series in a metrics registry (0 when absent). */
export async function metricValue(metrics: ServerMetrics, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric named ${name}`);
  const { values } = await metric.get();
  const match = values.find((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want));
  return match?.value ?? 0;
}

/** A valid node config with fast test intervals; override what the test needs. */
export function testNodeConfig(overrides: Partial<ServerNodeConfig> & Pick<ServerNodeConfig, "databaseUrl" | "historyFile">): ServerNodeConfig {
  return {
    nodeName: "node-1", host: "127.0.0.1", port: 0, strategy: "optimistic", strategyOptions: { maxRetries: 3 },
    apiKey: "API-TEST", taskCap: 5, pollIntervalMs: 100, heartbeatIntervalMs: 200, dbPoolSize: 5,
    rpc: {
      connectTimeoutMs: 1000, receiveResponseTimeoutMs: 2000, statusPollInitialMs: 20, statusPollBackoffFactor: 1.5,
      statusPollMaxMs: 200, maxPooledConnectionsPerTentacle: 5,
    },
    ...overrides,
  };
}
