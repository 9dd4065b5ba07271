// Integration (real PostgreSQL, toxiproxy-server, node and fleet processes): polling tentacles long-poll
// every node through their own proxy per node. A deployment runs through a node's pending-request
// queue; a request nobody collects fails at the scaled PollingRequestQueueTimeout; a tentacle that
// polls only one node (domain.md scenario 8) fails every task that runs on another node. Each
// tentacle keeps pollingConnectionCount connections per node it polls.
import { afterAll, describe, expect, it } from "vitest";
import type { HistoryOp, RpcCallValue, TaskResource } from "../../contracts/index.ts";
import { pollUntil } from "../../lib/poll.ts";
import { MARKER_VAR, newMarker, processesWithMarker } from "../../testing/leaks.ts";
import { RPC_PRESETS, scaledMs } from "../../scenario/index.ts";
import { pollingStatus } from "../../placement/polling-ready.ts";
import { startRpcRig } from "../../testing/rpc-rig.ts";

const marker = newMarker();
process.env[MARKER_VAR] = marker; // every process the rig starts inherits it
afterAll(() => expect(processesWithMarker(marker), "processes left running").toEqual([]));

const TIME_SCALE = 1 / 60;
const fleet = (polling: number, extra: object = {}) => ({
  listening: 0, polling, environments: polling, projects: 1, roles: ["web"], stepsPerProject: { min: 1, max: 1 },
  scriptDurationS: { min: 1, max: 1 }, scriptFailureRate: 0, ...extra,
});

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "m").exec(text)?.[1] ?? NaN);
}

/** Waits (bounded) until each node reports these [subscriptions, connections], then asserts them. */
async function expectConnections(nodes: { url: string }[], expected: number[][]): Promise<void> {
  let seen: number[][] = [];
  await pollUntil("polling connections to settle", 5_000, async () => {
    seen = (await Promise.all(nodes.map((n) => pollingStatus(n.url)))).map((s) => [s?.subscriptions ?? -1, s?.connections ?? -1]);
    return JSON.stringify(seen) === JSON.stringify(expected);
  }).catch(() => undefined);
  expect(seen).toEqual(expected);
}

describe("polling tentacles", () => {
  it("run a deployment through the node's queue, get null messages while idle, and fail an uncollected request at the queue timeout", async () => {
    await using rig = await startRpcRig({ timeScale: TIME_SCALE, server: { nodes: 2, taskCap: 5 }, fleet: fleet(2) });
    const [first, second] = rig.plan.topology.fixtures.machines;
    expect(rig.plan.topology.pollingTentacles.map((t) => t.endpoints.map((e) => e.node))).toEqual([["node-1", "node-2"], ["node-1", "node-2"]]);
    await expectConnections(rig.pollingNodes, [[2, 2], [2, 2]]); // connection count 1 (default)
    const ok = await rig.waitTerminal(await rig.deploy(first!.environmentId), 20_000);
    expect(ok.State, ok.ErrorMessage ?? "").toBe("Success");
    const nullIntervalMs = scaledMs(RPC_PRESETS.default.pollingQueueWaitTimeoutS, TIME_SCALE);
    await pollUntil("a null message from every node", 4 * nullIntervalMs, async () =>
      (await Promise.all(rig.nodes.map((n) => metric(n.url, "sim_polling_null_messages_total")))).every((n) => n > 0));

    // Cut the second tentacle off both nodes: its requests are queued and never collected.
    for (const node of ["node-1", "node-2"]) {
      const res = await fetch(`${rig.toxiproxy.apiUrl}/proxies/${encodeURIComponent(`${second!.id}@${node}`)}`, { method: "POST", body: JSON.stringify({ enabled: false }) });
      expect(res.status).toBe(200);
    }
    const taskId = await rig.deploy(second!.environmentId);
    const failed = await rig.waitTerminal(taskId, 30_000);
    const queueTimeoutMs = scaledMs(RPC_PRESETS.default.pollingRequestQueueTimeoutS, TIME_SCALE);
    expect(failed.State).toBe("Failed");
    expect(failed.ErrorMessage).toMatch(new RegExp(`did not collect the request within ${queueTimeoutMs} ms`));
    const ops = (await rig.ops(failed.ServerNode!)) as HistoryOp<RpcCallValue>[];
    const attempts = ops.filter((o) => o.f === "rpc:start-script" && o.type !== "invoke" && o.value.taskId === taskId);
    expect(attempts.length).toBeGreaterThanOrEqual(1); // retried while the 2 m 30 s window allows
    for (const op of attempts) {
      expect(op.type).toBe("fail"); // never delivered: the outcome is known
      expect(op.value).toMatchObject({ errorKind: "queue-timeout", mode: "polling" });
      expect(op.value.durationMs!).toBeGreaterThanOrEqual(queueTimeoutMs * 0.9);
      expect(op.value.durationMs!).toBeLessThanOrEqual(queueTimeoutMs * 1.1);
    }
  }, 90_000);

  it("polling only one node (scenario 8): tasks on the other node fail at the queue timeout, tasks on it succeed", async () => {
    await using rig = await startRpcRig({
      timeScale: TIME_SCALE, server: { nodes: 2, taskCap: 2, rpc: { preset: "default", overrides: { pollingConnectionCount: 3 }, maxPooledConnectionsPerTentacle: 5 } },
      fleet: fleet(4, { scriptDurationS: { min: 60, max: 60 }, pollOneNode: { count: 4, node: 1 } }),
    });
    expect(new Set(rig.plan.topology.pollingTentacles.flatMap((t) => t.endpoints.map((e) => e.node)))).toEqual(new Set(["node-1"]));
    await expectConnections(rig.pollingNodes, [[4, 12], [0, 0]]); // 3 connections per tentacle
    const taskIds = await Promise.all(rig.plan.topology.fixtures.machines.map((m) => rig.deploy(m.environmentId)));
    const tasks: TaskResource[] = await Promise.all(taskIds.map((id) => rig.waitTerminal(id, 40_000)));
    const byNode = (node: string) => tasks.filter((t) => t.ServerNode === node);
    expect(byNode("node-1").length).toBeGreaterThan(0);
    expect(byNode("node-2").length).toBeGreaterThan(0);
    for (const t of byNode("node-1")) expect(t.State, t.ErrorMessage ?? "").toBe("Success");
    for (const t of byNode("node-2")) {
      expect(t.State).toBe("Failed");
      expect(t.ErrorMessage).toMatch(/did not collect the request within/);
    }
  }, 90_000);
});
