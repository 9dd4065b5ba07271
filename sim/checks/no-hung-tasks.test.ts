import { describe, expect, it } from "vitest";
import { byTime, checkInput, ev, lifecycle, op } from "../testing/history-builder.ts";
import { noHungTasks } from "./no-hung-tasks.ts";

const script = (time: number, type: "invoke" | "ok", taskId: string) =>
  op(time, "tentacle-1", type, "script:run", { ticket: `${taskId}-a`, taskId, stepName: "Deploy", targetId: "Machines-1", node: "node-1" });
const poll = (time: number, taskId: string) => op(time, "node-1", "ok", "rpc:get-status", { targetId: "Machines-1", taskId, ticket: `${taskId}-a` });

describe("no-hung-tasks", () => {
  it("is valid when every executing task made progress within the bound", () => {
    const history = [script(1_100, "invoke", "T-1"), script(1_900, "ok", "T-1")];
    const result = noHungTasks(checkInput(history, [], lifecycle("T-1", "node-1", 0, 1_000, 2_500), { hungTaskBoundMs: 1_000, observedUntilMs: 10_000 }));
    expect(result).toEqual({
      valid: true,
      summary: "1 executed tasks, none silent for more than 1000 ms",
      counts: { executedTasks: 1, boundMs: 1_000, hungTasks: 0, silentSpans: 0, stillHungAtEnd: 0 },
    });
  });

  it("flags a silence ended late, ignores status polls as progress, and flags a task still silent at the end", () => {
    const history = [script(1_100, "invoke", "T-1"), poll(1_500, "T-1"), poll(2_000, "T-1"), poll(2_500, "T-1"), script(3_000, "ok", "T-1")];
    const events = byTime(lifecycle("T-1", "node-1", 0, 1_000, 3_100), [ev("T-2", null, "Queued", null, 0), ev("T-2", "Queued", "Executing", "node-2", 4_000), ev("T-2", "Executing", "Cancelling", "node-1", 4_500)]);
    const result = noHungTasks(checkInput(history, [], events, { hungTaskBoundMs: 1_000, observedUntilMs: 6_000 }));
    expect(result.valid).toBe(false);
    expect(result.summary).toBe("2 of 2 executed tasks were silent for more than 1000 ms (1 still at the end); worst: T-1 Executing on node-1 for 1900 ms from 1100");
    expect(result.evidence).toEqual([
      { taskId: "T-1", state: "Executing", node: "node-1", fromMs: 1_100, untilMs: 3_000, gapMs: 1_900, endedBy: "progress" },
      { taskId: "T-2", state: "Cancelling", node: "node-2", fromMs: 4_500, untilMs: 6_000, gapMs: 1_500, endedBy: "end-of-observation" },
    ].sort((a, b) => a.fromMs - b.fromMs));
  });

  it("uses the capture time when no observation end is given, and is unknown without a bound or executions", () => {
    const events = [ev("T-1", null, "Queued", null, 0), ev("T-1", "Queued", "Executing", "node-1", 100)];
    const input = checkInput([], [], events, { hungTaskBoundMs: 1_000 });
    expect(noHungTasks({ ...input, finalState: { ...input.finalState, capturedAtMs: 1_050 } }).valid).toBe(true);
    expect(noHungTasks({ ...input, finalState: { ...input.finalState, capturedAtMs: 1_200 } }).valid).toBe(false);
    expect(noHungTasks(checkInput([], [], events)).valid).toBe("unknown");
    expect(noHungTasks(checkInput([], [], [ev("T-1", null, "Queued", null, 0)], { hungTaskBoundMs: 5 })).valid).toBe("unknown");
  });
});
