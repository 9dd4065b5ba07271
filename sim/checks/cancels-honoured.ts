// Checker: every cancel the server accepted (an ok `task:cancel` op) ends the task as Canceled (or
// Failed, e.g. reclaimed), never Success: a cancelled task that runs to Success is a lost cancel (the
// stale-snapshot write of I#8214). Linear in history and tasks.
import type { CheckInput, CheckResult, TaskCancelValue } from "../contracts/index.ts";
import { EVIDENCE_LIMIT } from "./evidence.ts";

export function cancelsHonoured(input: CheckInput): CheckResult {
  const cancelledAtMs = new Map<string, number>();
  for (const op of input.history) {
    if (op.f !== "task:cancel" || op.type !== "ok") continue;
    const { taskId } = op.value as TaskCancelValue;
    if (!cancelledAtMs.has(taskId)) cancelledAtMs.set(taskId, op.time);
  }
  if (cancelledAtMs.size === 0) return { valid: "unknown", summary: "no cancel was accepted: nothing to check", counts: { cancelled: 0 } };
  const states = new Map(input.finalState.tasks.map((t) => [t.id, t] as const));
  const lost: { taskId: string; cancelAcceptedAtMs: number; finalState: string; serverNode: string | null; completedTimeMs: number | null }[] = [];
  let unfinished = 0;
  for (const [taskId, atMs] of cancelledAtMs) {
    const task = states.get(taskId);
    if (!task || task.state === "Cancelling" || task.state === "Executing" || task.state === "Queued") unfinished++;
    else if (task.state === "Success") lost.push({ taskId, cancelAcceptedAtMs: atMs, finalState: task.state, serverNode: task.serverNode, completedTimeMs: task.completedTimeMs });
  }
  const counts = { cancelled: cancelledAtMs.size, lost: lost.length, unfinished };
  if (lost.length > 0) {
    const first = lost[0]!;
    return {
      valid: false,
      summary: `${lost.length} of ${cancelledAtMs.size} accepted cancels were lost: the task ran to Success (first: ${first.taskId} on ${first.serverNode ?? "no node"}, cancel accepted at ${first.cancelAcceptedAtMs}, completed at ${first.completedTimeMs})`,
      evidence: lost.slice(0, EVIDENCE_LIMIT),
      counts,
    };
  }
  if (unfinished > 0) return { valid: "unknown", summary: `${unfinished} of ${cancelledAtMs.size} cancelled tasks had not finished when the state was captured`, counts };
  return { valid: true, summary: `all ${cancelledAtMs.size} accepted cancels ended the task (Canceled or Failed)`, counts };
}
