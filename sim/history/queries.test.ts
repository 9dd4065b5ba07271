import { describe, expect, it } from "vitest";
import type { HistoryOp, OpType } from "../contracts/index.ts";
import { acceptedTaskIds, faultWindows } from "./queries.ts";

const op = (time: number, type: OpType, f: string, value: unknown, actor = "k6"): HistoryOp => ({ time, actor, type, f, value });

describe("acceptedTaskIds", () => {
  it("takes distinct task ids of ok deployment:create ops only", () => {
    const history = [
      op(1, "invoke", "deployment:create", { projectId: "P", environmentId: "E" }),
      op(2, "ok", "deployment:create", { taskId: "T-1", projectId: "P", environmentId: "E", status: 201 }),
      op(3, "fail", "deployment:create", { taskId: "T-9", projectId: "P", environmentId: "E", status: 503 }),
      op(4, "info", "deployment:create", { projectId: "P", environmentId: "E", error: "timeout" }),
      op(5, "ok", "deployment:create", { taskId: "T-2", projectId: "P", environmentId: "E" }),
      op(6, "ok", "deployment:create", { taskId: "T-1", projectId: "P", environmentId: "E" }),
      op(7, "ok", "script:run", { taskId: "T-3" }),
    ];
    expect(acceptedTaskIds(history)).toEqual(["T-1", "T-2"]);
  });
});

describe("faultWindows", () => {
  const v = (target: string) => ({ kind: "latency", target, targets: [target], attributes: { latencyMs: 100 } });
  it("pairs invokes with their heal by actor, f and target, FIFO; an unhealed window stays open", () => {
    const history = [
      op(100, "invoke", "fault:latency", v("tentacles 2/10"), "faults"),
      op(150, "invoke", "fault:latency", v("node-1"), "faults"),
      op(160, "ok", "deployment:create", { taskId: "T-1" }),
      op(200, "ok", "fault:latency", v("tentacles 2/10"), "faults"),
      op(300, "invoke", "fault:latency", v("tentacles 2/10"), "faults"),
      op(350, "info", "fault:latency", v("node-1"), "faults"),
      op(400, "invoke", "fault:kill", { kind: "kill", target: "node-2", targets: ["node-2"], attributes: {} }, "faults"),
    ];
    const windows = faultWindows(history).map((w) => [w.kind, w.target, w.startTimeMs, w.endTimeMs, w.endType]);
    expect(windows).toEqual([
      ["latency", "tentacles 2/10", 100, 200, "ok"],
      ["latency", "node-1", 150, 350, "info"],
      ["latency", "tentacles 2/10", 300, null, null],
      ["kill", "node-2", 400, null, null],
    ]);
  });
});
