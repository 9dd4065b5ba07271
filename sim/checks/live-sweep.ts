// Shared sweep of the task events for the instant-by-instant checkers (task cap, concurrency tags):
// a claim is a move into Executing; a release is a move out of Executing/Cancelling. A task claimed by
// two nodes is held by both until it is released. Events are walked in the order captured (insert order).
import type { TaskEventRow } from "../contracts/index.ts";
import { LIVE_STATES } from "../contracts/index.ts";

export interface SweepHandlers {
  /** `node` claimed `taskId` (a node not yet holding it). */
  claim(taskId: string, node: string | null, ev: TaskEventRow): void;
  /** `taskId` left the live states; `holders` are the nodes that held it. */
  release(taskId: string, holders: readonly (string | null)[], ev: TaskEventRow): void;
}

export function sweepLiveTasks(events: readonly TaskEventRow[], on: SweepHandlers): void {
  const holders = new Map<string, (string | null)[]>();
  for (const ev of events) {
    const held = holders.get(ev.taskId);
    if (ev.toState === "Executing") {
      if (held?.includes(ev.node)) continue;
      if (held) held.push(ev.node);
      else holders.set(ev.taskId, [ev.node]);
      on.claim(ev.taskId, ev.node, ev);
    } else if (held && !LIVE_STATES.has(ev.toState)) {
      holders.delete(ev.taskId);
      on.release(ev.taskId, held, ev);
    }
  }
}
