import { describe, expect, it } from "vitest";
import type { InterruptionFlagWriteValue } from "../contracts/index.ts";
import { input, op, row } from "../testing/history-builder.ts";
import { interruptionsHonoured } from "./interruptions-honoured.ts";

/** A node acknowledging an operator's set/clear that produced `version`. */
const ack = (time: number, node: string, taskId: string, pending: boolean, version: number) =>
  op(time, node, "ok", "task:interruption-flag", { taskId, pending, version, seenVersion: version - 1, writer: "api" } satisfies InterruptionFlagWriteValue);
/** The owner's progress write saving a copy of version `seenVersion`, producing `version`. */
const save = (time: number, node: string, taskId: string, pending: boolean, version: number, seenVersion: number) =>
  op(time, node, "info", "task:interruption-flag", { taskId, pending, version, seenVersion, writer: "progress" } satisfies InterruptionFlagWriteValue);
const clientAck = (time: number, taskId: string, pending: boolean) => op(time, "k6", "ok", "task:interruption", { taskId, pending, status: 200 });

describe("interruptions-honoured", () => {
  it("is valid when every acknowledged write held: stale saves that leave the acknowledged value are harmless", () => {
    const history = [
      ack(10, "node-2", "T-1", true, 5), ack(20, "node-3", "T-1", false, 6),
      save(25, "node-1", "T-1", false, 7, 4), // never saw the set nor the clear, but leaves the clear's value
      ack(30, "node-2", "T-2", true, 3), save(35, "node-1", "T-2", true, 5, 3), // saw the set
    ];
    const r = interruptionsHonoured(input(history, [row("T-1", "Success"), row("T-2", "Executing", { hasPendingInterruptions: true })]));
    expect(r).toMatchObject({ valid: true, counts: { acknowledged: 3, tasks: 2, reverted: 0, unexplained: 0, stillPaused: 0 } });
  });

  it("reports a set undone by the owner's save of a copy from before it, naming task, times and nodes", () => {
    const history = [ack(10, "node-2", "T-1", true, 5), save(12, "node-1", "T-1", false, 6, 4), ack(20, "node-2", "T-1", false, 7)];
    const r = interruptionsHonoured(input(history, [row("T-1", "Success")]));
    expect(r.valid).toBe(false);
    expect(r.summary).toBe("1 of 2 acknowledged interruption flag writes were undone by a writer that never saw them " +
      "(first: T-1: set acknowledged via node-2 at 10 (version 5), reverted by node-1 at 12 saving version 4)");
    expect(r.evidence).toEqual([{
      kind: "reverted", taskId: "T-1", pending: true, acknowledgedAtMs: 10, acknowledgedVia: "node-2", acknowledgedVersion: 5,
      revertedAtMs: 12, revertedBy: "node-1", revertVersion: 6, revertSeenVersion: 4,
    }]);
  });

  it("reports a reverted clear that leaves the task waiting forever once", () => {
    const history = [ack(10, "node-2", "T-1", true, 5), ack(20, "node-3", "T-1", false, 6), save(22, "node-1", "T-1", true, 7, 5)];
    const r = interruptionsHonoured(input(history, [row("T-1", "Executing", { hasPendingInterruptions: true })]));
    expect(r).toMatchObject({ valid: false, counts: { reverted: 1, unexplained: 0, stillPaused: 1 } });
    expect(r.summary).toMatch(/clear acknowledged via node-3 at 20 \(version 6\), reverted by node-1 at 22 .*; 1 running tasks still wait on an intervention that was cleared$/);
  });

  it("reports a running task holding a value no recorded write explains", () => {
    const r = interruptionsHonoured(input([ack(10, "node-2", "T-1", false, 4)], [row("T-1", "Executing", { hasPendingInterruptions: true, serverNode: "node-1" })]));
    expect(r.valid).toBe(false);
    expect(r.evidence).toEqual([{
      kind: "unexplained", taskId: "T-1", pending: false, acknowledgedAtMs: 10, acknowledgedVia: "node-2", acknowledgedVersion: 4,
      finalPending: true, finalState: "Executing", serverNode: "node-1",
    }]);
  });

  it("is unknown with no acknowledged write, or when only the client's acks are in the history", () => {
    expect(interruptionsHonoured(input([], [])).valid).toBe("unknown");
    const r = interruptionsHonoured(input([clientAck(5, "T-1", true)], [row("T-1", "Success")]));
    expect(r).toMatchObject({ valid: "unknown", counts: { acknowledged: 0, clientAcks: 1 } });
    expect(r.summary).toMatch(/no node recorded task:interruption-flag ops/);
  });
});
