import { describe, expect, it } from "vitest";
import type { TaskRow, TaskState } from "../contracts/index.ts";
import { slotHeldMsByTaskName, taskSlotMetrics } from "./task-slot-metrics.ts";

const task = (id: string, name: string, state: TaskState, startTimeMs: number | null, completedTimeMs: number | null): TaskRow => ({
  id, name, state, projectId: null, environmentId: null, concurrencyTag: name, serverNode: "node-1",
  queueTimeMs: 0, startTimeMs, completedTimeMs, errorMessage: null, version: 1,
});

describe("taskSlotMetrics", () => {
  const endMs = 100_000;
  const tasks = [
    task("T-1", "Deploy", "Success", 1_000, 11_000), // 10 s
    task("T-2", "Deploy", "Failed", 2_000, 32_000), // 30 s: failed tasks held their slot too
    task("T-3", "Deploy", "Queued", null, null), // never started: held nothing
    task("T-4", "Health", "Success", 5_000, 6_000), // 1 s
    task("T-5", "Health", "Success", 10_000, 50_000), // 40 s, waiting on busy targets
    task("T-6", "Health", "Executing", 90_000, null), // still running at the end: 10 s so far
    task("T-7", "Health", "Success", 95_000, 120_000), // completed after the end: counted to the end, 5 s
  ];

  it("counts each started task's slot time by name, running ones until the end of observation", () => {
    expect(Object.fromEntries(slotHeldMsByTaskName(tasks, endMs))).toEqual({ Deploy: [10_000, 30_000], Health: [1_000, 40_000, 10_000, 5_000] });
  });

  it("gives Health's count, duration quantiles (nearest rank) and share of all slot time", () => {
    expect(taskSlotMetrics(tasks, endMs)).toEqual({
      healthTasks: 4,
      healthTaskDurationP50Ms: 5_000,
      healthTaskDurationP95Ms: 40_000,
      healthSlotShare: 56_000 / 96_000,
    });
  });

  it("counts zero Health tasks and leaves the rest null when no health check started", () => {
    const none = { healthTasks: 0, healthTaskDurationP50Ms: null, healthTaskDurationP95Ms: null, healthSlotShare: null };
    expect(taskSlotMetrics([task("T-1", "Deploy", "Success", 0, 5_000), task("T-2", "Health", "Queued", null, null)], endMs)).toEqual(none);
    expect(taskSlotMetrics([], endMs)).toEqual(none);
  });

  it("gives a share of 0 when Health tasks started but held no time", () => {
    expect(taskSlotMetrics([task("T-1", "Deploy", "Success", 0, 5_000), task("T-2", "Health", "Success", 6_000, 6_000)], endMs)).toMatchObject({ healthTasks: 1, healthSlotShare: 0 });
  });
});
