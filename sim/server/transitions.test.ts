// Integration tests of the transition table enforcement on real PostgreSQL: legal changes write the
// task and append task_event rows; illegal ones write nothing and are counted.
import { describe, expect, it } from "vitest";
import { makeStrategy } from "./strategies/index.ts";
import { makeTaskWriter } from "./task-writer.ts";
import { makeMigratedDatabase, metricValue, quietLog, seedQueuedTasks, testMetrics } from "./test-support.ts";

describe.each(["pessimistic", "optimistic"])("transitions under %s", (strategyName) => {
  it("appends a task_event per legal transition, from creation to Success", async () => {
    await using db = await makeMigratedDatabase();
    const metrics = testMetrics("n1");
    const strategy = makeStrategy(strategyName, { pool: db.pool, nodeName: "n1", options: {}, metrics, log: quietLog });
    const writer = makeTaskWriter(strategy, { nodeName: "n1", metrics, log: quietLog });
    const [task] = await seedQueuedTasks(db.pool, 1);
    const [claimed] = await strategy.claimTasks(1);
    expect(claimed).toMatchObject({ id: task!.id, state: "Executing", serverNode: "n1" });
    expect(claimed!.startTime).toBeInstanceOf(Date);

    const done = await writer.transition(task!.id, { to: "Success", reason: "completed" });
    expect(done).toMatchObject({ ok: true, value: { kind: "applied", task: { state: "Success", serverNode: "n1" } } });
    const events = await db.pool.query(`select from_state, to_state, node, reason from task_event where task_id = $1 order by id`, [task!.id]);
    expect(events.rows).toEqual([
      { from_state: null, to_state: "Queued", node: "seeder", reason: "created" },
      { from_state: "Queued", to_state: "Executing", node: "n1", reason: "picked up" },
      { from_state: "Executing", to_state: "Success", node: "n1", reason: "completed" },
    ]);
    const row = await db.pool.query(`select completed_time is not null as completed, version from server_task where id = $1`, [task!.id]);
    expect(row.rows[0]).toEqual({ completed: true, version: 2 });
    expect(await metricValue(metrics, "sim_illegal_transitions_total")).toBe(0);
  });

  it("refuses an illegal transition without writing it, and counts it", async () => {
    await using db = await makeMigratedDatabase();
    const metrics = testMetrics("n1");
    const strategy = makeStrategy(strategyName, { pool: db.pool, nodeName: "n1", options: {}, metrics, log: quietLog });
    const writer = makeTaskWriter(strategy, { nodeName: "n1", metrics, log: quietLog });
    const [task] = await seedQueuedTasks(db.pool, 1);

    const refused = await writer.transition(task!.id, { to: "Success", reason: "skipping execution" });
    expect(refused).toEqual({ ok: true, value: { kind: "illegal", from: "Queued" } });
    expect(await metricValue(metrics, "sim_illegal_transitions_total", { from: "Queued", to: "Success" })).toBe(1);
    const row = await db.pool.query(`select state, version, (select count(*)::int from task_event where task_id = $1) as events
      from server_task where id = $1`, [task!.id]);
    expect(row.rows[0]).toEqual({ state: "Queued", version: 0, events: 1 });

    const missing = await writer.transition("ServerTasks-999999", { to: "Executing", reason: "nope" });
    expect(missing).toEqual({ ok: false, reason: "missing" });
  });
});
