// Real node process at its task cap: a cap raised through the API while the node is full is seen on
// its next polls, and the next queued task starts without waiting for the running one to end.
import { describe, expect, it } from "vitest";
import type { ServerNodeConfig } from "../contracts/index.ts";
import { clusterFixtures, seedClusterFixtures, startTestCluster } from "../testing/cluster.ts";
import { pollUntil } from "../lib/poll.ts";

const FAST = { pollIntervalMs: 50, heartbeatIntervalMs: 200, progressIntervalMs: 100 } satisfies Partial<ServerNodeConfig>;

describe("a node at its task cap", () => {
  it("picks the next task once its cap is raised, while its running task is still held", async () => {
    await using cluster = await startTestCluster({ ...FAST, strategy: "optimistic" }, { hold: true });
    await cluster.start("node-a", { taskCap: 1 });
    await seedClusterFixtures(cluster, "node-a", clusterFixtures(cluster.tentacle.endpoint, 1, 2));
    const first = await cluster.deploy("node-a", "Projects-1", "Environments-1");
    const second = await cluster.deploy("node-a", "Projects-1", "Environments-2");
    const startedTasks = () => new Set(cluster.tentacle.starts.map((s) => s.taskId));
    await pollUntil("the first script to start", 10_000, async () => (startedTasks().has(first) ? true : undefined));
    expect((await cluster.task(second)).State).toBe("Queued");

    const raised = await cluster.api("node-a", "/api/nodes/node-a", { method: "PUT", body: JSON.stringify({ MaxConcurrentTasks: 2 }) });
    expect(raised.status).toBe(200);
    await pollUntil("the second script to start", 5_000, async () => (startedTasks().has(second) ? true : undefined));
    expect((await cluster.task(first)).State).toBe("Executing");
    cluster.tentacle.release();
    await cluster.waitForState(first, ["Success"], 10_000);
    await cluster.waitForState(second, ["Success"], 10_000);
  }, 60_000);
});
