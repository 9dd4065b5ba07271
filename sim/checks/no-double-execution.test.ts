import { describe, expect, it } from "vitest";
import type { CheckInput, HistoryOp, OpType, TaskRow } from "../contracts/index.ts";
import { noDoubleExecution } from "./no-double-execution.ts";

const op = (time: number, actor: string, type: OpType, f: string, value: unknown): HistoryOp => ({ time, actor, type, f, value });
const accept = (time: number, taskId: string) =>
  op(time, "k6", "ok", "deployment:create", { taskId, projectId: "Projects-1", environmentId: "Environments-1", status: 201 });
const input = (history: HistoryOp[], tasks: TaskRow[] = [], acceptedTaskIds?: string[]): CheckInput => ({
  history, finalState: { tasks, events: [] }, ...(acceptedTaskIds ? { acceptedTaskIds } : {}),
});
const run = (time: number, tentacle: string, node: string, taskId: string, targetId: string, ticket: string, stepName = "Deploy") =>
  op(time, tentacle, "invoke", "script:run", { ticket, taskId, stepName, targetId, node });

describe("no-double-execution", () => {
  it("is valid when each (task, step, target) ran once, including many steps and targets of one task", () => {
    const history = [
      run(1, "tentacle-1", "node-1", "T-1", "Machines-1", "a"),
      op(2, "tentacle-1", "ok", "script:run", { ticket: "a", taskId: "T-1", stepName: "Deploy", targetId: "Machines-1", node: "node-1", exitCode: 0 }),
      run(3, "tentacle-2", "node-1", "T-1", "Machines-2", "b"),
      run(4, "tentacle-1", "node-1", "T-1", "Machines-1", "c", "Verify"),
      run(5, "tentacle-1", "node-2", "T-2", "Machines-1", "d"),
    ];
    expect(noDoubleExecution(input(history))).toEqual({
      valid: true,
      summary: "4 (task, step, target) executions, none ran twice",
      counts: { scriptRuns: 4, executions: 4, doubleExecuted: 0, extraRuns: 0 },
    });
  });

  it("is invalid when two nodes ran the same step on the same target, with tentacles, nodes and times", () => {
    const history = [
      run(10, "tentacle-7", "node-1", "T-1", "Machines-7", "t1"),
      run(11, "tentacle-8", "node-1", "T-1", "Machines-8", "t2"),
      run(15, "tentacle-7", "node-2", "T-1", "Machines-7", "t3"),
      run(20, "tentacle-7", "node-1", "T-1", "Machines-7", "t1"), // a retried ticket that started twice also counts
    ];
    const result = noDoubleExecution(input(history));
    expect(result.valid).toBe(false);
    expect(result.summary).toBe("1 of 2 (task, step, target) executions ran more than once (2 extra runs); first: T-1/Deploy/Machines-7 by nodes node-1, node-2");
    expect(result.evidence).toEqual([
      {
        taskId: "T-1", stepName: "Deploy", targetId: "Machines-7",
        runs: [
          { tentacle: "tentacle-7", node: "node-1", ticket: "t1", timeMs: 10 },
          { tentacle: "tentacle-7", node: "node-2", ticket: "t3", timeMs: 15 },
          { tentacle: "tentacle-7", node: "node-1", ticket: "t1", timeMs: 20 },
        ],
      },
    ]);
    expect(result.counts).toEqual({ scriptRuns: 4, executions: 2, doubleExecuted: 1, extraRuns: 2 });
  });

  it("is unknown when no script ran", () => {
    const result = noDoubleExecution(input([accept(1, "T-1"), op(2, "t-1", "ok", "script:run", { taskId: "T-1" })]));
    expect(result.valid).toBe("unknown");
  });
});
