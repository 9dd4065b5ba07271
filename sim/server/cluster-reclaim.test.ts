// Real node processes losing a node: a kill -9'd node leaves its task Executing (the hung
// deployment) until the leader fails it after reclaimAfterMs; a node restarted under the same name
// fails its own orphans at start; a SIGSTOPped node resuming after its task was reclaimed is fenced
// off, unless noFencingOnResume is on, when it keeps executing and overwrites the Failed task.
import { describe, expect, it } from "vitest";
import { clusterFixtures, seedClusterFixtures, startTestCluster, type TestCluster } from "../testing/cluster.ts";
import { withTimeout } from "../lib/errors.ts";
import { pollUntil } from "../lib/poll.ts";
import type { ServerNodeResource, ServerNodeConfig } from "../contracts/index.ts";

const FAST = { pollIntervalMs: 50, heartbeatIntervalMs: 100, offlineAfterMs: 500, progressIntervalMs: 100 } satisfies Partial<ServerNodeConfig>;

async function deployOnNodeA(cluster: TestCluster, stepNames = ["Deploy"]): Promise<string> {
  await seedClusterFixtures(cluster, "node-a", clusterFixtures(cluster.tentacle.endpoint, 1, 1, stepNames));
  const taskId = await cluster.deploy("node-a", "Projects-1", "Environments-1");
  await pollUntil("the first script to start", 10_000, async () => (cluster.tentacle.starts.some((s) => s.taskId === taskId) ? true : undefined));
  return taskId;
}

const nodesVia = async (cluster: TestCluster, via: string) => (await (await cluster.api(via, "/api/nodes")).json()) as ServerNodeResource[];

describe("dead-node reclaim", () => {
  it("a kill -9'd node's task stays Executing while the node is offline, until the leader fails it after reclaimAfterMs", async () => {
    const RECLAIM_AFTER_MS = 2000;
    await using cluster = await startTestCluster({ ...FAST, reclaimAfterMs: RECLAIM_AFTER_MS }, { hold: true });
    const a = await cluster.start("node-a");
    await cluster.start("node-b", { taskCap: 0 });
    const taskId = await deployOnNodeA(cluster);
    const killedMs = Date.now();
    process.kill(a.process.pid, "SIGKILL");
    await withTimeout("node-a to die", 5_000, a.process.exited);

    const nodes = await pollUntil("node-a offline and node-b leader", 5_000, async () => {
      const list = await nodesVia(cluster, "node-b");
      return list.find((n) => n.Name === "node-a")?.IsOffline && list.find((n) => n.Name === "node-b")?.IsLeader ? list : undefined;
    });
    expect(nodes.find((n) => n.Name === "node-a")).toMatchObject({ ActiveTasks: 1, IsLeader: false });
    expect((await cluster.task(taskId)).State).toBe("Executing");

    const failed = await cluster.waitForState(taskId, ["Failed"], 10_000);
    expect(Date.now() - killedMs).toBeGreaterThanOrEqual(RECLAIM_AFTER_MS - 150);
    expect(failed.ErrorMessage).toMatch(/^node node-a not seen since .+; task failed by leader node-b$/);
    expect((await cluster.events(taskId)).at(-1)).toMatchObject({ from_state: "Executing", to_state: "Failed", node: "node-b" });
    expect(await (await cluster.api("node-b", "/metrics")).text()).toMatch(/sim_reclaimed_tasks_total\{reason="dead-node",node="node-b"\} 1/);
  }, 60_000);

  it("a node restarted under the same name fails the tasks it owned before, at start", async () => {
    await using cluster = await startTestCluster({ ...FAST, reclaimAfterMs: 600_000 }, { hold: true });
    const a = await cluster.start("node-a");
    const taskId = await deployOnNodeA(cluster);
    process.kill(a.process.pid, "SIGKILL");
    await withTimeout("node-a to die", 5_000, a.process.exited);
    expect((await cluster.task(taskId)).State).toBe("Executing");
    await cluster.start("node-a");
    const failed = await cluster.waitForState(taskId, ["Failed"], 5_000);
    expect(failed.ErrorMessage).toBe("node node-a restarted while the task ran; it was orphaned");
    expect((await cluster.events(taskId)).at(-1)).toMatchObject({ from_state: "Executing", to_state: "Failed", node: "node-a" });
  }, 60_000);
});

describe.each([false, true])("a SIGSTOPped node resuming after its task was reclaimed (noFencingOnResume: %s)", (noFencingOnResume) => {
  it(noFencingOnResume ? "keeps executing and overwrites Failed with Success" : "is fenced off: no further step, the task stays Failed", async () => {
    await using cluster = await startTestCluster({ ...FAST, progressIntervalMs: 1000, reclaimAfterMs: 1000 }, { hold: true });
    const a = await cluster.start("node-a", { bugs: { noFencingOnResume } });
    await cluster.start("node-b", { taskCap: 0 });
    const taskId = await deployOnNodeA(cluster, ["Deploy", "Verify"]);
    process.kill(a.process.pid, "SIGSTOP");
    await cluster.waitForState(taskId, ["Failed"], 10_000);
    cluster.tentacle.release();
    process.kill(a.process.pid, "SIGCONT");
    const verifyStarted = () => cluster.tentacle.starts.some((s) => s.taskId === taskId && s.stepName === "Verify");
    if (noFencingOnResume) {
      await pollUntil("node-a to start the next step", 10_000, async () => (verifyStarted() ? true : undefined));
      cluster.tentacle.release();
      await cluster.waitForState(taskId, ["Success"], 10_000);
      const events = await cluster.events(taskId);
      expect(events.slice(-2)).toMatchObject([
        { from_state: "Executing", to_state: "Failed", node: "node-b" },
        { from_state: "Failed", to_state: "Success", node: "node-a" },
      ]);
    } else {
      await pollUntil("node-a to log that it was fenced", 10_000, async () => (await cluster.log("node-a")).includes('"task:fenced"'));
      expect(verifyStarted()).toBe(false);
      expect((await cluster.task(taskId)).State).toBe("Failed");
      expect((await cluster.events(taskId)).at(-1)).toMatchObject({ to_state: "Failed", node: "node-b" });
    }
  }, 60_000);
});
