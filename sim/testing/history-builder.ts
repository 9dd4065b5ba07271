// Test fixture (imported only by tests): builders for hand-written histories, task rows and events.
import type { CheckInput, CheckLimits, HistoryOp, OpType, TaskEventRow, TaskRow, TaskState } from "../contracts/index.ts";

export const op = (time: number, actor: string, type: OpType, f: string, value: unknown): HistoryOp => ({ time, actor, type, f, value });

export const ev = (taskId: string, fromState: TaskState | null, toState: TaskState, node: string | null, timeMs: number): TaskEventRow => ({
  taskId, fromState, toState, node, timeMs, reason: null,
});

export const row = (id: string, state: TaskState, over: Partial<TaskRow> = {}): TaskRow => ({
  id, name: "Deploy", state, projectId: "Projects-1", environmentId: "Environments-1", concurrencyTag: null, serverNode: "node-1",
  queueTimeMs: 0, startTimeMs: null, completedTimeMs: null, errorMessage: null, version: 1, ...over,
});

/** The events of a task that was queued at q, claimed by node at s, and ended in `end` at c. */
export const lifecycle = (taskId: string, node: string, q: number, s: number, c: number, end: TaskState = "Success"): TaskEventRow[] => [
  ev(taskId, null, "Queued", "node-1", q),
  ev(taskId, "Queued", "Executing", node, s),
  ev(taskId, "Executing", end, node, c),
];

export const checkInput = (history: HistoryOp[], tasks: TaskRow[], events: TaskEventRow[], limits?: CheckLimits): CheckInput => ({
  history, finalState: { tasks, events }, ...(limits ? { limits } : {}),
});

/** Events in insert order as the capture returns them: by time, stable. */
export const byTime = (...lists: TaskEventRow[][]): TaskEventRow[] => lists.flat().sort((a, b) => a.timeMs - b.timeMs);

/** An accepted deployment (an ok deployment:create op with its task id). */
export const accept = (time: number, taskId: string) =>
  op(time, "k6", "ok", "deployment:create", { taskId, projectId: "Projects-1", environmentId: "Environments-1", status: 201 });
/** A Deploy task in `state` (started at 10 unless still Queued). */
export const task = (id: string, state: TaskState, serverNode: string | null = "node-1"): TaskRow => ({
  id, name: "Deploy", state, projectId: "Projects-1", environmentId: "Environments-1", concurrencyTag: null, serverNode,
  queueTimeMs: 0, startTimeMs: state === "Queued" ? null : 10, completedTimeMs: null, errorMessage: null, version: 1,
});
/** A check input of a history and tasks, no events. */
export const input = (history: HistoryOp[], tasks: TaskRow[] = [], acceptedTaskIds?: string[]): CheckInput => ({
  history, finalState: { tasks, events: [] }, ...(acceptedTaskIds ? { acceptedTaskIds } : {}),
});
