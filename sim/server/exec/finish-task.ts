// The executor's last write of a task: the outcome of its execution becomes a terminal state that
// depends on what the row says now (a task whose cancel was requested ends Canceled, not Success),
// written fenced under the strategy with the remaining log lines. `blindFrom` is the
// noFencingOnResume bug: write from the executor's own copy, whatever the row says. `mayHaveLanded`:
// an earlier attempt's outcome is unknown (its reply was lost), so a row this node already ended in a
// state this outcome leads to counts as written, not fenced.
import type { TaskState } from "../../contracts/index.ts";
import type { TaskLogLine } from "../sql/insertTaskLogLines.ts";
import type { Strategy } from "../strategies/index.ts";
import type { TaskVersion } from "../task-record.ts";
import { applyTransition, type TransitionDeps, type TransitionRequest } from "../transitions.ts";

export type FinishOutcome = { kind: "success" } | { kind: "failed"; error: string } | { kind: "canceled" };

export interface FinishDeps extends TransitionDeps {
  strategy: Strategy;
}

/** The transition that records `outcome` for a task now in `state` (illegal ones are refused by the table). */
export function finalTransition(state: TaskState, outcome: FinishOutcome): TransitionRequest {
  if (outcome.kind === "failed") return { to: "Failed", reason: "failed", errorMessage: outcome.error };
  if (state === "Cancelling") return { to: "Canceled", reason: outcome.kind === "canceled" ? "canceled" : "canceled after its last step" };
  return outcome.kind === "success" ? { to: "Success", reason: "completed" } : { to: "Canceled", reason: "canceled" };
}

/** The terminal states `outcome` can end a running task in (from Executing or from Cancelling). */
function endStates(outcome: FinishOutcome): TaskState[] {
  return [finalTransition("Executing", outcome).to, finalTransition("Cancelling", outcome).to];
}

/** What the final write did: the terminal state written, or why nothing was. */
export type FinishResult =
  | { written: TaskState }
  /** conflict: the version kept moving and the strategy's retries ran out (nothing was written). */
  | { unwritten: "fenced" | "illegal" | "missing" | "conflict" };

export async function finishTask(
  deps: FinishDeps,
  taskId: string,
  outcome: FinishOutcome,
  lines: TaskLogLine[],
  known: TaskVersion | undefined,
  blindFrom: TaskVersion | null,
  mayHaveLanded = false,
): Promise<FinishResult> {
  const written = await deps.strategy.updateTask(taskId, "transition", async (db, current) => {
    const from = blindFrom ?? current;
    if (!blindFrom && (current.serverNode !== deps.nodeName || (current.state !== "Executing" && current.state !== "Cancelling"))) {
      if (mayHaveLanded && current.serverNode === deps.nodeName && endStates(outcome).includes(current.state)) return { kind: "landed", state: current.state } as const;
      return { kind: "fenced", state: current.state, owner: current.serverNode } as const;
    }
    return applyTransition(deps, db, from, finalTransition(from.state, outcome), { blind: blindFrom !== null, logLines: lines });
  }, known);
  let unwritten: "fenced" | "illegal" | "missing" | "conflict";
  if (!written.ok) unwritten = written.reason;
  else if (written.value.kind === "applied") return { written: written.value.task.state };
  else if (written.value.kind === "landed") {
    deps.log("info", "task:finish:landed-earlier", { taskId, state: written.value.state });
    return { written: written.value.state };
  } else unwritten = written.value.kind;
  deps.log(unwritten === "fenced" ? "warn" : "error", "task:finish:unwritten", { taskId, outcome: outcome.kind, unwritten });
  return { unwritten };
}
