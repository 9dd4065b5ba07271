// Series derived exactly from the captured task rows (no sampling): queue depth and executing tasks at
// each bin's end, Success completions per minute, and the p95 queue wait of tasks that started in a bin.
import type { TaskRow } from "../../contracts/index.ts";
import { percentiles } from "../../contracts/index.ts";
import { binOf, coverage, type Axis, type Series } from "./axis.ts";

export interface TaskSeries {
  queueDepth: Series;
  executing: Series;
  throughputPerMin: Series;
  queueWaitP95Ms: Series;
}

export function taskSeries(axis: Axis, tasks: readonly TaskRow[]): TaskSeries {
  const queued: [number, number][] = [];
  const running: [number, number][] = [];
  const completions = new Float64Array(axis.bins);
  const waits: number[][] = Array.from({ length: axis.bins }, () => []);
  for (const t of tasks) {
    queued.push([t.queueTimeMs, t.startTimeMs ?? t.completedTimeMs ?? Infinity]);
    if (t.startTimeMs === null) continue;
    running.push([t.startTimeMs, t.completedTimeMs ?? Infinity]);
    const sb = binOf(axis, t.startTimeMs);
    if (sb >= 0) waits[sb]!.push(t.startTimeMs - t.queueTimeMs);
    if (t.state === "Success" && t.completedTimeMs !== null) {
      const cb = binOf(axis, t.completedTimeMs);
      if (cb >= 0) completions[cb]!++;
    }
  }
  return {
    queueDepth: coverage(axis, queued),
    executing: coverage(axis, running),
    throughputPerMin: Array.from(completions, (n) => (n * 60_000) / axis.binMs),
    queueWaitP95Ms: waits.map((w) => percentiles(w).p95),
  };
}

/** Queue depth sampled every second from fromMs to toMs (inclusive ends), for baselines and recovery. */
export function depthPerSecond(tasks: readonly TaskRow[], fromMs: number, toMs: number): Series {
  const axis: Axis = { startMs: fromMs - 1000, binMs: 1000, bins: Math.max(0, Math.floor((toMs - fromMs) / 1000) + 1) };
  return coverage(axis, tasks.map((t) => [t.queueTimeMs, t.startTimeMs ?? t.completedTimeMs ?? Infinity] as const));
}
