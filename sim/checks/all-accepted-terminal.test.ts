import { describe, expect, it } from "vitest";
import { accept, input, op, task } from "../testing/history-builder.ts";
import { allAcceptedTerminal } from "./all-accepted-terminal.ts";


describe("all-accepted-terminal", () => {
  it("is valid when every accepted task is terminal, whatever the terminal state", () => {
    const history = [op(1, "k6", "invoke", "deployment:create", {}), accept(2, "T-1"), accept(3, "T-2"), accept(4, "T-3"), accept(5, "T-1")];
    const result = allAcceptedTerminal(input(history, [task("T-1", "Success"), task("T-2", "Failed"), task("T-3", "Canceled"), task("T-x", "Queued")]));
    expect(result).toEqual({ valid: true, summary: "all 3 accepted tasks are terminal", counts: { accepted: 3, terminal: 3, notTerminal: 0, lost: 0 } });
  });

  it("is invalid with stuck tasks (state and node) and lost tasks listed apart", () => {
    const history = [accept(1, "T-1"), accept(2, "T-2"), accept(3, "T-3"), accept(4, "T-4")];
    const result = allAcceptedTerminal(input(history, [task("T-1", "Success"), task("T-2", "Cancelling", "node-2"), task("T-3", "Queued", null)]));
    expect(result.valid).toBe(false);
    expect(result.summary).toBe("2 not terminal (Cancelling: 1, Queued: 1), 1 lost (accepted but absent from the final state) of 4 accepted tasks");
    expect(result.counts).toEqual({ accepted: 4, terminal: 1, notTerminal: 2, lost: 1 });
    expect(result.evidence).toEqual([
      { kind: "not-terminal", taskId: "T-2", state: "Cancelling", serverNode: "node-2", queueTimeMs: 0, startTimeMs: 10 },
      { kind: "not-terminal", taskId: "T-3", state: "Queued", serverNode: null, queueTimeMs: 0, startTimeMs: null },
      { kind: "lost", taskIds: ["T-4"], total: 1 },
    ]);
  });

  it("bounds the evidence to 20 offenders per kind but counts them all", () => {
    const ids = Array.from({ length: 30 }, (_, i) => `T-${i}`);
    const result = allAcceptedTerminal(input([], ids.slice(0, 25).map((id) => task(id, "Executing")), ids));
    expect(result.counts).toEqual({ accepted: 30, terminal: 0, notTerminal: 25, lost: 5 });
    expect(result.evidence).toHaveLength(21);
    expect(result.evidence?.at(-1)).toEqual({ kind: "lost", taskIds: ids.slice(25), total: 5 });
  });

  it("prefers acceptedTaskIds over the history when given", () => {
    const result = allAcceptedTerminal(input([accept(1, "T-1")], [task("T-1", "Executing"), task("T-2", "Success")], ["T-2"]));
    expect(result.valid).toBe(true);
  });

  it("is unknown when nothing was accepted", () => {
    const history = [op(1, "k6", "fail", "deployment:create", { taskId: "T-1", status: 503 }), op(2, "k6", "info", "deployment:create", {})];
    const result = allAcceptedTerminal(input(history, [task("T-1", "Queued")]));
    expect(result.valid).toBe("unknown");
    expect(result.summary).toMatch(/no accepted tasks/);
  });
});
