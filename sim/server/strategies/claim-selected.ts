// Shared tail of every pickup: moves the rows a strategy selected (and locked) to Executing on this
// node through the transition table, inside the caller's transaction.
import type { Queryable } from "../db.ts";
import { applyTransition, STALE } from "../transitions.ts";
import type { ServerTaskRecord, TaskVersion } from "../task-record.ts";
import type { StrategyDeps } from "./strategy.ts";

export async function claimSelected(deps: StrategyDeps, db: Queryable, rows: TaskVersion[]): Promise<ServerTaskRecord[]> {
  const claimed: ServerTaskRecord[] = [];
  for (const row of rows) {
    const result = await applyTransition(deps, db, row, { to: "Executing", reason: "picked up", serverNode: deps.nodeName });
    if (result !== STALE && result.kind === "applied") claimed.push(result.task);
  }
  return claimed;
}
