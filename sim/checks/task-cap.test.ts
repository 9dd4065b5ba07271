import { describe, expect, it } from "vitest";
import { byTime, checkInput, ev, lifecycle } from "../testing/history-builder.ts";
import { taskCap } from "./task-cap.ts";

describe("task-cap", () => {
  it("is valid at the cap, freeing a slot before the next claim at the same instant", () => {
    const events = byTime(lifecycle("T-1", "node-1", 0, 1, 10), lifecycle("T-2", "node-1", 0, 2, 20), lifecycle("T-3", "node-1", 0, 10, 30), lifecycle("T-4", "node-2", 0, 3, 30));
    // by time, T-1 ends (10) before T-3 starts (10): insert order, as the node freed the slot first
    const result = taskCap(checkInput([], [], events, { taskCapPerNode: 2 }));
    expect(result).toEqual({
      valid: true,
      summary: "2 nodes stayed within the task cap of 2 (peak 2) over 4 claims",
      counts: { claims: 4, nodes: 2, cap: 2, peak: 2, nodesOverCap: 0, unattributedClaims: 0 },
    });
  });

  it("names the node, the instant and the tasks it held when it went over, counting Cancelling as held", () => {
    const events = byTime(
      [ev("T-1", null, "Queued", null, 0), ev("T-1", "Queued", "Executing", "node-1", 1), ev("T-1", "Executing", "Cancelling", "node-2", 2)],
      lifecycle("T-2", "node-1", 0, 3, 9),
      lifecycle("T-3", "node-1", 0, 4, 9),
      lifecycle("T-4", "node-1", 0, 5, 9),
    );
    const result = taskCap(checkInput([], [], events, { taskCapPerNode: 2 }));
    expect(result.valid).toBe(false);
    expect(result.summary).toBe("1 of 1 nodes held more than the task cap of 2; first: node-1 held 3 at 4 (peak 4)");
    expect(result.evidence).toEqual([{ node: "node-1", cap: 2, held: 3, timeMs: 4, taskIds: ["T-1", "T-2", "T-3"], peak: 4, claimsOverCap: 2 }]);
  });

  it("counts a task claimed by two nodes against both", () => {
    const events = [ev("T-1", null, "Queued", null, 0), ev("T-1", "Queued", "Executing", "node-1", 1), ev("T-1", "Queued", "Executing", "node-2", 1), ...lifecycle("T-2", "node-2", 0, 2, 3)];
    expect(taskCap(checkInput([], [], events, { taskCapPerNode: 1 })).evidence).toEqual([
      { node: "node-2", cap: 1, held: 2, timeMs: 2, taskIds: ["T-1", "T-2"], peak: 2, claimsOverCap: 1 },
    ]);
  });

  it("is unknown without a cap or without claims", () => {
    expect(taskCap(checkInput([], [], lifecycle("T-1", "node-1", 0, 1, 2))).valid).toBe("unknown");
    expect(taskCap(checkInput([], [], [], { taskCapPerNode: 5 })).valid).toBe("unknown");
  });
});
