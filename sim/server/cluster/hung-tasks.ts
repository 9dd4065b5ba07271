// Hung tasks, seen by the leader: running tasks whose LastUpdatedTime is older than hungTaskAfterMs.
// Each is counted (sim_hung_tasks now, sim_hung_tasks_detected_total once per task) and logged. One
// whose owner is online (heartbeating, so its runner lost the task or is stuck on it) is watched: once
// the leader has seen it hung, on an online owner and at one version, for failHungTaskAfterMs, it fails
// it, fenced on that version, with the reason in its error, event and log. Tasks of offline owners are
// left to the dead-node reclaim (reclaimAfterMs). The watch lives in the leader: a new leader starts afresh.
import { performance } from "node:perf_hooks";
import type pg from "pg";
import type { ServerMetrics } from "../metrics.ts";
import { selectHungTasks, type HungTask } from "../sql/selectHungTasks.ts";
import { failOrphans, type FailOrphansDeps } from "./fail-orphans.ts";

export interface HungTaskDeps extends FailOrphansDeps {
  pool: pg.Pool;
  metrics: ServerMetrics;
  hungTaskAfterMs: number;
  failHungTaskAfterMs: number;
  offlineAfterMs: number;
}

/** What the leader remembers between ticks: tasks already counted, and watched tasks (version, first seen). */
export interface HungTaskWatch {
  counted: Set<string>;
  watched: Map<string, { version: number; sinceMs: number }>;
}

export const newHungTaskWatch = (): HungTaskWatch => ({ counted: new Set(), watched: new Map() });

export async function handleHungTasks(deps: HungTaskDeps, watch: HungTaskWatch, nowMs = performance.now()): Promise<void> {
  const hung = await selectHungTasks(deps.pool, deps.hungTaskAfterMs, deps.offlineAfterMs);
  count(deps, watch, hung);
  const due: HungTask[] = [];
  const stillWatched = new Map<string, { version: number; sinceMs: number }>();
  for (const task of hung.filter((t) => t.ownerOnline)) {
    const seen = watch.watched.get(task.id);
    const since = seen && seen.version === task.version ? seen : { version: task.version, sinceMs: nowMs };
    stillWatched.set(task.id, since);
    if (nowMs - since.sinceMs >= deps.failHungTaskAfterMs) due.push(task);
  }
  watch.watched = stillWatched;
  if (due.length === 0) return;
  const failed = await failOrphans(deps, due, (task) =>
    `no progress from node ${task.serverNode} for over ${deps.hungTaskAfterMs + deps.failHungTaskAfterMs} ms while it was online; task failed by leader ${deps.nodeName}`);
  for (const taskId of failed) watch.watched.delete(taskId);
  if (failed.length === 0) return;
  deps.metrics.reclaims.inc({ reason: "hung" }, failed.length);
  deps.log("warn", "leader:hung-tasks:failed", { taskIds: failed, failHungTaskAfterMs: deps.failHungTaskAfterMs });
}

function count(deps: HungTaskDeps, watch: HungTaskWatch, hung: readonly HungTask[]): void {
  deps.metrics.hungTasks.set(hung.length);
  const fresh = hung.map((t) => t.id).filter((id) => !watch.counted.has(id));
  for (const id of fresh) watch.counted.add(id);
  if (fresh.length === 0) return;
  deps.metrics.hungTasksDetected.inc(fresh.length);
  deps.log("warn", "leader:hung-tasks", { taskIds: fresh, hungTaskAfterMs: deps.hungTaskAfterMs });
}
