// Test fixture (imported only by tests): a hand-made two-strategy run whose every number is known.
import type { HistoryOp, OpType, TaskRow, TaskState } from "../contracts/index.ts";
import type { SummaryInput } from "../report/summary.ts";

export const LOAD_START_MS = 1_000_000;
const op = (time: number, actor: string, type: OpType, f: string, value: unknown): HistoryOp => ({ time, actor, type, f, value });
const accept = (time: number, taskId: string) => op(time, "k6", "ok", "deployment:create", { taskId, projectId: "Projects-1", environmentId: "Environments-1", status: 201 });
const task = (id: string, state: TaskState, startTimeMs: number | null, completedTimeMs: number | null): TaskRow => ({
  id, name: "Deploy", state, projectId: "Projects-1", environmentId: "Environments-1", concurrencyTag: null, serverNode: "node-1",
  queueTimeMs: LOAD_START_MS, startTimeMs, completedTimeMs, errorMessage: null, version: 1,
});
const fault = (time: number, type: OpType, kind: string, target: string) => op(time, "faults", type, `fault:${kind}`, { kind, target, targets: [target], attributes: {} });

/** Two strategies: "pessimistic" with every kind of outcome, "optimistic" clean. */
export function handMadeInput(): SummaryInput {
  return {
    scenario: "smoke",
    seed: 42,
    startedAt: "2026-11-22T02:00:00.000Z",
    durationMs: 95_000,
    strategies: [
      {
        name: "pessimistic",
        loadStartMs: LOAD_START_MS,
        history: [
          accept(LOAD_START_MS, "T-1"), accept(LOAD_START_MS + 1, "T-2"), accept(LOAD_START_MS + 2, "T-3"), accept(LOAD_START_MS + 3, "T-4"),
          accept(LOAD_START_MS + 4, "T-5"), accept(LOAD_START_MS + 5, "T-1"),
          op(LOAD_START_MS + 6, "k6", "fail", "deployment:create", { taskId: "T-9", status: 503 }),
          fault(LOAD_START_MS + 10_000, "invoke", "latency", "tentacles 2/10"),
          fault(LOAD_START_MS + 20_000, "ok", "latency", "tentacles 2/10"),
          fault(LOAD_START_MS + 30_000, "invoke", "kill", "node-2"),
        ],
        finalState: {
          tasks: [
            task("T-1", "Success", LOAD_START_MS + 100, LOAD_START_MS + 1_100), // wait 100, duration 1000
            task("T-2", "Success", LOAD_START_MS + 300, LOAD_START_MS + 3_300), // wait 300, duration 3000
            task("T-3", "Failed", LOAD_START_MS + 200, LOAD_START_MS + 700), // wait 200
            task("T-4", "Queued", null, null),
            task("T-99", "Success", LOAD_START_MS + 5, LOAD_START_MS + 90_000), // not accepted: ignored
          ],
          events: [],
        },
        checks: {
          "all-accepted-terminal": { valid: false, summary: "1 not terminal (Queued: 1), 1 lost", evidence: [{ taskId: "T-4" }] },
          "no-double-execution": { valid: true, summary: "5 executions, none ran twice" },
        },
        k6: {
          exitCode: 99,
          summary: {
            metrics: {
              http_reqs: { type: "counter", values: { count: 6, rate: 2 } },
              http_req_failed: { type: "rate", values: { rate: 0.25, passes: 1, fails: 3 }, thresholds: { "rate<0.01": { ok: false } } },
              http_req_duration: { type: "trend", values: { "p(95)": 12 }, thresholds: { "p(95)<500": { ok: true } } },
              dropped_iterations: { type: "counter", values: { count: 2, rate: 0.1 } },
            },
          },
        },
      },
      {
        name: "optimistic",
        loadStartMs: 2_000_000,
        history: [accept(2_000_000, "T-1"), fault(2_010_500, "invoke", "latency", "tentacles 2/10"), fault(2_020_000, "ok", "latency", "tentacles 2/10")],
        finalState: { tasks: [{ ...task("T-1", "Success", 2_000_050, 2_030_000), queueTimeMs: 2_000_000 }], events: [] },
        checks: { "all-accepted-terminal": { valid: true, summary: "all 1 accepted tasks are terminal" } },
        k6: { exitCode: 0, summary: { metrics: { http_reqs: { values: { count: 1 } }, http_req_failed: { values: { rate: 0 } } } } },
      },
    ],
  };
}
