// What the API does to a task on behalf of a user, from any node: cancel (Queued -> Canceled at
// once; Executing -> Cancelling, which only the owning node turns into Canceled) and set/clear
// HasPendingInterruptions on a running task. Each is one write under the node's strategy; an
// acknowledged flag write is recorded in the node's history with the version it produced.
import type { InterruptionFlagWriteValue, TaskState } from "../contracts/index.ts";
import { conflict, notFound } from "./errors.ts";
import type { HistoryFile } from "./history-file.ts";
import { selectTask } from "./sql/selectTask.ts";
import { updateTaskInterruption } from "./sql/updateTaskInterruption.ts";
import type { Strategy, UpdateOutcome } from "./strategies/index.ts";
import type pg from "pg";
import type { ServerTaskRecord } from "./task-record.ts";
import { applyTransition, STALE, type TransitionDeps } from "./transitions.ts";

export interface TaskCommandDeps extends TransitionDeps {
  pool: pg.Pool;
  strategy: Strategy;
  /** Where acknowledged interruption-flag writes are recorded (`task:interruption-flag`). */
  history: HistoryFile;
}

const RUNNING: ReadonlySet<TaskState> = new Set(["Executing", "Cancelling"]);

export async function cancelTask(deps: TaskCommandDeps, taskId: string): Promise<ServerTaskRecord> {
  const outcome = await deps.strategy.updateTask(taskId, "cancel", async (db, current) => {
    if (current.state === "Queued") return applyTransition(deps, db, current, { to: "Canceled", reason: `canceled before start via ${deps.nodeName}` });
    if (current.state === "Executing") return applyTransition(deps, db, current, { to: "Cancelling", reason: `cancel requested via ${deps.nodeName}` });
    return { kind: "unchanged", state: current.state } as const;
  });
  const result = settled(outcome, taskId, "cancel");
  if (result.kind === "illegal" || (result.kind === "unchanged" && result.state !== "Cancelling")) {
    throw conflict(`task ${taskId} is ${result.kind === "illegal" ? result.from : result.state}; only a Queued or Executing task can be canceled`);
  }
  return reload(deps, taskId);
}

export async function setInterruption(deps: TaskCommandDeps, taskId: string, pending: boolean): Promise<ServerTaskRecord> {
  const outcome = await deps.strategy.updateTask(taskId, "interruption", async (db, current) => {
    if (!RUNNING.has(current.state)) return { kind: "not-running", state: current.state } as const;
    return (await updateTaskInterruption(db, taskId, current.version, pending)) ?? STALE;
  });
  const result = settled(outcome, taskId, "interruption");
  if ("kind" in result) throw conflict(`task ${taskId} is ${result.state}; only an Executing or Cancelling task has interruptions`);
  const task = await reload(deps, taskId);
  deps.history.append<InterruptionFlagWriteValue>("ok", "task:interruption-flag", {
    taskId, pending: result.hasPendingInterruptions, version: result.version, seenVersion: result.version - 1, writer: "api",
  });
  return task;
}

function settled<R>(outcome: UpdateOutcome<R>, taskId: string, operation: string): R {
  if (outcome.ok) return outcome.value;
  if (outcome.reason === "missing") throw notFound(`no task with id "${taskId}"`);
  throw conflict(`task ${taskId} kept changing under the ${operation} write and retries ran out; try again`);
}

async function reload(deps: TaskCommandDeps, taskId: string): Promise<ServerTaskRecord> {
  const task = await selectTask(deps.pool, taskId);
  if (!task) throw notFound(`no task with id "${taskId}"`);
  return task;
}
