// The concurrency-strategy interface: how a node claims queued tasks and how it writes a task
// (locking, compare-and-swap, retries). Legality of each change is not the strategy's business:
// mutations come from transitions.ts. One implementation per file, listed in index.ts.
import type pg from "pg";
import type { StrategyOptions } from "../../contracts/index.ts";
import type { Queryable } from "../db.ts";
import type { Log } from "../log.ts";
import type { ServerMetrics } from "../metrics.ts";
import type { STALE } from "../transitions.ts";
import type { ServerTaskRecord, TaskVersion } from "../task-record.ts";

/**
 * A write against a task's current state/version; returns STALE when its compare-and-swap missed.
 * It makes at most ONE writing statement (atomic on its own): a strategy may run it in a
 * transaction (pessimistic, under its row lock) or without one (optimistic).
 */
export type TaskMutation<R> = (db: Queryable, current: TaskVersion) => Promise<R | typeof STALE>;

export type UpdateOutcome<R> =
  | { ok: true; value: R }
  /** missing: no such task; conflict: the version kept moving and retries ran out. */
  | { ok: false; reason: "missing" | "conflict" };

export interface Strategy {
  readonly name: string;
  /** Claims up to `limit` Queued tasks (FIFO, one per concurrency tag) for this node, moving each to Executing. */
  claimTasks(limit: number): Promise<ServerTaskRecord[]>;
  /**
   * Runs `mutate` on the task under this strategy's concurrency control. `operation` labels metrics.
   * `known` is the caller's copy of the task (e.g. the executor's, from its last write): a strategy
   * may write against it first and reload only when it turns out stale.
   */
  updateTask<R>(taskId: string, operation: string, mutate: TaskMutation<R>, known?: TaskVersion): Promise<UpdateOutcome<R>>;
}

/** Optional ability: wrap every tentacle RPC (the naive pessimistic variant holds the mutex across it). */
export interface RpcGuard {
  aroundRpc<T>(call: () => Promise<T>): Promise<T>;
}

export function hasRpcGuard(strategy: Strategy): strategy is Strategy & RpcGuard {
  return typeof (strategy as Partial<RpcGuard>).aroundRpc === "function";
}

export interface StrategyDeps {
  pool: pg.Pool;
  nodeName: string;
  options: StrategyOptions;
  metrics: ServerMetrics;
  log: Log;
}

export type StrategyFactory = (deps: StrategyDeps) => Strategy;
