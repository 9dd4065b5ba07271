// Test-only: the two-node cluster of the database-fault tests. node-b (direct database link, lowest
// rank so the leader, no task slots) serves the API; node-a (the only executor) reaches PostgreSQL
// through its own toxiproxy link. Fixtures: `deployments` projects on one environment (one tag each).
import { expect } from "vitest";
import type { ServerNodeConfig, ServerNodeResource } from "../contracts/index.ts";
import { clusterFixtures, seedClusterFixtures, startTestCluster, type TestCluster } from "./cluster.ts";
import { startDatabaseLink, startLinkedNode, type DatabaseLink, type LinkedNode } from "./database-link.ts";
import { pollUntil } from "../lib/poll.ts";

export interface LinkedCluster extends AsyncDisposable {
  cluster: TestCluster;
  link: DatabaseLink;
  nodeA: LinkedNode;
  /** Queues one deployment per project through node-b; their task ids. */
  deployAll(): Promise<string[]>;
  /** Resolves once every task has a script started on the tentacle. */
  waitRunning(taskIds: readonly string[]): Promise<void>;
  /** Resolves once node-b sees node-a offline (its heartbeats stopped for offlineAfterMs). */
  waitNodeAOffline(): Promise<void>;
  /** Task ids the tentacle received a start for. */
  startedTasks(): Set<string>;
}

export interface LinkedClusterOptions {
  strategy: string;
  deployments: number;
  /** Settings of both nodes. */
  base: Partial<ServerNodeConfig>;
  /** node-a's own settings on top (its task cap defaults to `deployments`). */
  nodeA?: Partial<ServerNodeConfig>;
  /** Projects' steps (default one, "Deploy"). */
  stepNames?: string[];
}

export async function startLinkedCluster(o: LinkedClusterOptions): Promise<LinkedCluster> {
  const base = { ...o.base, strategy: o.strategy };
  const cluster = await startTestCluster(base, { hold: true });
  const link = await startDatabaseLink(cluster.db.url).catch(async (error: unknown) => {
    await cluster[Symbol.asyncDispose]();
    throw error;
  });
  let nodeA: LinkedNode | undefined;
  const dispose = async () => {
    await nodeA?.[Symbol.asyncDispose]();
    await link[Symbol.asyncDispose]();
    await cluster[Symbol.asyncDispose]();
  };
  try {
    await cluster.start("node-b", { taskCap: 0 });
    nodeA = await startLinkedNode(cluster, link, "node-a", { ...base, taskCap: o.deployments, ...o.nodeA });
    await seedClusterFixtures(cluster, "node-b", clusterFixtures(cluster.tentacle.endpoint, o.deployments, 1, o.stepNames));
  } catch (error) {
    await dispose();
    throw error;
  }
  const a = nodeA;
  const startedTasks = () => new Set(cluster.tentacle.starts.map((s) => s.taskId));
  return {
    cluster, link, nodeA: a, startedTasks,
    async deployAll() {
      const ids: string[] = [];
      for (let i = 1; i <= o.deployments; i++) ids.push(await cluster.deploy("node-b", `Projects-${i}`, "Environments-1"));
      return ids;
    },
    async waitRunning(taskIds) {
      await pollUntil("every task's first script to start", 10_000, async () => (taskIds.every((id) => startedTasks().has(id)) ? true : undefined));
    },
    async waitNodeAOffline() {
      await pollUntil("node-a to be offline", 10_000, async () => {
        const nodes = (await (await cluster.api("node-b", "/api/nodes")).json()) as ServerNodeResource[];
        return nodes.find((n) => n.Name === "node-a")?.IsOffline ? true : undefined;
      });
    },
    async [Symbol.asyncDispose]() {
      await dispose();
      expect(a.leaked()).toEqual([]);
      expect(cluster.leaked()).toEqual([]);
    },
  };
}
