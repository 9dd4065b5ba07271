// The task loop on real PostgreSQL with the optimistic strategy and tasks held running: a node at its
// cap polls only its own row (no cluster count, no claim) and picks again as soon as its cap is raised.
import { describe, expect, it } from "vitest";
import type pg from "pg";
import { makeStrategy } from "../strategies/index.ts";
import { makeMigratedDatabase, quietLog, seedQueuedTasks, testMetrics } from "../../testing/server-support.ts";
import { pollUntil } from "../../lib/poll.ts";
import { startTaskLoop } from "./task-loop.ts";
import { UnsettledTasks } from "./unsettled-tasks.ts";

const NODE = "node-a";

/** Names of the prepared statements run on `pool`, in order. */
function recordStatements(pool: pg.Pool): string[] {
  const names: string[] = [];
  const query = pool.query.bind(pool);
  pool.query = ((config: pg.QueryConfig, ...rest: unknown[]) => {
    if (typeof config === "object" && config.name) names.push(config.name);
    return (query as (...args: unknown[]) => unknown)(config, ...rest);
  }) as typeof pool.query;
  return names;
}

describe("task loop at its cap", () => {
  it("reads only its own row while full and claims again once the cap is raised", async () => {
    await using db = await makeMigratedDatabase();
    await seedQueuedTasks(db.pool, 3);
    await db.pool.query(`insert into server_node (name, last_seen, max_concurrent_tasks, is_draining, rank) values ($1, now(), 2, false, 1)`, [NODE]);
    const statements = recordStatements(db.pool);
    const running: string[] = [];
    let release = () => {};
    const released = new Promise<void>((resolve) => { release = resolve; });
    const metrics = testMetrics(NODE);
    const loop = startTaskLoop({
      pool: db.pool, nodeName: NODE, pollIntervalMs: 20, offlineAfterMs: 60_000, metrics, log: quietLog, unsettled: new UnsettledTasks(),
      strategy: makeStrategy("optimistic", { pool: db.pool, nodeName: NODE, options: {}, metrics, log: quietLog }),
      runTask: async (task) => {
        running.push(task.id);
        await released;
      },
    });
    try {
      await pollUntil("two tasks running", 5_000, async () => (loop.activeCount() === 2 ? true : undefined));
      const full = statements.length;
      await pollUntil("five polls at the cap", 5_000, async () =>
        (statements.slice(full).filter((name) => name === "select_node_cap").length >= 5 ? true : undefined));
      expect(new Set(statements.slice(full))).toEqual(new Set(["select_node_cap"]));

      await db.pool.query("update server_node set max_concurrent_tasks = 3 where name = $1", [NODE]);
      await pollUntil("the third task running", 5_000, async () => (loop.activeCount() === 3 ? true : undefined));
      expect(new Set(running).size).toBe(3);
    } finally {
      release();
      await loop.stop();
    }
    expect(loop.activeCount()).toBe(0);
  });
});
