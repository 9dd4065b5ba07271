// Moves the rows a strategy selected (and locked) from Queued to Executing for this node, in one
// batch through the transition table, inside the caller's transaction. `blind` is the
// pickupWithoutLock bug: no compare-and-swap, so a row another node claimed meanwhile is claimed again.
import type { Queryable } from "../db.ts";
import { applyTransitionBatch } from "../transitions.ts";
import type { ServerTaskRecord, TaskVersion } from "../task-record.ts";
import type { StrategyDeps } from "./strategy.ts";

export async function claimSelected(deps: StrategyDeps, db: Queryable, rows: TaskVersion[], blind = false): Promise<ServerTaskRecord[]> {
  return applyTransitionBatch(deps, db, rows, { to: "Executing", reason: "picked up", serverNode: deps.nodeName }, { blind });
}
