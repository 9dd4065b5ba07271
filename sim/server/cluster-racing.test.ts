// Real node processes racing on one database, per strategy: every deployment executes exactly once
// (one script start per task, step and target), at most one task per concurrency tag runs at a time,
// and no node runs more than its task cap. With pickupWithoutLock, the same race executes tasks twice.
import { describe, expect, it } from "vitest";
import { STRATEGY_NAMES } from "./strategies/index.ts";
import { clusterFixtures, seedClusterFixtures, startTestCluster, type TestCluster } from "../testing/cluster.ts";
import { pollUntil } from "../lib/poll.ts";

const NODES = ["node-a", "node-b", "node-c"];
const TASK_CAP = 2;
const PROJECTS = 4;
const ENVIRONMENTS = 2;
const DEPLOYMENTS = 48;

type Interval = { taskId: string; key: string; startMs: number; endMs: number };

/** Largest number of intervals open at once per key (a task is open from Queued->Executing to its terminal event). */
function maxOverlap(intervals: Interval[]): Map<string, number> {
  const byKey = new Map<string, Array<[number, number]>>();
  for (const i of intervals) byKey.set(i.key, [...(byKey.get(i.key) ?? []), [i.startMs, 1], [i.endMs, -1]]);
  const result = new Map<string, number>();
  for (const [key, points] of byKey) {
    points.sort((a, b) => a[0] - b[0] || a[1] - b[1]); // an end at the same instant closes before a start opens
    let open = 0;
    let max = 0;
    for (const [, delta] of points) max = Math.max(max, (open += delta));
    result.set(key, max);
  }
  return result;
}

async function runRace(cluster: TestCluster): Promise<string[]> {
  for (const name of NODES) await cluster.start(name);
  await seedClusterFixtures(cluster, "node-a", clusterFixtures(cluster.tentacle.endpoint, PROJECTS, ENVIRONMENTS));
  const taskIds = await Promise.all(Array.from({ length: DEPLOYMENTS }, (_, i) =>
    cluster.deploy(NODES[i % NODES.length]!, `Projects-${(i % PROJECTS) + 1}`, `Environments-${(i % ENVIRONMENTS) + 1}`)));
  await pollUntil("every deployment to finish", 60_000, async () => {
    const { rows } = await cluster.pool.query<{ n: number }>(`select count(*)::int as n from server_task where state in ('Queued', 'Executing', 'Cancelling')`);
    return rows[0]!.n === 0 ? true : undefined;
  }, 100);
  return taskIds;
}

describe.each(STRATEGY_NAMES)("%s: 3 node processes racing", (strategy) => {
  it(`execute each of ${DEPLOYMENTS} deployments once, one per concurrency tag at a time, within each task cap`, async () => {
    let leaked: TestCluster["leaked"];
    {
      await using cluster = await startTestCluster({ strategy, taskCap: TASK_CAP, pollIntervalMs: 30 }, { pollsUntilComplete: 1 });
      leaked = cluster.leaked;
      const taskIds = await runRace(cluster);
      const { rows: tasks } = await cluster.pool.query<{ id: string; state: string; concurrency_tag: string; server_node: string }>(
        `select id, state, concurrency_tag, server_node from server_task`);
      expect(tasks.map((t) => t.state)).toEqual(taskIds.map(() => "Success"));
      expect(new Set(tasks.map((t) => t.server_node)).size).toBeGreaterThan(1);

      const starts = cluster.tentacle.starts.map((s) => `${s.taskId}/${s.stepName}/${s.targetId}`);
      expect(starts).toHaveLength(DEPLOYMENTS);
      expect(new Set(starts).size).toBe(DEPLOYMENTS);

      const events = await cluster.events();
      const intervals = tasks.map((t): Interval => {
        const mine = events.filter((e) => e.task_id === t.id);
        return { taskId: t.id, key: t.concurrency_tag, startMs: mine.find((e) => e.to_state === "Executing")!.ms, endMs: mine.at(-1)!.ms };
      });
      expect(events.filter((e) => e.to_state === "Executing")).toHaveLength(DEPLOYMENTS);
      expect(Math.max(...maxOverlap(intervals).values())).toBe(1);
      const byNode = intervals.map((i) => ({ ...i, key: tasks.find((t) => t.id === i.taskId)!.server_node }));
      for (const [node, max] of maxOverlap(byNode)) expect(max, node).toBeLessThanOrEqual(TASK_CAP);
    }
    expect(leaked()).toEqual([]);
  }, 120_000);
});

describe("bug pickupWithoutLock: 3 node processes racing", () => {
  it("execute some deployments twice, on two nodes (the 2023.3 incident)", async () => {
    await using cluster = await startTestCluster({ strategy: "optimistic", taskCap: 5, pollIntervalMs: 20, bugs: { pickupWithoutLock: true } }, { pollsUntilComplete: 1 });
    await runRace(cluster);
    const runs = new Map<string, Set<string>>();
    for (const s of cluster.tentacle.starts) {
      const key = `${s.taskId}/${s.stepName}/${s.targetId}`;
      runs.set(key, new Set([...(runs.get(key) ?? []), s.node]));
    }
    const twice = [...runs.values()].filter((nodes) => nodes.size > 1);
    expect(twice.length).toBeGreaterThan(0);
    const events = await cluster.events();
    expect(events.filter((e) => e.from_state === "Executing" && e.to_state === "Executing").length).toBeGreaterThan(0);
  }, 120_000);
});
