// pessimistic: a cluster-wide mutex (pg_advisory_xact_lock) serialises every pickup and every task
// write; the queue rows are taken `for update`; each write row-locks its task (select ... for update)
// and so always sees the latest row. holdLockAcrossRpc (the naive variant) also holds the mutex, and
// a pool connection, across each tentacle RPC, which serialises RPCs cluster-wide and starves the pool.
import { performance } from "node:perf_hooks";
import type pg from "pg";
import { withTransaction } from "../db.ts";
import { acquireClusterMutex } from "../sql/acquireClusterMutex.ts";
import { selectTaskForUpdate } from "../sql/selectTaskForUpdate.ts";
import { claimQueued, STALE } from "../transitions.ts";
import type { RpcGuard, Strategy, StrategyDeps } from "./strategy.ts";

export function makePessimisticStrategy(deps: StrategyDeps): Strategy {
  const { pool, metrics } = deps;
  /** Runs cb in a transaction holding the cluster mutex; observes the wait and the hold. */
  const underMutex = <T>(operation: string, cb: (client: pg.PoolClient) => Promise<T>) =>
    withTransaction(pool, async (client) => {
      const waitStartMs = performance.now();
      await acquireClusterMutex(client);
      const heldFromMs = performance.now();
      metrics.mutexWait.observe({ operation }, (heldFromMs - waitStartMs) / 1000);
      try {
        return await cb(client);
      } finally {
        metrics.mutexHold.observe({ operation }, (performance.now() - heldFromMs) / 1000);
      }
    });
  const strategy: Strategy = {
    name: "pessimistic",
    claimTasks: (limit) => underMutex("claim", (client) => claimQueued(deps, client, limit, "wait")),
    updateTask: (taskId, operation, mutate) =>
      underMutex(operation, async (client) => {
        const lockStartMs = performance.now();
        const current = await selectTaskForUpdate(client, taskId);
        metrics.rowLockWait.observe({ operation }, (performance.now() - lockStartMs) / 1000);
        if (!current) return { ok: false, reason: "missing" } as const;
        const value = await mutate(client, current);
        // The row lock makes a moved version impossible; seeing one means the lock is broken.
        if (value === STALE) throw new Error(`task ${taskId} changed version while row-locked (expected ${current.version})`);
        return { ok: true, value } as const;
      }),
  };
  if (!deps.options.holdLockAcrossRpc) return strategy;
  const guard: RpcGuard = { aroundRpc: (call) => underMutex("rpc", () => call()) };
  return { ...strategy, ...guard };
}
