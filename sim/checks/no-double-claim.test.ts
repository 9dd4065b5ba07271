import { describe, expect, it } from "vitest";
import { byTime, checkInput, ev, lifecycle } from "../testing/history-builder.ts";
import { noDoubleClaim } from "./no-double-claim.ts";

describe("no-double-claim", () => {
  it("is valid when each task was claimed once", () => {
    const result = noDoubleClaim(checkInput([], [], byTime(lifecycle("T-1", "node-1", 0, 5, 9), lifecycle("T-2", "node-2", 1, 6, 9))));
    expect(result).toEqual({ valid: true, summary: "2 tasks claimed, each once", counts: { claimedTasks: 2, claimedTwice: 0, byDifferentNodes: 0 } });
  });

  it("names the task, the nodes and the times when two nodes picked one task (the 2023.3 double pickup)", () => {
    const events = byTime(lifecycle("T-1", "node-1", 0, 5, 9), [ev("T-2", null, "Queued", "node-1", 1), ev("T-2", "Queued", "Executing", "node-1", 3), ev("T-2", "Queued", "Executing", "node-2", 3)]);
    const result = noDoubleClaim(checkInput([], [], events));
    expect(result.valid).toBe(false);
    expect(result.summary).toBe("1 of 2 claimed tasks were moved into Executing more than once (1 by different nodes); first: T-2 by node-1, node-2 at 3, 3");
    expect(result.evidence).toEqual([
      { taskId: "T-2", nodes: ["node-1", "node-2"], claims: [{ node: "node-1", timeMs: 3, fromState: "Queued" }, { node: "node-2", timeMs: 3, fromState: "Queued" }] },
    ]);
  });

  it("is unknown when nothing was claimed", () => {
    expect(noDoubleClaim(checkInput([], [], [ev("T-1", null, "Queued", "node-1", 0)])).valid).toBe("unknown");
  });
});
