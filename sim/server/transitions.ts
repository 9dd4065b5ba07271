// The one place task state changes are written: every change is checked against the contracts'
// transition table (illegal ones are refused, logged and counted, never written) and appends a
// task_event row in the same transaction. Strategies decide locking; this decides legality.
import { isLegalTransition, isTerminal, type TaskState } from "../contracts/index.ts";
import type { Queryable } from "./db.ts";
import type { Log } from "./log.ts";
import type { ServerMetrics } from "./metrics.ts";
import { insertTask, type NewTask } from "./sql/insertTask.ts";
import type { TaskLogLine } from "./sql/insertTaskLogLines.ts";
import { insertTaskEvent } from "./sql/insertTaskEvent.ts";
import { updateTaskState } from "./sql/updateTaskState.ts";
import type { ClaimLockMode } from "./sql/selectClaimableTasks.ts";
import { claimQueuedTasks, updateTaskStates } from "./sql/updateTaskStates.ts";
import type { ServerTaskRecord, TaskVersion } from "./task-record.ts";

/** Returned by a write whose compare-and-swap found the version moved on (nothing was written). */
export const STALE = Symbol("stale");

export interface TransitionRequest {
  to: TaskState;
  /** Why, recorded in task_event.reason. */
  reason: string;
  /** Becomes server_node (e.g. on pickup); omit to keep the owner. */
  serverNode?: string;
  errorMessage?: string;
}

export type TransitionResult =
  | { kind: "applied"; task: ServerTaskRecord }
  | { kind: "illegal"; from: TaskState };

export interface TransitionDeps {
  nodeName: string;
  metrics: ServerMetrics;
  log: Log;
}

export interface TransitionOptions {
  /**
   * Bug paths only: write without compare-and-swap, trusting `current` (a copy held in memory).
   * Legality is then judged against that copy; the audit records the state actually replaced.
   */
  blind?: boolean;
  /** Task log lines written with the transition (same statement). */
  logLines?: readonly TaskLogLine[];
}

/**
 * Writes current.state -> request.to if legal, with its task_event row, in one statement (atomic
 * without a transaction); the caller holds whatever lock its strategy needs.
 */
export async function applyTransition(
  deps: TransitionDeps,
  db: Queryable,
  current: TaskVersion,
  request: TransitionRequest,
  options: TransitionOptions = {},
): Promise<TransitionResult | typeof STALE> {
  if (!isLegalTransition(current.state, request.to)) {
    deps.metrics.illegalTransitions.inc({ from: current.state, to: request.to });
    deps.log("warn", "task:transition:illegal", { taskId: current.id, from: current.state, to: request.to, reason: request.reason });
    return { kind: "illegal", from: current.state };
  }
  const written = await updateTaskState(db, {
    taskId: current.id,
    expectedVersion: options.blind ? null : current.version,
    state: request.to,
    serverNode: request.serverNode ?? null,
    completes: isTerminal(request.to),
    errorMessage: request.errorMessage ?? null,
    eventNode: deps.nodeName,
    reason: request.reason,
    logLines: options.logLines,
  });
  return written ? { kind: "applied", task: written.task } : STALE;
}

/**
 * Batch form of applyTransition (pickup): each row is judged against the table on its own; the
 * legal ones are written in one statement, each compare-and-swapped on its version. Returns the
 * tasks written; rows whose version moved on are left alone.
 */
export async function applyTransitionBatch(
  deps: TransitionDeps,
  db: Queryable,
  currents: readonly TaskVersion[],
  request: TransitionRequest,
  options: TransitionOptions = {},
): Promise<ServerTaskRecord[]> {
  const legal = currents.filter((current) => {
    if (isLegalTransition(current.state, request.to)) return true;
    deps.metrics.illegalTransitions.inc({ from: current.state, to: request.to });
    deps.log("warn", "task:transition:illegal", { taskId: current.id, from: current.state, to: request.to, reason: request.reason });
    return false;
  });
  const written = await updateTaskStates(db, {
    rows: legal, state: request.to, serverNode: request.serverNode ?? null, completes: isTerminal(request.to), blind: options.blind ?? false,
    eventNode: deps.nodeName, reason: request.reason,
  });
  return written.map(({ task }) => task);
}

/**
 * Pickup in one statement (atomic without a transaction): the queue query's rows, locked as
 * `lockMode` says, move Queued -> Executing for this node with their task_event rows. Returns them FIFO.
 */
export async function claimQueued(
  deps: TransitionDeps,
  db: Queryable,
  limit: number,
  lockMode: Exclude<ClaimLockMode, "none">,
): Promise<ServerTaskRecord[]> {
  if (!isLegalTransition("Queued", "Executing")) throw new Error("the transition table does not allow Queued -> Executing: pickup is impossible");
  const written = await claimQueuedTasks(db, { limit, lockMode, node: deps.nodeName, reason: "picked up" });
  return written.map(({ task }) => task);
}

/** Creates a task in its only initial state, Queued, with the creation event (from_state null). */
export async function createQueuedTask(deps: TransitionDeps, db: Queryable, task: NewTask): Promise<ServerTaskRecord> {
  const created = await insertTask(db, task);
  await insertTaskEvent(db, { taskId: created.id, fromState: null, toState: "Queued", node: deps.nodeName, reason: "created" });
  return created;
}
