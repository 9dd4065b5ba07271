// PostgreSQL access for one node: the pool factory, the Queryable shape every sql/ function takes,
// and withTransaction (begin/commit, rollback on throw, always release).
import pg from "pg";
import { SERVER_TYPES } from "./sql/timestamptz.ts";

/** Anything that runs a query: a pool or a checked-out client. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<R>>;
}

export interface PoolSettings {
  databaseUrl: string;
  /** Maximum connections in the pool. */
  maxConnections: number;
  /** How long a caller waits for a free connection before the query fails (0 = forever). */
  acquireTimeoutMs: number;
  applicationName: string;
  onError: (error: Error) => void;
}

/**
 * How long an idle connection stays open (pg's default is 10 s; ADO.NET and Npgsql pools keep them for
 * minutes). A new connection prepares and plans every statement again: with 10 s, the connections a
 * burst opened after a quiet spell spent their first executions planning.
 */
const IDLE_CONNECTION_LIFETIME_MS = 300_000;

/**
 * Every prepared statement runs its cached generic plan. PostgreSQL's default weighs the generic plan
 * against the average cost of the custom plans it made so far, and a node's idle polls made those look
 * cheap: in the engine bench it planned the cluster-load query at 269 of 275 polls and the claim at
 * every claim (planning was a quarter of PostgreSQL's CPU). Statements are written for generic plans:
 * a filter that may be absent is a different statement text, not a `$n is null or` test.
 */
export const NODE_SESSION_OPTIONS = "-c plan_cache_mode=force_generic_plan";

export function makePool(settings: PoolSettings): pg.Pool {
  const pool = new pg.Pool({
    connectionString: settings.databaseUrl,
    max: settings.maxConnections,
    connectionTimeoutMillis: settings.acquireTimeoutMs,
    idleTimeoutMillis: IDLE_CONNECTION_LIFETIME_MS,
    options: NODE_SESSION_OPTIONS,
    application_name: settings.applicationName,
    types: SERVER_TYPES,
  });
  // An idle client losing its connection (db restart, partition) must not crash the process.
  pool.on("error", settings.onError);
  return pool;
}

/**
 * Runs cb inside one transaction on one client; commits on return, rolls back on throw. While it holds
 * the client it listens for the client's "error" event: pg emits it when the connection drops (the
 * pool listens only while a client is idle), and unheard it would kill the process. A client whose
 * connection dropped or whose rollback failed is destroyed, not pooled.
 */
export async function withTransaction<T>(pool: pg.Pool, cb: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken ??= error;
  };
  client.on("error", onError);
  try {
    await client.query("begin");
    const result = await cb(client);
    await client.query("commit");
    return result;
  } catch (error) {
    broken ??= await rollbackQuietly(client, error);
    throw error;
  } finally {
    client.removeListener("error", onError);
    client.release(broken);
  }
}

async function rollbackQuietly(client: pg.PoolClient, cause: unknown): Promise<Error | undefined> {
  try {
    await client.query("rollback");
    return undefined;
  } catch (rollbackError) {
    return rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError), { cause });
  }
}
