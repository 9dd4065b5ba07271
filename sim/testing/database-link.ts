// Test-only: one node's link to the test database through a real toxiproxy-server (its own process),
// so a test can cut that link (proxy disabled: live connections closed, new ones refused) or poison it
// with a toxic (timeout, reset_peer, ...) while other nodes keep a direct link; and a node process of a
// test cluster started on that link. Disposing the link stops the toxiproxy-server.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { ToxicType } from "toxiproxy-node-client";
import type { ServerNodeConfig } from "../contracts/index.ts";
import { freePort } from "../infra/ports.ts";
import { startToxiproxy, type RunningToxiproxy } from "../infra/toxiproxy.ts";
import type { ClusterNode, TestCluster } from "./cluster.ts";
import { MARKER_VAR, newMarker, processesWithMarker } from "./leaks.ts";
import { nodeUrlOf, startNodeProcess } from "../placement/node-process.ts";
import { testNodeConfig } from "./server-support.ts";
import { requireTool } from "./tools.ts";

export interface DatabaseLink extends AsyncDisposable {
  /** The database URL to give the node: the same database, through the proxy. */
  url: string;
  toxiproxy: RunningToxiproxy;
  /** Disables the proxy: live connections are closed, new ones refused, until heal(). */
  cut(): Promise<void>;
  /** Enables the proxy and removes every toxic. */
  heal(): Promise<void>;
  /** Adds a toxic (Toxiproxy's attribute names and units) to the link. */
  poison(type: ToxicType, stream: "upstream" | "downstream", attributes: Record<string, number>): Promise<void>;
}

const PROXY = "db-link";

export async function startDatabaseLink(databaseUrl: string): Promise<DatabaseLink> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "db-link-"));
  const toxiproxy = await startToxiproxy({ binPath: await requireTool("toxiproxy-server"), logFile: path.join(dir, "toxiproxy.log") });
  const target = new URL(databaseUrl);
  const listen = `127.0.0.1:${await freePort()}`;
  const upstream = `${target.hostname}:${target.port || 5432}`;
  const proxy = await toxiproxy.call("create db-link", (c) => c.createProxy({ name: PROXY, listen, upstream }));
  const url = new URL(databaseUrl);
  url.host = listen;
  const toxics: string[] = [];
  return {
    url: url.toString(),
    toxiproxy,
    cut: async () => void (await toxiproxy.call("disable db-link", () => proxy.update({ enabled: false, listen, upstream }))),
    async heal() {
      for (const name of toxics.splice(0)) await toxiproxy.call(`remove ${name}`, async () => (await proxy.getToxic(name)).remove());
      await toxiproxy.call("enable db-link", () => proxy.update({ enabled: true, listen, upstream }));
    },
    async poison(type, stream, attributes) {
      const name = `${type}-${stream}-${toxics.length}`;
      await toxiproxy.call(`add ${name}`, () => proxy.addToxic({ name, type, stream, toxicity: 1, attributes }));
      toxics.push(name);
    },
    async [Symbol.asyncDispose]() {
      await toxiproxy.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface LinkedNode extends ClusterNode, AsyncDisposable {
  /** Processes this node left behind (checked after dispose). */
  leaked(): Array<{ pid: number; command: string }>;
}

/**
 * Starts node `nodeName` of `cluster` with its database URL through `link` (settings: `config` as the
 * cluster's base plus overrides); it answers `cluster.api(nodeName, ...)`. Dispose it before the cluster.
 */
export async function startLinkedNode(cluster: TestCluster, link: DatabaseLink, nodeName: string, config: Partial<ServerNodeConfig>): Promise<LinkedNode> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "linked-node-"));
  const marker = newMarker();
  try {
    const child = await startNodeProcess(testNodeConfig({ ...config, nodeName, databaseUrl: link.url, historyFile: path.join(dir, `${nodeName}.ndjson`) }), {
      env: { [MARKER_VAR]: marker }, logFile: path.join(dir, `${nodeName}.log`),
    });
    const node = { name: nodeName, url: nodeUrlOf(child), process: child };
    cluster.nodes.set(nodeName, node);
    return {
      ...node,
      leaked: () => processesWithMarker(marker),
      async [Symbol.asyncDispose]() {
        cluster.nodes.delete(nodeName);
        await child.stop(1_000);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
