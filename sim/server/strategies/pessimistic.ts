// pessimistic: a cluster-wide mutex (pg_advisory_xact_lock) serialises every pickup; the queue rows
// are taken `for update`; every task write row-locks the task (select ... for update) first.
// holdLockAcrossRpc (the naive variant) also holds the mutex, and a pool connection, across each
// tentacle RPC, which serialises RPCs cluster-wide and starves the pool.
import { performance } from "node:perf_hooks";
import { withTransaction, type Queryable } from "../db.ts";
import { acquireClusterMutex } from "../sql/acquireClusterMutex.ts";
import { selectClaimableTasks } from "../sql/selectClaimableTasks.ts";
import { selectTaskForUpdate } from "../sql/selectTaskForUpdate.ts";
import { STALE } from "../transitions.ts";
import { claimSelected } from "./claim-selected.ts";
import type { RpcGuard, Strategy, StrategyDeps } from "./strategy.ts";

export function makePessimisticStrategy(deps: StrategyDeps): Strategy {
  const { pool } = deps;
  const lockMutex = async (db: Queryable, operation: string) => {
    const startMs = performance.now();
    await acquireClusterMutex(db);
    deps.metrics.mutexWait.observe({ operation }, (performance.now() - startMs) / 1000);
  };
  const strategy: Strategy = {
    name: "pessimistic",
    claimTasks: (limit) =>
      withTransaction(pool, async (client) => {
        await lockMutex(client, "claim");
        return claimSelected(deps, client, await selectClaimableTasks(client, limit, "wait"));
      }),
    updateTask: (taskId, _operation, mutate) =>
      withTransaction(pool, async (client) => {
        const current = await selectTaskForUpdate(client, taskId);
        if (!current) return { ok: false, reason: "missing" } as const;
        const value = await mutate(client, current);
        // The row lock makes a moved version impossible; seeing one means the lock is broken.
        if (value === STALE) throw new Error(`task ${taskId} changed version while row-locked (expected ${current.version})`);
        return { ok: true, value } as const;
      }),
  };
  if (!deps.options.holdLockAcrossRpc) return strategy;
  const guard: RpcGuard = {
    aroundRpc: (call) =>
      withTransaction(pool, async (client) => {
        await lockMutex(client, "rpc");
        return call();
      }),
  };
  return { ...strategy, ...guard };
}
