// Real node processes; node-a, the only executor, reaches PostgreSQL through its own toxiproxy link
// (sim/testing/linked-cluster.ts). Database errors that leave node-a unsure of what it wrote: the reply
// to its claim is lost (the claim waits on a table lock held by the test, a timeout toxic then drops
// every reply and closes the link), and its link is cut while its transactions wait on the cluster
// mutex (pessimistic). Either way each task runs once, to Success, and node-a lives on.
import type pg from "pg";
import { describe, expect, it } from "vitest";
import type { ServerNodeConfig } from "../contracts/index.ts";
import { startLinkedCluster } from "../testing/linked-cluster.ts";
import { pollUntil } from "../lib/poll.ts";
import { drainTasks } from "../testing/task-audit.ts";
import { CLUSTER_MUTEX_KEY } from "./sql/advisoryLockKeys.ts";
import { STRATEGY_NAMES } from "./strategies/index.ts";

const BASE = {
  pollIntervalMs: 50, heartbeatIntervalMs: 100, offlineAfterMs: 500, progressIntervalMs: 100, hungTaskAfterMs: 1_000,
  reclaimAfterMs: 600_000, dbAcquireTimeoutMs: 500,
} satisfies Partial<ServerNodeConfig>;
const DRAIN_MS = 15_000;

/** Resolves once one of node-a's statements matching `like` waits on a lock (`waitEvent`: a lock type, or any). */
const nodeAWaits = (pool: pg.Pool, like: string, waitEvent?: string) =>
  pollUntil(`node-a's ${like} to wait on a lock`, 10_000, async () => {
    const { rows } = await pool.query(`select count(*)::int as n from pg_stat_activity
      where application_name = 'node-a' and wait_event_type = 'Lock' and query ilike $1 and ($2::text is null or wait_event = $2)`, [like, waitEvent ?? null]);
    return rows[0].n > 0 ? true : undefined;
  });

/** Runs `whileHeld` inside a transaction of the test's own that took `lock` (a statement), then commits. */
async function holding(pool: pg.Pool, lock: string, whileHeld: () => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    await client.query(lock);
    await whileHeld();
    await client.query("commit");
  } finally {
    client.release();
  }
}

describe.each(STRATEGY_NAMES)("%s: node-a loses the reply to its claim", (strategy) => {
  it("the task still runs once, to Success (optimistic: the committed claim is reconciled; pessimistic: it rolled back and is claimed again)", async () => {
    await using rig = await startLinkedCluster({ strategy, deployments: 1, base: BASE, nodeA: { taskCap: 0 } });
    const [taskId] = await rig.deployAll();
    const { pool } = rig.cluster;
    await holding(pool, "lock table server_task in exclusive mode", async () => { // plain reads pass; the claim waits
      const raised = await rig.cluster.api("node-b", "/api/nodes/node-a", { method: "PUT", body: JSON.stringify({ MaxConcurrentTasks: 1 }) });
      expect(raised.status).toBe(200);
      await nodeAWaits(pool, "%for update%");
      await rig.link.poison("timeout", "downstream", { timeout: 300 }); // replies dropped, connections closed after 300 ms
    });
    await pollUntil("node-a's claim statement to end", 10_000, async () => {
      const { rows } = await pool.query(`select count(*)::int as n from pg_stat_activity
        where application_name = 'node-a' and query ilike '%for update%' and state = 'active'`);
      return rows[0].n === 0 ? true : undefined;
    });
    await rig.link.heal();
    await pollUntil("the script to start", 10_000, async () => (rig.startedTasks().has(taskId!) ? true : undefined)).catch(() => undefined);
    rig.cluster.tentacle.release();
    const [outcome] = await drainTasks(rig.cluster, [taskId!], DRAIN_MS);
    expect(outcome).toMatchObject({ state: "Success", illegal: [] });
    expect(outcome!.events).toEqual(["null->Queued@node-b", "Queued->Executing@node-a", "Executing->Success@node-a"]);
    expect(rig.cluster.tentacle.starts.filter((s) => s.taskId === taskId).map((s) => s.ticket)).toEqual([`${taskId}/node-a/Deploy/Machines-1`]);
    expect(rig.nodeA.process.exit()).toBe(null);
  }, 90_000);
});

describe("pessimistic: node-a's link is cut while its transactions wait on the cluster mutex", () => {
  it("node-a lives on (the dropped connections fail those writes, not the process) and its deployments end Success, once", async () => {
    await using rig = await startLinkedCluster({ strategy: "pessimistic", deployments: 2, base: BASE });
    const taskIds = await rig.deployAll();
    await rig.waitRunning(taskIds);
    const { pool } = rig.cluster;
    await holding(pool, `select pg_advisory_xact_lock(${CLUSTER_MUTEX_KEY})`, async () => {
      await nodeAWaits(pool, "%pg_advisory_xact_lock%", "advisory");
      await rig.link.cut();
      await rig.waitNodeAOffline();
    });
    expect(rig.nodeA.process.exit()).toBe(null);
    await rig.link.heal();
    rig.cluster.tentacle.release();
    const outcomes = await drainTasks(rig.cluster, taskIds, DRAIN_MS);
    expect(outcomes.map((o) => o.state)).toEqual(["Success", "Success"]);
    for (const o of outcomes) expect(o.events).toEqual(["null->Queued@node-b", "Queued->Executing@node-a", "Executing->Success@node-a"]);
    expect(rig.nodeA.process.exit()).toBe(null);
  }, 90_000);
});
