import { describe, expect, it } from "vitest";
import { byTime, checkInput, ev, lifecycle, row } from "../testing/history-builder.ts";
import { legalTransitions } from "./legal-transitions.ts";

describe("legal-transitions", () => {
  it("accepts legal chains that end in the final state, including a cancel", () => {
    const events = byTime(lifecycle("T-1", "node-1", 0, 10, 20), [
      ev("T-2", null, "Queued", "node-2", 1), ev("T-2", "Queued", "Executing", "node-2", 5),
      ev("T-2", "Executing", "Cancelling", "node-1", 8), ev("T-2", "Cancelling", "Canceled", "node-2", 12),
    ]);
    const result = legalTransitions(checkInput([], [row("T-1", "Success"), row("T-2", "Canceled")], events));
    expect(result).toEqual({
      valid: true,
      summary: "7 transitions of 2 tasks, all legal and consistent with the final state",
      counts: { events: 7, tasks: 2, illegal: 0, "stale-from": 0, unaudited: 0 },
    });
  });

  it("names an illegal transition, a stale-from write (lost cancel) and an unaudited final state", () => {
    const events = [
      ...lifecycle("T-1", "node-1", 0, 10, 20), ev("T-1", "Success", "Executing", "node-2", 30), // illegal: out of a terminal state
      ev("T-2", null, "Queued", "node-1", 1), ev("T-2", "Queued", "Executing", "node-1", 2),
      ev("T-2", "Executing", "Cancelling", "node-2", 3),
      ev("T-2", "Executing", "Success", "node-1", 4), // written from a stale copy that still said Executing
      ev("T-3", null, "Queued", "node-1", 5),
    ];
    const result = legalTransitions(checkInput([], [row("T-1", "Executing"), row("T-2", "Success"), row("T-3", "Failed", { serverNode: "node-3" })], events));
    expect(result.valid).toBe(false);
    expect(result.counts).toEqual({ events: 9, tasks: 3, illegal: 1, "stale-from": 1, unaudited: 1 });
    expect(result.summary).toBe("1 illegal, 1 from a stale state (lost update), 1 final states no transition reached among 9 transitions; first: T-1 Success -> Executing by node-2 at 30");
    expect(result.evidence).toEqual([
      { kind: "illegal", taskId: "T-1", from: "Success", to: "Executing", node: "node-2", timeMs: 30 },
      { kind: "stale-from", taskId: "T-2", from: "Executing", to: "Success", node: "node-1", timeMs: 4, expected: "Cancelling" },
      { kind: "unaudited", taskId: "T-3", from: "Queued", to: "Failed", node: "node-3", timeMs: null, expected: "Queued" },
    ]);
  });

  it("rejects a creation into anything but Queued and unknown state names", () => {
    const events = [ev("T-1", null, "Executing", "node-1", 1), ev("T-1", "Executing", "Paused" as never, "node-1", 2)];
    const result = legalTransitions(checkInput([], [], events));
    expect(result.counts).toMatchObject({ illegal: 2 });
  });

  it("is unknown without events", () => {
    expect(legalTransitions(checkInput([], [row("T-1", "Queued")], [])).valid).toBe("unknown");
  });
});
