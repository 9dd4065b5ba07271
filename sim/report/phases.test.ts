// Phase bounds around fault windows, and the failed ratio the SLOs read: Failed, TimedOut and
// unfinished tasks count; an operator's cancel does not.
import { describe, expect, it } from "vitest";
import { row } from "../testing/history-builder.ts";
import { phaseBounds, phaseStats } from "./phases.ts";

describe("phases", () => {
  const window = { startTimeMs: 10_000, endTimeMs: 20_000 } as Parameters<typeof phaseBounds>[2][number];

  it("splits the run at the first fault's start and the last heal", () => {
    expect(phaseBounds(0, 30_000, [window])).toEqual({ before: [0, 10_000], during: [10_000, 20_000], after: [20_000, 30_000] });
    expect(phaseBounds(0, 30_000, [])).toEqual({ before: [0, 30_000], during: null, after: null });
  });

  it("counts Failed, TimedOut and unfinished tasks as failed, not operator cancels", () => {
    const queued = (id: string, state: Parameters<typeof row>[1], completedTimeMs: number | null) =>
      row(id, state, { queueTimeMs: 21_000, startTimeMs: 21_500, completedTimeMs });
    const tasks = [
      queued("ServerTasks-1", "Success", 22_000), queued("ServerTasks-2", "Failed", 22_000), queued("ServerTasks-3", "TimedOut", 22_000),
      queued("ServerTasks-4", "Canceled", 22_000), queued("ServerTasks-5", "Executing", null),
    ];
    const stats = phaseStats(phaseBounds(0, 30_000, [window]), 0, [], tasks, new Set(tasks.map((t) => t.id)));
    expect(stats.after).toMatchObject({ tasksQueued: 5, failedRatio: 3 / 5, queueWaitP95Ms: 500 });
    expect(stats.before).toMatchObject({ tasksQueued: 0, failedRatio: null });
  });
});
