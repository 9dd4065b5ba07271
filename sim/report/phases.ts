// The three phases of a strategy run and their numbers: before the first fault, during faults (first
// start to last heal), after the last heal (to the end of observation); a run without faults is all
// "before". Plus time to recover: from the last heal until the queue depth is back to its baseline
// (the p95 of the depth sampled each second before the faults; 0 without a before phase).
import type { DeploymentCreateValue, HistoryOp, PhaseName, PhaseStats, TaskRow, TaskState } from "../contracts/index.ts";
import { PHASES, percentiles, quantile } from "../contracts/index.ts";
import type { FaultWindow } from "../history/index.ts";
import { depthPerSecond } from "./timeseries/task-series.ts";

/** What the failed-ratio SLO counts (with unfinished tasks): Canceled is left out, an operator asked for it. */
const SLO_FAILED_STATES: ReadonlySet<TaskState> = new Set(["Failed", "TimedOut"]);

/** [start, end) in ms since the epoch, per phase; null when the phase did not happen. */
export type PhaseBounds = Record<PhaseName, readonly [number, number] | null>;

export function phaseBounds(loadStartMs: number, endMs: number, windows: readonly FaultWindow[]): PhaseBounds {
  if (windows.length === 0) return { before: [loadStartMs, endMs], during: null, after: null };
  const first = Math.min(...windows.map((w) => w.startTimeMs));
  const last = Math.max(...windows.map((w) => w.endTimeMs ?? endMs));
  return {
    before: first > loadStartMs ? [loadStartMs, first] : null,
    during: [first, Math.max(first, last)],
    after: last < endMs ? [last, endMs] : null,
  };
}

export function phaseStats(bounds: PhaseBounds, loadStartMs: number, history: readonly HistoryOp[], tasks: readonly TaskRow[], accepted: ReadonlySet<string>): Record<PhaseName, PhaseStats | null> {
  const out = {} as Record<PhaseName, PhaseStats | null>;
  for (const phase of PHASES) {
    const range = bounds[phase];
    out[phase] = range ? statsOf(range, loadStartMs, history, tasks, accepted) : null;
  }
  return out;
}

function statsOf([from, to]: readonly [number, number], loadStartMs: number, history: readonly HistoryOp[], tasks: readonly TaskRow[], accepted: ReadonlySet<string>): PhaseStats {
  const inside = (t: number | null): t is number => t !== null && t >= from && t < to;
  const waits: number[] = [];
  let queued = 0;
  let failed = 0;
  let completions = 0;
  for (const t of tasks) {
    if (t.state === "Success" && inside(t.completedTimeMs)) completions++;
    if (!accepted.has(t.id) || !inside(t.queueTimeMs)) continue;
    queued++;
    if (t.startTimeMs !== null) waits.push(t.startTimeMs - t.queueTimeMs);
    if (t.state !== "Success") failed += SLO_FAILED_STATES.has(t.state) || t.completedTimeMs === null ? 1 : 0;
  }
  const latencies: number[] = [];
  let requests = 0;
  let errors = 0;
  for (const op of history) {
    if (op.f !== "deployment:create" || op.type === "invoke" || !inside(op.time)) continue;
    requests++;
    if (op.type !== "ok") errors++;
    const latencyMs = (op.value as DeploymentCreateValue | null)?.latencyMs;
    if (typeof latencyMs === "number" && Number.isFinite(latencyMs)) latencies.push(latencyMs);
  }
  return {
    startMs: from - loadStartMs,
    endMs: to - loadStartMs,
    tasksQueued: queued,
    queueWaitP95Ms: percentiles(waits).p95,
    throughputPerMin: to > from ? (completions * 60_000) / (to - from) : 0,
    failedRatio: queued === 0 ? null : failed / queued,
    createRequests: requests,
    createErrorRatio: requests === 0 ? null : errors / requests,
    createLatencyP95Ms: percentiles(latencies).p95,
  };
}

/** ms from the last heal until the queue depth first drops to its before-faults baseline; null without faults or when it never did. */
export function timeToRecoverMs(bounds: PhaseBounds, tasks: readonly TaskRow[], endMs: number): number | null {
  if (!bounds.during) return null;
  const healMs = bounds.during[1];
  const baseline = bounds.before ? (quantile(depthPerSecond(tasks, bounds.before[0], bounds.before[1]).map((d) => d ?? 0), 0.95) ?? 0) : 0;
  const after = depthPerSecond(tasks, healMs, endMs);
  const i = after.findIndex((d) => (d ?? 0) <= baseline);
  return i < 0 ? null : i * 1000;
}
