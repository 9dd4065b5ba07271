// Real node processes, several writers on one task row: a cancel sent to another node reaches the
// owning node, which cancels the script on its tentacle and ends the task Canceled; a manual
// intervention set through another node pauses the owner before its next step until cleared. With
// staleSnapshotWrites the owner's progress writer saves a stale copy over both (lost cancel, stale
// interruption flag, both flag writes recorded in the nodes' histories); with maxRetries 0 the owner's
// write after the interruption conflicts and fails the deployment.
import { describe, expect, it } from "vitest";
import type { InterruptionFlagWriteValue, ServerNodeConfig, TaskDetailsResource, TaskResource } from "../contracts/index.ts";
import { STRATEGY_NAMES } from "./strategies/index.ts";
import { clusterFixtures, seedClusterFixtures, startTestCluster, type TestCluster } from "../testing/cluster.ts";
import { pollUntil } from "../lib/poll.ts";
import { LOST_WRITE_MESSAGE } from "./exec/task-run.ts";

const FAST = { pollIntervalMs: 50, heartbeatIntervalMs: 100, progressIntervalMs: 100 } satisfies Partial<ServerNodeConfig>;

/** node-a executes (with `nodeA` settings), node-b only serves the API; one deployment of two steps is started and held. */
async function startRunning(strategy: string, nodeA: Partial<ServerNodeConfig>): Promise<{ cluster: TestCluster; taskId: string }> {
  const cluster = await startTestCluster({ ...FAST, strategy }, { hold: true });
  await cluster.start("node-a", nodeA);
  await cluster.start("node-b", { taskCap: 0 });
  await seedClusterFixtures(cluster, "node-b", clusterFixtures(cluster.tentacle.endpoint, 1, 1, ["Deploy", "Verify"]));
  const taskId = await cluster.deploy("node-b", "Projects-1", "Environments-1");
  await pollUntil("the first script to start", 10_000, async () => (cluster.tentacle.starts.some((s) => s.taskId === taskId) ? true : undefined));
  return { cluster, taskId };
}

const put = (cluster: TestCluster, taskId: string, pending: boolean) =>
  cluster.api("node-b", `/api/tasks/${taskId}/interruption`, { method: "PUT", body: JSON.stringify({ HasPendingInterruptions: pending }) });
const details = async (cluster: TestCluster, taskId: string) => (await (await cluster.api("node-b", `/api/tasks/${taskId}/details`)).json()) as TaskDetailsResource;
const started = (cluster: TestCluster, taskId: string, step: string) => cluster.tentacle.starts.some((s) => s.taskId === taskId && s.stepName === step);

describe.each(STRATEGY_NAMES)("%s: cross-node cancel", (strategy) => {
  it("a cancel sent to node-b is carried out by node-a: script canceled on the tentacle, task Canceled", async () => {
    const { cluster, taskId } = await startRunning(strategy, {});
    await using _ = cluster;
    const response = await cluster.api("node-b", `/api/tasks/${taskId}/cancel`, { method: "POST" });
    expect(await response.json()).toMatchObject({ Id: taskId, State: "Cancelling", ServerNode: "node-a" });
    await cluster.waitForState(taskId, ["Canceled"], 10_000);
    expect(cluster.tentacle.cancels).toEqual([`${taskId}/node-a/Deploy/Machines-1`]);
    expect((await cluster.events(taskId)).slice(-2)).toMatchObject([
      { from_state: "Executing", to_state: "Cancelling", node: "node-b" },
      { from_state: "Cancelling", to_state: "Canceled", node: "node-a" },
    ]);
    expect(started(cluster, taskId, "Verify")).toBe(false);
  }, 60_000);
});

