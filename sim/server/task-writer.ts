// What the executor uses to change a task it owns: state transitions (legality from transitions.ts)
// and progress stamps, each under the node's strategy (locks or compare-and-swap with retries).
import { updateTaskProgress } from "./sql/updateTaskProgress.ts";
import type { Strategy, UpdateOutcome } from "./strategies/index.ts";
import { applyTransition, STALE, type TransitionDeps, type TransitionRequest, type TransitionResult } from "./transitions.ts";

export interface TaskWriter {
  transition(taskId: string, request: TransitionRequest): Promise<UpdateOutcome<TransitionResult>>;
  /** Stamps last_updated_time (progress); returns the new version. */
  touch(taskId: string): Promise<UpdateOutcome<number>>;
}

export function makeTaskWriter(strategy: Strategy, deps: TransitionDeps): TaskWriter {
  return {
    transition: (taskId, request) =>
      strategy.updateTask(taskId, "transition", (db, current) => applyTransition(deps, db, current, request)),
    touch: (taskId) =>
      strategy.updateTask(taskId, "progress", async (db, current) => (await updateTaskProgress(db, current.id, current.version)) ?? STALE),
  };
}
