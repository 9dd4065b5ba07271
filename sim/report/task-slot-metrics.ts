// How long tasks held their task-cap slots, by task name, from the final state (pure): a task holds a
// slot from StartTime to CompletedTime (one still running at the end of observation, until then).
// Gives the Health figures of StrategySummary.metrics (domain.md (e) 12: health checks behind the deployment mutex).
import type { TaskRow } from "../contracts/index.ts";
import { percentiles } from "../contracts/index.ts";

/** The task name of the leader's health checks (sim/server/cluster/health-schedule.ts). */
export const HEALTH_TASK_NAME = "Health";

/** Per task name, how long each started task held its slot (ms), in task order. */
export function slotHeldMsByTaskName(tasks: readonly TaskRow[], endMs: number): Map<string, number[]> {
  const byName = new Map<string, number[]>();
  for (const task of tasks) {
    if (task.startTimeMs === null) continue;
    const releasedMs = Math.min(task.completedTimeMs ?? endMs, endMs);
    let held = byName.get(task.name);
    if (!held) byName.set(task.name, (held = []));
    held.push(Math.max(0, releasedMs - task.startTimeMs));
  }
  return byName;
}

/**
 * healthTasks: Health tasks that started; healthTaskDurationP50Ms/P95Ms: how long one held its slot
 * (nearest rank); healthSlotShare: Health's fraction of the slot time all started tasks held. Quantiles and
 * share are null when no Health task started (no health checks in this scenario).
 */
export function taskSlotMetrics(tasks: readonly TaskRow[], endMs: number): Record<string, number | null> {
  const byName = slotHeldMsByTaskName(tasks, endMs);
  const health = byName.get(HEALTH_TASK_NAME) ?? [];
  const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
  let allHeldMs = 0;
  for (const held of byName.values()) allHeldMs += sum(held);
  const { p50, p95 } = percentiles(health);
  return {
    healthTasks: health.length,
    healthTaskDurationP50Ms: p50,
    healthTaskDurationP95Ms: p95,
    healthSlotShare: health.length === 0 || allHeldMs === 0 ? null : sum(health) / allHeldMs,
  };
}
