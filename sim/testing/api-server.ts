// Test-only: the node's REST server in this process (startApiServer) on a fresh migrated database with
// SMALL_FIXTURES, `tasks` Queued tasks and node-1's server_node row; it keeps what it logs, and `api`
// sends the API key. Disposing stops the server and drops the database.
import { API_KEY_HEADER } from "../contracts/index.ts";
import type { ApiDeps } from "../server/http/api-deps.ts";
import { startApiServer } from "../server/http/api-server.ts";
import { noopHistoryFile } from "../server/history-file.ts";
import type { Log } from "../server/log.ts";
import { makeStrategy } from "../server/strategies/index.ts";
import type { ServerTaskRecord } from "../server/task-record.ts";
import { makeMigratedDatabase, seedQueuedTasks, testMetrics, type MigratedDatabase } from "./server-support.ts";

export const TEST_API_KEY = "K";

export interface LoggedLine {
  level: string;
  event: string;
  fields: Record<string, unknown>;
}

export interface TestApiServer extends AsyncDisposable {
  url: string;
  db: MigratedDatabase;
  deps: ApiDeps;
  tasks: ServerTaskRecord[];
  /** Every line the server logged, in order. */
  logged: LoggedLine[];
  /** fetch on the server with the API key (and any headers given). */
  api(route: string, init?: RequestInit): Promise<Response>;
}

export async function startTestApiServer(options: { tasks?: number } = {}): Promise<TestApiServer> {
  const db = await makeMigratedDatabase();
  try {
    const tasks = await seedQueuedTasks(db.pool, options.tasks ?? 1);
    await db.pool.query(`insert into server_node (name, last_seen, max_concurrent_tasks) values ('node-1', now(), 5)`);
    const logged: LoggedLine[] = [];
    const log: Log = (level, event, fields = {}) => void logged.push({ level, event, fields });
    const metrics = testMetrics("node-1");
    const strategy = makeStrategy("optimistic", { pool: db.pool, nodeName: "node-1", options: {}, metrics, log });
    const deps: ApiDeps = {
      pool: db.pool, metrics, nodeName: "node-1", log, apiKey: TEST_API_KEY, strategy, offlineAfterMs: 60_000, history: noopHistoryFile,
    };
    const server = await startApiServer(deps, "127.0.0.1", 0);
    return {
      url: server.url, db, deps, tasks, logged,
      api: (route, init = {}) => fetch(`${server.url}${route}`, {
        ...init, headers: { [API_KEY_HEADER]: TEST_API_KEY, ...(init.headers as Record<string, string> | undefined) },
      }),
      async [Symbol.asyncDispose]() {
        await server.stop();
        await db[Symbol.asyncDispose]();
      },
    };
  } catch (error) {
    await db[Symbol.asyncDispose]();
    throw error;
  }
}
