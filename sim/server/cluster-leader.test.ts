// The leader's periodic work on a real node process: it queues Health tasks that run a NoIsolation
// script on every machine, and counts running tasks that stopped making progress as hung.
import { describe, expect, it } from "vitest";
import { clusterFixtures, seedClusterFixtures, startTestCluster } from "../testing/cluster.ts";
import { pollUntil } from "../lib/poll.ts";

describe("leader work", () => {
  it("queues Health tasks that touch every machine with NoIsolation scripts", async () => {
    await using cluster = await startTestCluster({ pollIntervalMs: 50, heartbeatIntervalMs: 100, healthCheckIntervalMs: 500 }, { pollsUntilComplete: 1 });
    await cluster.start("node-a");
    await seedClusterFixtures(cluster, "node-a", clusterFixtures(cluster.tentacle.endpoint, 1, 3));
    const health = await pollUntil("a Health task to succeed", 10_000, async () => {
      const { rows } = await cluster.pool.query(`select id, concurrency_tag from server_task where name = 'Health' and state = 'Success' limit 1`);
      return rows[0] as { id: string; concurrency_tag: string } | undefined;
    });
    expect(health.concurrency_tag).toBe("Health");
    const starts = cluster.tentacle.starts.filter((s) => s.taskId === health.id);
    expect(starts.map((s) => s.targetId).sort()).toEqual(["Machines-1", "Machines-2", "Machines-3"]);
    expect(new Set(starts.map((s) => `${s.isolation}/${s.stepName}`))).toEqual(new Set(["NoIsolation/Health check"]));
  }, 60_000);

  it("counts a running task with no progress write for hungTaskAfterMs as hung, once", async () => {
    await using cluster = await startTestCluster(
      { pollIntervalMs: 50, heartbeatIntervalMs: 100, progressIntervalMs: 60_000, hungTaskAfterMs: 300 }, { hold: true });
    await cluster.start("node-a");
    await seedClusterFixtures(cluster, "node-a", clusterFixtures(cluster.tentacle.endpoint, 1, 1));
    await cluster.deploy("node-a", "Projects-1", "Environments-1");
    const text = await pollUntil("the hung task to be counted", 10_000, async () => {
      const metrics = await (await cluster.api("node-a", "/metrics")).text();
      return /sim_hung_tasks_detected_total\{node="node-a"\} 1/.test(metrics) ? metrics : undefined;
    });
    expect(text).toMatch(/sim_hung_tasks\{node="node-a"\} 1/);
    expect(text).toMatch(/sim_node_is_leader\{node="node-a"\} 1/);
    cluster.tentacle.release();
  }, 60_000);
});
