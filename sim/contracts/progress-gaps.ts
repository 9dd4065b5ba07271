// Silent spans of live tasks: stretches where a task sat in Executing or Cancelling with no progress
// for longer than a bound. Shared by the hung-task checker (verdict) and the report (series). Pure;
// one merge-walk over the history and the task events, both already ordered by time.
import type { HistoryOp } from "./history.ts";
import type { TaskEventRow, TaskState } from "./task.ts";

/** States in which a task owns a slot and must keep making progress. */
export const LIVE_STATES: ReadonlySet<TaskState> = new Set(["Executing", "Cancelling"]);

export interface SilentSpan {
  taskId: string;
  /** The live state the task sat in. */
  state: TaskState;
  /** Node that claimed the task (moved it into Executing), when known. */
  node: string | null;
  /** Last progress before the silence, ms since the epoch. */
  fromMs: number;
  /** When the silence ended, ms since the epoch. */
  untilMs: number;
  gapMs: number;
  /** What ended it: a progress op, a state transition, or the end of observation (still silent). */
  endedBy: "progress" | "transition" | "end-of-observation";
}

/**
 * Progress of a task: any task event, any `script:run` op, any completed (non-invoke) `rpc:*` op other
 * than status polls (a poll that answers "Running" is a heartbeat, not progress), any `task:*` op.
 */
export function isProgressOp(op: HistoryOp): boolean {
  if (op.f === "script:run" || op.f.startsWith("task:")) return true;
  return op.f.startsWith("rpc:") && op.type !== "invoke" && op.f !== "rpc:get-status";
}

interface Live {
  state: TaskState;
  node: string | null;
  lastMs: number;
}

/** Every silent span longer than boundMs; tasks still live at observedUntilMs are judged up to it. */
export function silentSpans(history: readonly HistoryOp[], events: readonly TaskEventRow[], boundMs: number, observedUntilMs: number): SilentSpan[] {
  const spans: SilentSpan[] = [];
  const live = new Map<string, Live>();
  const close = (taskId: string, t: Live, atMs: number, endedBy: SilentSpan["endedBy"]) => {
    if (atMs - t.lastMs > boundMs) spans.push({ taskId, state: t.state, node: t.node, fromMs: t.lastMs, untilMs: atMs, gapMs: atMs - t.lastMs, endedBy });
  };
  let h = 0;
  let e = 0;
  while (h < history.length || e < events.length) {
    const op = history[h];
    const ev = events[e];
    if (ev && (!op || ev.timeMs <= op.time)) {
      e++;
      const t = live.get(ev.taskId);
      if (t) close(ev.taskId, t, ev.timeMs, "transition");
      if (LIVE_STATES.has(ev.toState)) {
        const node = ev.toState === "Executing" ? ev.node : (t?.node ?? ev.node);
        live.set(ev.taskId, { state: ev.toState, node, lastMs: ev.timeMs });
      } else live.delete(ev.taskId);
      continue;
    }
    h++;
    const taskId = (op!.value as { taskId?: unknown } | null)?.taskId;
    if (typeof taskId !== "string" || !isProgressOp(op!)) continue;
    const t = live.get(taskId);
    if (!t || op!.time < t.lastMs) continue;
    close(taskId, t, op!.time, "progress");
    t.lastMs = op!.time;
  }
  for (const [taskId, t] of live) close(taskId, t, Math.max(observedUntilMs, t.lastMs), "end-of-observation");
  return spans;
}
