// reconcileOwnedTasks on real PostgreSQL: of the running tasks node n1 owns, the one it runs is left
// alone, unsettled ones are settled (kept while the database fails them), a claimed one it never
// launched is launched, a Cancelling one it never launched ends Canceled with a log line, and an
// unsettled task another writer ended is forgotten.
import { describe, expect, it } from "vitest";
import { makeMigratedDatabase, quietLog, seedQueuedTasks, testMetrics } from "../../testing/server-support.ts";
import { makeStrategy } from "../strategies/index.ts";
import type { ServerTaskRecord } from "../task-record.ts";
import { reconcileOwnedTasks } from "./reconcile.ts";
import { UnsettledTasks, type UnsettledTask } from "./unsettled-tasks.ts";

describe("reconcileOwnedTasks", () => {
  it("settles, launches, cancels and forgets as the database and the node's memory say", async () => {
    await using db = await makeMigratedDatabase();
    await seedQueuedTasks(db.pool, 6);
    const metrics = testMetrics("n1");
    const deps = { pool: db.pool, nodeName: "n1", metrics, log: quietLog, strategy: makeStrategy("optimistic", { pool: db.pool, nodeName: "n1", options: {}, metrics, log: quietLog }) };
    const [running, settled, unreachable, lost, canceled, endedElsewhere] = (await deps.strategy.claimTasks(6)).map((t) => t.id);
    await db.pool.query(`update server_task set state = 'Cancelling', version = version + 1 where id = $1`, [canceled]);
    await db.pool.query(`update server_task set state = 'Failed', version = version + 1 where id = $1`, [endedElsewhere]);
    const calls: string[] = [];
    const entry = (taskId: string, answer: "settled" | "unreachable"): UnsettledTask => ({
      taskId, why: "test", settle: async () => (calls.push(taskId), answer),
    });
    const unsettled = new UnsettledTasks();
    for (const task of [entry(settled!, "settled"), entry(unreachable!, "unreachable"), entry(endedElsewhere!, "settled")]) unsettled.keep(task);
    const launched: ServerTaskRecord[] = [];

    await reconcileOwnedTasks(deps, new Set([running!]), unsettled, (task) => launched.push(task));

    expect(launched.map((t) => [t.id, t.state, t.serverNode])).toEqual([[lost, "Executing", "n1"]]);
    expect(calls.sort()).toEqual([settled, unreachable].sort());
    expect(unsettled.size).toBe(1);
    expect(unsettled.take(unreachable!)).toBeDefined();
    const { rows: [row] } = await db.pool.query(`select state from server_task where id = $1`, [canceled]);
    expect(row.state).toBe("Canceled");
    const { rows: events } = await db.pool.query(`select from_state, to_state, node from task_event where task_id = $1 order by id desc limit 1`, [canceled]);
    expect(events).toEqual([{ from_state: "Cancelling", to_state: "Canceled", node: "n1" }]);
    const { rows: log } = await db.pool.query(`select message from task_log where task_id = $1`, [canceled]);
    expect(log.map((l) => l.message)).toEqual(["canceled before node n1 started it (the reply to its claim was lost)"]);
  });
});
