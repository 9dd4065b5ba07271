// finishTask on real PostgreSQL, after an attempt whose outcome is unknown (its reply was lost): a row
// this node already ended in the state the outcome leads to counts as written; without that doubt, or
// in another state, the write is fenced. Nothing is written twice.
import { describe, expect, it } from "vitest";
import { makeMigratedDatabase, quietLog, seedQueuedTasks, testMetrics } from "../../testing/server-support.ts";
import { makeStrategy } from "../strategies/index.ts";
import { finishTask } from "./finish-task.ts";

describe("finishTask after an attempt of unknown outcome", () => {
  it("recognises its own landed write, and fences anything else", async () => {
    await using db = await makeMigratedDatabase();
    await seedQueuedTasks(db.pool, 1);
    const metrics = testMetrics("n1");
    const deps = { nodeName: "n1", metrics, log: quietLog, strategy: makeStrategy("optimistic", { pool: db.pool, nodeName: "n1", options: {}, metrics, log: quietLog }) };
    const [task] = await deps.strategy.claimTasks(1);
    expect(await finishTask(deps, task!.id, { kind: "success" }, [], undefined, null)).toEqual({ written: "Success" });
    // The reply was lost: the node tries again.
    expect(await finishTask(deps, task!.id, { kind: "success" }, [], undefined, null, true)).toEqual({ written: "Success" });
    expect(await finishTask(deps, task!.id, { kind: "success" }, [], undefined, null, false)).toEqual({ unwritten: "fenced" });
    expect(await finishTask(deps, task!.id, { kind: "failed", error: "x" }, [], undefined, null, true)).toEqual({ unwritten: "fenced" });
    const { rows } = await db.pool.query(`select to_state from task_event where task_id = $1 order by id`, [task!.id]);
    expect(rows.map((r) => r.to_state)).toEqual(["Queued", "Executing", "Success"]);
  });
});
