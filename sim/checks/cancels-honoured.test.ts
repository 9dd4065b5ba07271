import { describe, expect, it } from "vitest";
import type { CheckInput, HistoryOp, TaskRow, TaskState } from "../contracts/index.ts";
import { cancelsHonoured } from "./cancels-honoured.ts";

const cancel = (time: number, taskId: string, type: HistoryOp["type"] = "ok"): HistoryOp => ({ time, actor: "k6", type, f: "task:cancel", value: { taskId } });
const task = (id: string, state: TaskState): TaskRow => ({
  id, name: "Deploy", state, projectId: null, environmentId: null, concurrencyTag: null, serverNode: "node-1",
  queueTimeMs: 0, startTimeMs: 1, completedTimeMs: 9, errorMessage: null, version: 1,
});
const input = (history: HistoryOp[], tasks: TaskRow[]): CheckInput => ({ history, finalState: { tasks, events: [] } });

describe("cancels-honoured", () => {
  it("is valid when every accepted cancel ended its task Canceled or Failed", () => {
    const r = cancelsHonoured(input([cancel(1, "T-1"), cancel(2, "T-2"), cancel(3, "T-3", "fail")], [task("T-1", "Canceled"), task("T-2", "Failed"), task("T-3", "Success")]));
    expect(r).toMatchObject({ valid: true, counts: { cancelled: 2, lost: 0, unfinished: 0 } });
  });

  it("reports a lost cancel: accepted, yet the task ran to Success", () => {
    const r = cancelsHonoured(input([cancel(5, "T-1"), cancel(6, "T-2")], [task("T-1", "Success"), task("T-2", "Canceled")]));
    expect(r.valid).toBe(false);
    expect(r.summary).toMatch(/^1 of 2 accepted cancels were lost: .*T-1 on node-1, cancel accepted at 5/);
    expect(r.evidence).toEqual([{ taskId: "T-1", cancelAcceptedAtMs: 5, finalState: "Success", serverNode: "node-1", completedTimeMs: 9 }]);
  });

  it("is unknown with no accepted cancel, or with cancelled tasks still running", () => {
    expect(cancelsHonoured(input([], [])).valid).toBe("unknown");
    expect(cancelsHonoured(input([cancel(1, "T-1")], [task("T-1", "Cancelling")])).valid).toBe("unknown");
  });
});
