// Fails running tasks nobody will finish (their owner is dead, or restarted and lost them): each goes
// Executing/Cancelling -> Failed through the strategy and the transition table, unless the row moved
// on meanwhile (another node reclaimed it, its owner finished it). Returns the ids failed.
import type { OrphanedTask } from "../sql/selectOrphanedTasks.ts";
import type { Strategy } from "../strategies/index.ts";
import { applyTransition, type TransitionDeps } from "../transitions.ts";

export interface FailOrphansDeps extends TransitionDeps {
  strategy: Strategy;
}

export async function failOrphans(deps: FailOrphansDeps, orphans: readonly OrphanedTask[], why: (orphan: OrphanedTask) => string): Promise<string[]> {
  const failed: string[] = [];
  for (const orphan of orphans) {
    const reason = why(orphan);
    const outcome = await deps.strategy.updateTask(orphan.id, "reclaim", async (db, current) => {
      const stillOrphaned = current.serverNode === orphan.serverNode && (current.state === "Executing" || current.state === "Cancelling");
      if (!stillOrphaned) return null;
      return applyTransition(deps, db, current, { to: "Failed", reason, errorMessage: reason });
    });
    if (outcome.ok && outcome.value?.kind === "applied") failed.push(orphan.id);
  }
  return failed;
}
