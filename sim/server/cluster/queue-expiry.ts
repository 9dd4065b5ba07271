// Queued tasks past their QueueTimeExpiry become TimedOut ("did not execute this task in a timely
// fashion"), each through the strategy and the transition table, unless picked up meanwhile.
import type { Strategy } from "../strategies/index.ts";
import { applyTransition, type TransitionDeps } from "../transitions.ts";

export const TIMED_OUT_MESSAGE = "The server did not execute this task in a timely fashion: it did not start before its QueueTimeExpiry";

export async function timeOutExpired(deps: TransitionDeps & { strategy: Strategy }, taskIds: readonly string[]): Promise<void> {
  for (const taskId of taskIds) {
    await deps.strategy.updateTask(taskId, "expire", async (db, current) =>
      current.state === "Queued" ? applyTransition(deps, db, current, { to: "TimedOut", reason: "queue time expired", errorMessage: TIMED_OUT_MESSAGE }) : null);
  }
}
