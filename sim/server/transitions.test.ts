// Integration tests of the transition table on real PostgreSQL, under each strategy: every (from, to)
// pair of the 7 states is tried; legal ones write the task and append a task_event row, illegal ones
// write nothing and are counted; a batch (pickup) applies the same table row by row.
import { describe, expect, it } from "vitest";
import { isLegalTransition, TASK_STATES, type TaskState } from "../contracts/index.ts";
import { makeStrategy, STRATEGY_NAMES } from "./strategies/index.ts";
import { makeMigratedDatabase, metricValue, quietLog, seedQueuedTasks, testMetrics } from "../testing/server-support.ts";
import { applyTransition, applyTransitionBatch } from "./transitions.ts";
import { selectTaskVersion } from "./sql/selectTaskVersion.ts";
import { withTransaction } from "./db.ts";

const PAIRS = TASK_STATES.flatMap((from) => TASK_STATES.map((to) => [from, to] as const));

describe.each(STRATEGY_NAMES)("transition table under %s", (strategyName) => {
  it(`applies the ${PAIRS.filter(([f, t]) => isLegalTransition(f, t)).length} legal of ${PAIRS.length} (from, to) pairs and refuses the rest`, async () => {
    await using db = await makeMigratedDatabase();
    const metrics = testMetrics("n1");
    const deps = { nodeName: "n1", metrics, log: quietLog };
    const strategy = makeStrategy(strategyName, { ...deps, pool: db.pool, options: {} });
    const tasks = await seedQueuedTasks(db.pool, PAIRS.length);
    for (const [i, [from]] of PAIRS.entries()) {
      await db.pool.query(`update server_task set state = $2, server_node = 'n1' where id = $1`, [tasks[i]!.id, from]);
    }
    for (const [i, [from, to]] of PAIRS.entries()) {
      const taskId = tasks[i]!.id;
      const result = await strategy.updateTask(taskId, "transition", (client, current) =>
        applyTransition(deps, client, current, { to, reason: `test ${from}->${to}`, errorMessage: to === "Failed" ? "boom" : undefined }));
      const { rows } = await db.pool.query<{ state: TaskState; version: number; completed: boolean; events: number }>(
        `select state, version, completed_time is not null as completed,
           (select count(*)::int from task_event where task_id = $1 and reason = $2) as events
         from server_task where id = $1`, [taskId, `test ${from}->${to}`]);
      const row = rows[0]!;
      if (isLegalTransition(from, to)) {
        expect(result, `${from} -> ${to}`).toMatchObject({ ok: true, value: { kind: "applied", task: { state: to } } });
        expect(row, `${from} -> ${to}`).toEqual({ state: to, version: 1, completed: ["Success", "Failed", "Canceled", "TimedOut"].includes(to), events: 1 });
      } else {
        expect(result, `${from} -> ${to}`).toEqual({ ok: true, value: { kind: "illegal", from } });
        expect(row, `${from} -> ${to}`).toEqual({ state: from, version: 0, completed: false, events: 0 });
      }
    }
    const illegal = PAIRS.filter(([f, t]) => !isLegalTransition(f, t));
    for (const [from, to] of illegal) expect(await metricValue(metrics, "sim_illegal_transitions_total", { from, to })).toBe(1);
  });

  it("records each event with from, to, node and reason, and a missing task is reported", async () => {
    await using db = await makeMigratedDatabase();
    const metrics = testMetrics("n1");
    const deps = { nodeName: "n1", metrics, log: quietLog };
    const strategy = makeStrategy(strategyName, { ...deps, pool: db.pool, options: {} });
    const [task] = await seedQueuedTasks(db.pool, 1);
    const [claimed] = await strategy.claimTasks(1);
    expect(claimed).toMatchObject({ id: task!.id, state: "Executing", serverNode: "n1" });
    await strategy.updateTask(task!.id, "transition", (client, current) => applyTransition(deps, client, current, { to: "Success", reason: "completed" }));
    const events = await db.pool.query(`select from_state, to_state, node, reason from task_event where task_id = $1 order by id`, [task!.id]);
    expect(events.rows).toEqual([
      { from_state: null, to_state: "Queued", node: "seeder", reason: "created" },
      { from_state: "Queued", to_state: "Executing", node: "n1", reason: "picked up" },
      { from_state: "Executing", to_state: "Success", node: "n1", reason: "completed" },
    ]);
    const missing = await strategy.updateTask("ServerTasks-999999", "transition", (client, current) =>
      applyTransition(deps, client, current, { to: "Executing", reason: "nope" }));
    expect(missing).toEqual({ ok: false, reason: "missing" });
  });
});

describe("batch transitions (pickup)", () => {
  it("judges each row on its own and skips rows whose version moved on", async () => {
    await using db = await makeMigratedDatabase();
    const metrics = testMetrics("n1");
    const deps = { nodeName: "n1", metrics, log: quietLog };
    const [a, b, c] = await seedQueuedTasks(db.pool, 3);
    await db.pool.query(`update server_task set state = 'Success' where id = $1`, [b!.id]);
    const currents = await Promise.all([a, b, c].map(async (t) => (await selectTaskVersion(db.pool, t!.id))!));
    await db.pool.query(`update server_task set version = version + 1 where id = $1`, [c!.id]);
    const written = await withTransaction(db.pool, (client) => applyTransitionBatch(deps, client, currents, { to: "Executing", reason: "picked up", serverNode: "n1" }));
    expect(written.map((t) => t.id)).toEqual([a!.id]);
    expect(await metricValue(metrics, "sim_illegal_transitions_total", { from: "Success", to: "Executing" })).toBe(1);
  });
});
