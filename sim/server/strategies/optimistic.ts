// optimistic: pickup takes Queued rows `for update skip locked` in one statement (pickers never wait
// on each other; no transaction is held); every other task write is a compare-and-swap on the version
// column (the concurrency token): the writer's own copy first, then reload and retry with jitter up to
// maxRetries times (default 3; 0 is the naive variant, whose conflicts fail the write). Conflicts and
// retries are counted.
import { setTimeout as sleep } from "node:timers/promises";
import { selectTaskVersion } from "../sql/selectTaskVersion.ts";
import { claimQueued, STALE } from "../transitions.ts";
import type { Strategy, StrategyDeps, TaskMutation, UpdateOutcome } from "./strategy.ts";
import type { TaskVersion } from "../task-record.ts";

const DEFAULT_MAX_RETRIES = 3;
/**
 * Retry n sleeps a uniform random time in [0, RETRY_JITTER_BASE_MS * 2^n): 25, 50, 100 ms windows. On a
 * CPU-starved machine a statement takes tens of ms, and with 5 ms windows writers on one row kept colliding.
 */
const RETRY_JITTER_BASE_MS = 25;

export function makeOptimisticStrategy(deps: StrategyDeps): Strategy {
  const { pool, metrics } = deps;
  const maxRetries = deps.options.maxRetries ?? DEFAULT_MAX_RETRIES;
  return {
    name: "optimistic",
    claimTasks: (limit) => claimQueued(deps, pool, limit, "skip-locked"),
    async updateTask<R>(taskId: string, operation: string, mutate: TaskMutation<R>, known?: TaskVersion): Promise<UpdateOutcome<R>> {
      for (let attempt = 0; ; attempt++) {
        const current = attempt === 0 && known ? known : await selectTaskVersion(pool, taskId);
        if (!current) return { ok: false, reason: "missing" };
        // A mutation is one compare-and-swap statement: atomic on its own, so no transaction is held.
        const value = await mutate(pool, current);
        if (value !== STALE) return { ok: true, value };
        metrics.concurrencyConflicts.inc({ operation });
        if (attempt >= maxRetries) {
          deps.log("warn", "task:write:conflict", { taskId, operation, attempts: attempt + 1 });
          return { ok: false, reason: "conflict" };
        }
        metrics.concurrencyRetries.inc({ operation });
        await sleep(Math.random() * RETRY_JITTER_BASE_MS * 2 ** attempt);
      }
    },
  };
}
