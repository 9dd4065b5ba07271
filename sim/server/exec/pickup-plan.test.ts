// Unit tests of the pickup rule with the HA doc's worked example: 3 nodes x cap 10, 10 active + 12
// pending -> prospective cluster ratio 73.3%; the nodes at 8, 3 and 0 active pick 0, 5 and the rest.
import { describe, expect, it } from "vitest";
import { clusterRatio, tasksToPick, type ClusterLoad } from "./pickup-plan.ts";

const example = { clusterActive: 10, pending: 12, clusterCap: 30, nodeCap: 10, draining: false };

describe("tasksToPick (HA doc worked example)", () => {
  it("computes the prospective cluster workload ratio 73.3%", () => {
    expect(clusterRatio(example)).toBeCloseTo(0.7333, 4);
  });

  it("a node at 80% picks nothing, one at 30% picks 5, one at 0% picks all remaining 7", () => {
    expect(tasksToPick({ ...example, nodeActive: 8 })).toBe(0);
    expect(tasksToPick({ ...example, nodeActive: 3 })).toBe(5);
    // The doc's nodes poll at the same moment (same 73.3%): the idle node would take 8, and 12 - 5 = 7 remain.
    const idleLimit = tasksToPick({ ...example, nodeActive: 0 });
    expect(idleLimit).toBe(8);
    expect(Math.min(idleLimit, 12 - 5)).toBe(7);
  });

  it("never picks while draining, at the task cap, or with nothing pending", () => {
    const idle: ClusterLoad = { ...example, nodeActive: 0 };
    expect(tasksToPick({ ...idle, draining: true })).toBe(0);
    expect(tasksToPick({ ...idle, nodeActive: 10 })).toBe(0);
    expect(tasksToPick({ ...idle, nodeCap: 0 })).toBe(0);
    expect(tasksToPick({ ...idle, pending: 0 })).toBe(0);
  });

  it("a lone node fills its cap from a deep queue", () => {
    expect(tasksToPick({ nodeActive: 2, nodeCap: 5, draining: false, clusterActive: 2, pending: 500, clusterCap: 5 })).toBe(3);
  });
});
