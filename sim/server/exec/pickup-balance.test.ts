// The pickup rule on real PostgreSQL: the cluster load query feeds tasksToPick the HA doc's worked
// example (3 nodes x cap 10, 10 active + 12 pending -> 73.3%); offline and draining nodes add no
// capacity and expired tasks are not pending; nodes polling in turn then split the queue by ratio; a
// deep queue is counted only as far as the rule can tell apart.
import { describe, expect, it } from "vitest";
import { selectClusterLoad } from "../sql/selectClusterLoad.ts";
import { makeStrategy } from "../strategies/index.ts";
import { makeMigratedDatabase, quietLog, seedQueuedTasks, testMetrics } from "../../testing/server-support.ts";
import { clusterRatio, tasksToPick } from "./pickup-plan.ts";

const NODES = { "node-a": 8, "node-b": 2, "node-c": 0 } as const;

describe("pickup balance on a real database", () => {
  it("reads 10 active + 12 pending over a 30-task cluster (73.3%) and splits the queue 0 / 6 / 6", async () => {
    await using db = await makeMigratedDatabase();
    const tasks = await seedQueuedTasks(db.pool, 10 + 12 + 1);
    for (const name of [...Object.keys(NODES), "node-gone", "node-draining"]) {
      await db.pool.query(`insert into server_node (name, last_seen, max_concurrent_tasks, is_draining, rank) values ($1, now(), 10, $2, 1)`,
        [name, name === "node-draining"]);
    }
    await db.pool.query(`update server_node set last_seen = now() - interval '1 hour' where name = 'node-gone'`);
    let next = 0;
    for (const [name, active] of Object.entries(NODES)) {
      for (let i = 0; i < active; i++) await db.pool.query(`update server_task set state = 'Executing', server_node = $2 where id = $1`, [tasks[next++]!.id, name]);
    }
    await db.pool.query(`update server_task set queue_time_expiry = now() - interval '1 second' where id = $1`, [tasks.at(-1)!.id]);

    const load = await selectClusterLoad(db.pool, "node-b", 60_000, NODES["node-b"]);
    expect(load).toEqual({ nodeCap: 10, draining: false, clusterActive: 10, pending: 12, clusterCap: 30 });
    expect(clusterRatio(load!)).toBeCloseTo(0.7333, 4);

    const picked: Record<string, number> = {};
    for (const [name, active] of Object.entries(NODES)) {
      const nodeLoad = (await selectClusterLoad(db.pool, name, 60_000, active))!;
      const strategy = makeStrategy("optimistic", { pool: db.pool, nodeName: name, options: {}, metrics: testMetrics(name), log: quietLog });
      picked[name] = (await strategy.claimTasks(tasksToPick({ ...nodeLoad, nodeActive: active }))).length;
    }
    expect(picked).toEqual({ "node-a": 0, "node-b": 6, "node-c": 6 });
    expect((await selectClusterLoad(db.pool, "node-draining", 60_000, 0))?.draining).toBe(true);
  });

  it("counts a deep queue only as far as the rule needs, and picks as it would with the whole queue", async () => {
    await using db = await makeMigratedDatabase();
    const tasks = await seedQueuedTasks(db.pool, 60);
    for (const name of ["node-a", "node-b"]) {
      await db.pool.query(`insert into server_node (name, last_seen, max_concurrent_tasks, is_draining, rank) values ($1, now(), 10, false, 1)`, [name]);
    }
    const run = (count: number, node: string) => Promise.all(tasks.splice(0, count).map((task) =>
      db.pool.query(`update server_task set state = 'Executing', server_node = $2 where id = $1`, [task.id, node])));
    await run(9, "node-a");
    await run(4, "node-b");
    // 47 queued. Cluster: 13 of 20 busy. Bound: max(20 - 13, cap - active) = 7 for node-a, 7 for node-b.
    for (const [name, active, bound] of [["node-a", 9, 7], ["node-b", 4, 7], ["node-b", 0, 10]] as const) {
      const load = (await selectClusterLoad(db.pool, name, 60_000, active))!;
      expect(load).toMatchObject({ clusterActive: 13, clusterCap: 20, pending: bound });
      expect(tasksToPick({ ...load, nodeActive: active })).toBe(tasksToPick({ ...load, pending: 47, nodeActive: active }));
    }
    await run(40, "node-b"); // 7 queued, the cluster over its cap: only node-a's free slot counts
    const full = (await selectClusterLoad(db.pool, "node-a", 60_000, 9))!;
    expect(full.pending).toBe(1);
    expect(tasksToPick({ ...full, nodeActive: 9 })).toBe(tasksToPick({ ...full, pending: 7, nodeActive: 9 }));
  });
});
