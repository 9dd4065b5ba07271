import { describe, expect, it } from "vitest";
import { ev, input, op, row } from "../testing/history-builder.ts";
import { failuresExplained } from "./failures-explained.ts";

const ticket = (taskId: string, target: string) => ({ ticket: `${taskId}/node-1/1. Deploy/${target}`, taskId, stepName: "1. Deploy", targetId: target, node: "node-1" });
const script = (taskId: string, target: string, end: "ok" | "info", exitCode = 0) => [
  op(1, target, "invoke", "script:run", ticket(taskId, target)),
  op(2, target, end, "script:run", { ...ticket(taskId, target), ...(end === "ok" ? { exitCode } : { error: "fleet stopped while the script ran" }) }),
];

describe("failures-explained", () => {
  it("is valid when nothing Failed, or each failure has a reason and a trouble behind it", () => {
    expect(failuresExplained(input([], [row("T-1", "Success")])).valid).toBe(true);
    const history = [...script("T-1", "M-1", "ok"), ...script("T-1", "M-2", "info"), ...script("T-2", "M-1", "ok", 1), ...script("T-3", "M-1", "ok"),
      op(3, "node-1", "info", "rpc:get-status", { ...ticket("T-3", "M-1"), error: "ECONNRESET" })];
    const tasks = [row("T-1", "Failed", { errorMessage: "outcome unknown" }), row("T-2", "Failed", { errorMessage: "script exited 1" }), row("T-3", "Failed", { errorMessage: "RPC outcome unknown" })];
    expect(failuresExplained(input(history, tasks))).toMatchObject({ valid: true, counts: { failed: 3, withoutReason: 0, unfounded: 0 } });
  });

  it("fails a Failed task without a reason, and one whose scripts all succeeded with every RPC answered", () => {
    const history = [...script("T-1", "M-1", "ok"), ...script("T-1", "M-2", "ok"), ...script("T-2", "M-1", "ok", 2)];
    const tasks = [row("T-1", "Failed", { errorMessage: "lost the database" }), row("T-2", "Failed")];
    const result = failuresExplained(input(history, tasks));
    expect(result.valid).toBe(false);
    expect(result.summary).toBe("1 Failed without a reason (T-2); 1 Failed although all their scripts exited 0, every RPC was answered and no fault hit their node; first: T-1: lost the database");
    expect(result.evidence).toEqual([{ taskId: "T-2", problem: "no reason" }, { taskId: "T-1", scripts: 2, errorMessage: "lost the database", problem: "scripts succeeded" }]);
  });

  it("explains a failure by a fault window on the node running the task, not by one elsewhere or at another time", () => {
    const window = (from: number, to: number, targets: string[]) => [
      op(from, "faults", "invoke", "fault:kill", { kind: "kill", target: "one node", targets, attributes: {}, plannedAtMs: from }),
      op(to, "faults", "ok", "fault:kill", { kind: "kill", target: "one node", targets, attributes: {}, plannedAtMs: from }),
    ];
    const ran = (taskId: string, node: string) => [ev(taskId, null, "Queued", "node-1", 0), ev(taskId, "Queued", "Executing", node, 10), ev(taskId, "Executing", "Failed", node, 50)];
    const history = [...script("T-1", "M-1", "ok"), ...script("T-2", "M-1", "ok"), ...script("T-3", "M-1", "ok"), ...window(20, 30, ["node-2"]), ...window(60, 70, ["node-3"])];
    const tasks = ["T-1", "T-2", "T-3"].map((id) => row(id, "Failed", { errorMessage: "node restarted while the task ran; it was orphaned" }));
    const result = failuresExplained({ history, finalState: { tasks, events: [...ran("T-1", "node-2"), ...ran("T-2", "node-1"), ...ran("T-3", "node-3")] } });
    expect(result.valid).toBe(false);
    expect(result.evidence).toEqual([
      { taskId: "T-2", scripts: 1, errorMessage: "node restarted while the task ran; it was orphaned", problem: "scripts succeeded" },
      { taskId: "T-3", scripts: 1, errorMessage: "node restarted while the task ran; it was orphaned", problem: "scripts succeeded" },
    ]);
  });
});
