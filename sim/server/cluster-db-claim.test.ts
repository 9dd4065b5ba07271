// Real node processes; node-a, the only executor, reaches PostgreSQL through its own toxiproxy link
// (sim/testing/linked-cluster.ts). Database errors that leave node-a unsure of what it wrote: its link
// is cut while its transactions wait on the cluster mutex (pessimistic). Each task runs once, to
// Success, and node-a lives on.
import type pg from "pg";
import { describe, expect, it } from "vitest";
import type { ServerNodeConfig } from "../contracts/index.ts";
import { startLinkedCluster } from "../testing/linked-cluster.ts";
import { pollUntil } from "../testing/server-support.ts";
import { drainTasks } from "../testing/task-audit.ts";
import { CLUSTER_MUTEX_KEY } from "./sql/advisoryLockKeys.ts";

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
    expect(rig.nodeA.process.child.exitCode).toBe(null);
    await rig.link.heal();
    rig.cluster.tentacle.release();
    const outcomes = await drainTasks(rig.cluster, taskIds, DRAIN_MS);
    expect(outcomes.map((o) => o.state)).toEqual(["Success", "Success"]);
    for (const o of outcomes) expect(o.events).toEqual(["null->Queued@node-b", "Queued->Executing@node-a", "Executing->Success@node-a"]);
    expect(rig.nodeA.process.child.exitCode).toBe(null);
    expect(rig.nodeA.process.child.signalCode).toBe(null);
  }, 90_000);
});
