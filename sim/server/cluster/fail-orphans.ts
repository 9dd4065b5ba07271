// Fails running tasks nobody will finish (their owner is dead, restarted and lost them, or online but
// hung on them): each goes Executing/Cancelling -> Failed through the strategy and the transition
// table, with the reason in its error, its event and its log, unless the row moved on meanwhile
// (another node reclaimed it, its owner finished it; with `version`, any write at all). Returns the ids failed.
import type { Strategy } from "../strategies/index.ts";
import { applyTransition, type TransitionDeps } from "../transitions.ts";

export interface FailOrphansDeps extends TransitionDeps {
  strategy: Strategy;
}

/** A task to fail while `serverNode` still owns it; with `version`, only while the row is still at it. */
export interface Orphan {
  id: string;
  serverNode: string | null;
  version?: number;
}

export async function failOrphans<O extends Orphan>(deps: FailOrphansDeps, orphans: readonly O[], why: (orphan: O) => string): Promise<string[]> {
  const failed: string[] = [];
  for (const orphan of orphans) {
    const reason = why(orphan);
    const outcome = await deps.strategy.updateTask(orphan.id, "reclaim", async (db, current) => {
      const stillOrphaned = current.serverNode === orphan.serverNode && (current.state === "Executing" || current.state === "Cancelling") &&
        (orphan.version === undefined || current.version === orphan.version);
      if (!stillOrphaned) return null;
      const logLines = [{ time: new Date(), category: "Error" as const, message: reason }];
      return applyTransition(deps, db, current, { to: "Failed", reason, errorMessage: reason }, { logLines });
    });
    if (outcome.ok && outcome.value?.kind === "applied") failed.push(orphan.id);
  }
  return failed;
}