describe("bug staleSnapshotWrites", () => {
  it("loses the cancel: the owner's stale save puts Executing back, nothing is canceled, the task runs to Success", async () => {
    const { cluster, taskId } = await startRunning("optimistic", { bugs: { staleSnapshotWrites: true } });
    await using _ = cluster;
    expect((await cluster.api("node-b", `/api/tasks/${taskId}/cancel`, { method: "POST" })).status).toBe(200);
    await cluster.waitForState(taskId, ["Executing"], 5_000);
    cluster.tentacle.release();
    await pollUntil("the next step", 10_000, async () => (started(cluster, taskId, "Verify") ? true : undefined));
    cluster.tentacle.release();
    await cluster.waitForState(taskId, ["Success"], 10_000);
    expect(cluster.tentacle.cancels).toEqual([]);
    expect((await cluster.events(taskId)).slice(-2)).toMatchObject([
      { from_state: "Executing", to_state: "Cancelling", node: "node-b" },
      { from_state: "Executing", to_state: "Success", node: "node-a" },
    ]);
  }, 60_000);

  it("reverts an interruption flag set through the API, so the owner never pauses; both writes are in the nodes' histories", async () => {
    const { cluster, taskId } = await startRunning("optimistic", { bugs: { staleSnapshotWrites: true } });
    await using _ = cluster;
    expect(await (await put(cluster, taskId, true)).json()).toMatchObject({ HasPendingInterruptions: true });
    await pollUntil("the flag to be reverted by the stale save", 20_000, async () => ((await cluster.task(taskId)).HasPendingInterruptions ? undefined : true));
    const flagWrites = async (node: string) => (await cluster.history(node)).filter((op) => op.f === "task:interruption-flag");
    const set = await pollUntil("node-b to record the acknowledged set", 20_000, async () => (await flagWrites("node-b"))[0]);
    expect(set).toMatchObject({ actor: "node-b", type: "ok", value: { taskId, pending: true, writer: "api" } });
    const { version } = set.value as InterruptionFlagWriteValue;
    const revert = await pollUntil("node-a to record its stale save", 20_000, async () => (await flagWrites("node-a"))[0]);
    expect(revert).toMatchObject({ actor: "node-a", type: "info", value: { taskId, pending: false, version: version + 1, seenVersion: version - 1, writer: "progress" } });
    cluster.tentacle.release();
    await pollUntil("the next step", 10_000, async () => (started(cluster, taskId, "Verify") ? true : undefined));
    cluster.tentacle.release();
    await cluster.waitForState(taskId, ["Success"], 10_000);
    expect((await details(cluster, taskId)).ActivityLogs.map((l) => l.Message)).not.toContain("Waiting for a manual intervention");
  }, 60_000);
});

describe("manual intervention (several writers on one row)", () => {
  it("an interruption set through node-b pauses node-a before its next step until it is cleared", async () => {
    const { cluster, taskId } = await startRunning("optimistic", {});
    await using _ = cluster;
    const set = (await (await put(cluster, taskId, true)).json()) as TaskResource;
    expect(set).toMatchObject({ HasPendingInterruptions: true });
    await pollUntil("node-a to see the flag (a later write)", 5_000, async () => ((await details(cluster, taskId)).Task.Version! > set.Version! ? true : undefined));
    cluster.tentacle.release();
    await pollUntil("node-a to wait", 5_000, async () =>
      (await details(cluster, taskId)).ActivityLogs.some((l) => l.Message === "Waiting for a manual intervention") ? true : undefined);
    expect(started(cluster, taskId, "Verify")).toBe(false);
    expect(await (await put(cluster, taskId, false)).json()).toMatchObject({ HasPendingInterruptions: false });
    await pollUntil("the next step", 10_000, async () => (started(cluster, taskId, "Verify") ? true : undefined));
    cluster.tentacle.release();
    await cluster.waitForState(taskId, ["Success"], 10_000);
  }, 60_000);

  it("with maxRetries 0 (naive optimistic) the owner's next write conflicts and the deployment fails", async () => {
    const { cluster, taskId } = await startRunning("optimistic", { strategyOptions: { maxRetries: 0 } });
    await using _ = cluster;
    expect((await put(cluster, taskId, true)).status).toBe(200);
    const failed = await cluster.waitForState(taskId, ["Failed"], 10_000);
    expect(failed.ErrorMessage).toBe(LOST_WRITE_MESSAGE);
    expect(await (await cluster.api("node-a", "/metrics")).text()).toMatch(/sim_concurrency_conflicts_total\{operation="progress",node="node-a"\} [1-9]/);
  }, 60_000);
});
