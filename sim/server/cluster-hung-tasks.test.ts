// The leader acting on hung tasks, on real node processes: a task its online owner no longer runs (the
// claim is written behind node-a's back, standing for any way a runner loses a task) is failed by the
// leader once seen hung for hungTaskAfterMs + failHungTaskAfterMs, with the reason in its error, event
// and log; a task whose owner writes progress, however slowly, is left alone; a dead owner's task is
// left to the dead-node reclaim (reclaimAfterMs).
import { describe, expect, it } from "vitest";
import type { ServerNodeConfig } from "../contracts/index.ts";
import { clusterFixtures, seedClusterFixtures, startTestCluster, type TestCluster } from "../testing/cluster.ts";
import { withTimeout } from "../lib/errors.ts";
import { pollUntil } from "../lib/poll.ts";
import { taskOutcome } from "../testing/task-audit.ts";
import { STRATEGY_NAMES } from "./strategies/index.ts";

const HUNG_AFTER_MS = 400;
const FAIL_AFTER_MS = 800;
const FAST = {
  pollIntervalMs: 50, heartbeatIntervalMs: 100, offlineAfterMs: 500, hungTaskAfterMs: HUNG_AFTER_MS, failHungTaskAfterMs: FAIL_AFTER_MS,
  reclaimAfterMs: 600_000,
} satisfies Partial<ServerNodeConfig>;

/** node-b (leader) and node-a, both online; one project on one machine. */
async function startCluster(strategy: string, nodeA: Partial<ServerNodeConfig>, base: Partial<ServerNodeConfig> = {}): Promise<TestCluster> {
  const cluster = await startTestCluster({ ...FAST, ...base, strategy }, { hold: true });
  await cluster.start("node-b", { taskCap: 0 });
  await cluster.start("node-a", nodeA);
  await seedClusterFixtures(cluster, "node-b", clusterFixtures(cluster.tentacle.endpoint, 1, 1));
  return cluster;
}

/** Moves a Queued task to Executing for `node` in SQL, as a claim would, without that node knowing; returns when (ms). */
async function claimBehindItsBack(cluster: TestCluster, taskId: string, node: string): Promise<number> {
  const { rows } = await cluster.pool.query<{ ms: number }>(`with u as (
      update server_task set state = 'Executing', server_node = $2, start_time = clock_timestamp(), last_updated_time = clock_timestamp(),
        version = version + 1 where id = $1 and state = 'Queued' returning id, last_updated_time)
    insert into task_event (task_id, from_state, to_state, node, reason) select id, 'Queued', 'Executing', $2, 'picked up' from u
    returning (select (extract(epoch from last_updated_time) * 1000)::float8 from u) as ms`, [taskId, node]);
  expect(rows).toHaveLength(1);
  return rows[0]!.ms;
}

describe.each(STRATEGY_NAMES)("%s: the leader and hung tasks", (strategy) => {
  it("fails a task hung on an online node once it has seen it hung and unchanged for failHungTaskAfterMs, saying why", async () => {
    await using cluster = await startCluster(strategy, { taskCap: 0 });
    const taskId = await cluster.deploy("node-b", "Projects-1", "Environments-1");
    const claimedMs = await claimBehindItsBack(cluster, taskId, "node-a");
    const failed = await cluster.waitForState(taskId, ["Failed"], 10_000);
    const message = `no progress from node node-a for over ${HUNG_AFTER_MS + FAIL_AFTER_MS} ms while it was online; task failed by leader node-b`;
    expect(failed.ErrorMessage).toBe(message);
    const outcome = await taskOutcome(cluster, taskId);
    expect(outcome.events).toEqual(["null->Queued@node-b", "Queued->Executing@node-a", "Executing->Failed@node-b"]);
    expect(outcome.log).toContain(message);
    const [failedEvent] = (await cluster.events(taskId)).slice(-1);
    expect(failedEvent!.ms - claimedMs).toBeGreaterThanOrEqual(HUNG_AFTER_MS + FAIL_AFTER_MS - 50); // 50 ms: clock reads of two statements
    expect(await (await cluster.api("node-b", "/metrics")).text()).toMatch(/sim_reclaimed_tasks_total\{reason="hung",node="node-b"\} 1/);
  }, 60_000);

  it("leaves alone a task whose owner writes progress less often than hungTaskAfterMs but within the bound: it ends Success", async () => {
    // Progress every 900 ms: hung 400 ms after each write, watched 500 ms, then a new version.
    await using cluster = await startCluster(strategy, { progressIntervalMs: 900 });
    const taskId = await cluster.deploy("node-b", "Projects-1", "Environments-1");
    await pollUntil("the leader to count the task hung", 10_000, async () =>
      (/sim_hung_tasks_detected_total\{node="node-b"\} 1/.test(await (await cluster.api("node-b", "/metrics")).text()) ? true : undefined));
    await pollUntil("3 more progress writes", 10_000, async () => {
      const { rows } = await cluster.pool.query(`select version from server_task where id = $1`, [taskId]);
      return rows[0].version >= 5 ? true : undefined;
    });
    expect((await cluster.task(taskId)).State).toBe("Executing");
    cluster.tentacle.release();
    expect((await cluster.waitForState(taskId, ["Success", "Failed"], 10_000)).State).toBe("Success");
  }, 60_000);

  it("leaves a dead owner's task to the dead-node reclaim after reclaimAfterMs", async () => {
    const RECLAIM_AFTER_MS = 3_000;
    await using cluster = await startCluster(strategy, {}, { reclaimAfterMs: RECLAIM_AFTER_MS });
    const taskId = await cluster.deploy("node-b", "Projects-1", "Environments-1");
    await pollUntil("the script to start", 10_000, async () => (cluster.tentacle.starts.some((s) => s.taskId === taskId) ? true : undefined));
    const a = cluster.nodes.get("node-a")!;
    process.kill(a.process.pid, "SIGKILL");
    await withTimeout("node-a to die", 5_000, a.process.exited);
    const { rows } = await cluster.pool.query<{ ms: number }>(`select (extract(epoch from last_seen) * 1000)::float8 as ms from server_node where name = 'node-a'`);
    const failed = await cluster.waitForState(taskId, ["Failed"], 15_000);
    expect(failed.ErrorMessage).toMatch(/^node node-a not seen since .+; task failed by leader node-b$/);
    const [failedEvent] = (await cluster.events(taskId)).slice(-1);
    expect(failedEvent!.ms - rows[0]!.ms).toBeGreaterThanOrEqual(RECLAIM_AFTER_MS);
  }, 60_000);
});
