// Derived views of a history that several consumers (checks, report) need, defined once here.
// Pure and linear in the history.
import type { DeploymentCreateValue, FaultWindowValue, HistoryOp, OpType } from "../contracts/index.ts";

/** Distinct task ids of ok `deployment:create` ops (the tasks the load saw accepted), first-seen order. */
export function acceptedTaskIds(history: readonly HistoryOp[]): string[] {
  const ids = new Set<string>();
  for (const op of history) {
    if (op.f !== "deployment:create" || op.type !== "ok") continue;
    const taskId = (op.value as DeploymentCreateValue | null)?.taskId;
    if (typeof taskId === "string" && taskId !== "") ids.add(taskId);
  }
  return [...ids];
}

export interface FaultWindow {
  /** The op's f, e.g. "fault:latency". */
  f: string;
  kind: string;
  target: string;
  targets: string[];
  attributes: Record<string, unknown>;
  /** Time of the invoke (fault applied), ms since the epoch. */
  startTimeMs: number;
  /** Time of the matching ok/fail/info (healed), or null when the history holds none. */
  endTimeMs: number | null;
  /** Type of the closing op: ok = healed, fail = heal failed, info = outcome unknown; null when open. */
  endType: Exclude<OpType, "invoke"> | null;
}

/**
 * Fault windows from `fault:*` ops: each invoke opens a window, closed by the next non-invoke op with
 * the same actor, f and value.target (FIFO when one fault is applied twice). Ordered by start time.
 */
export function faultWindows(history: readonly HistoryOp[]): FaultWindow[] {
  const windows: FaultWindow[] = [];
  const open = new Map<string, FaultWindow[]>();
  for (const op of history) {
    if (!op.f.startsWith("fault:")) continue;
    const value = op.value as Partial<FaultWindowValue> | null;
    const target = typeof value?.target === "string" ? value.target : "";
    const key = `${op.actor}|${op.f}|${target}`;
    if (op.type === "invoke") {
      const window: FaultWindow = {
        f: op.f,
        kind: typeof value?.kind === "string" ? value.kind : op.f.slice("fault:".length),
        target,
        targets: Array.isArray(value?.targets) ? value.targets : [],
        attributes: value?.attributes ?? {},
        startTimeMs: op.time,
        endTimeMs: null,
        endType: null,
      };
      windows.push(window);
      const queue = open.get(key);
      if (queue) queue.push(window);
      else open.set(key, [window]);
      continue;
    }
    const window = open.get(key)?.shift();
    if (window) {
      window.endTimeMs = op.time;
      window.endType = op.type;
    }
  }
  return windows.sort((a, b) => a.startTimeMs - b.startTimeMs);
}
