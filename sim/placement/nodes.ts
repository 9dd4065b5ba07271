// Starts the reference server's HA nodes as real processes (sim/server/main.ts), one per node, all
// on one database, and seeds the deployment model through the first node's API.

import path from "node:path";
import { API_KEY_HEADER, type FixtureSet, type ServerNodeConfig } from "../contracts/index.ts";
import type { ManagedChild } from "../lib/child-process.ts";
import { errors } from "../lib/errors.ts";
import { freePorts } from "../infra/ports.ts";
import { hungTaskBoundMs } from "../plan/check-limits.ts";
import { startNodeProcess } from "./node-process.ts";
import { startRestartable, trimTornTail, type RestartableProcess } from "./restartable.ts";
import { scaledMs, scaledRpcSettings, type ScenarioSpec } from "../scenario/index.ts";

export interface StrategyToRun {
  name: string;
  label: string;
  options: ServerNodeConfig["strategyOptions"];
}

export interface RunningNode {
  name: string;
  url: string;
  /** The node's process, restartable by faults on the same port with the same config; stop it with process.stop("SIGTERM"). */
  process: RestartableProcess<ManagedChild>;
  /** The current process (the latest started). */
  readonly child: ManagedChild;
}

/** Names of a scenario's nodes, in start order: node-1, node-2, ... */
export const nodeNames = (spec: ScenarioSpec): string[] => Array.from({ length: spec.server.nodes }, (_, i) => `node-${i + 1}`);

export interface ClusterOptions {
  spec: ScenarioSpec;
  strategy: StrategyToRun;
  databaseUrl: string;
  /** Per-node database URL (e.g. through the node's own Toxiproxy proxy); default: databaseUrl for all. */
  databaseUrlFor?: (nodeName: string) => string;
  apiKey: string;
  logsDir: string;
  historyDir: string;
  readyTimeoutMs?: number;
  /** Settings every node gets on top of the scenario's (e.g. a short dbAcquireTimeoutMs in tests). */
  nodeOverrides?: Partial<Omit<ServerNodeConfig, "nodeName" | "host" | "port">>;
  /** Port of each node's polling endpoint on 127.0.0.1 (see pollingPorts()); absent = nodes have none. */
  pollingPorts?: ReadonlyMap<string, number>;
}

export function nodeConfig(o: ClusterOptions, index: number, port: number): ServerNodeConfig {
  const { spec } = o;
  const nodeName = nodeNames(spec)[index]!;
  return {
    nodeName,
    host: "127.0.0.1",
    port,
    databaseUrl: o.databaseUrlFor?.(nodeName) ?? o.databaseUrl,
    strategy: o.strategy.name,
    strategyOptions: o.strategy.options,
    apiKey: o.apiKey,
    taskCap: spec.server.taskCap,
    pollIntervalMs: scaledMs(spec.server.pollIntervalS, spec.timeScale),
    heartbeatIntervalMs: scaledMs(spec.server.heartbeatIntervalS, spec.timeScale),
    dbPoolSize: spec.server.dbPoolSize,
    rpc: { ...scaledRpcSettings(spec), ...pollingListenOf(o, nodeName) },
    historyFile: path.join(o.historyDir, `${nodeName}.ndjson`),
    offlineAfterMs: scaledMs(spec.server.offlineAfterS, spec.timeScale),
    reclaimAfterMs: scaledMs(spec.server.reclaimAfterS, spec.timeScale),
    progressIntervalMs: scaledMs(spec.server.progressIntervalS, spec.timeScale),
    // The leader counts a task hung at the same bound the no-hung-tasks check judges by.
    hungTaskAfterMs: hungTaskBoundMs(spec),
    healthCheckIntervalMs: spec.server.healthCheckIntervalS === 0 ? 0 : scaledMs(spec.server.healthCheckIntervalS, spec.timeScale),
    maxParallelism: spec.server.maxParallelism,
    bugs: spec.server.bugs,
    ...o.nodeOverrides,
  };
}

function pollingListenOf(o: ClusterOptions, nodeName: string): Pick<ServerNodeConfig["rpc"], "pollingListen"> {
  const port = o.pollingPorts?.get(nodeName);
  return port === undefined ? {} : { pollingListen: { host: "127.0.0.1", port } };
}

/** A free port for each node's polling endpoint, chosen before the nodes start (polling proxies need them first). */
export async function pollingPorts(spec: ScenarioSpec): Promise<Map<string, number>> {
  const names = nodeNames(spec);
  const ports = await freePorts(names.length);
  return new Map(names.map((name, i) => [name, ports[i]!] as const));
}

/** Starts every node; `onStarted` is called as each comes up, so the caller can register its stop. */
export async function startNodes(o: ClusterOptions, onStarted: (node: RunningNode) => void): Promise<RunningNode[]> {
  const ports = await freePorts(o.spec.server.nodes);
  const configs = ports.map((port, i) => nodeConfig(o, i, port));
  return await Promise.all(
    configs.map(async (config) => {
      const fork = () => startNodeProcess(config, { readyTimeoutMs: o.readyTimeoutMs ?? 30_000, logFile: path.join(o.logsDir, `${config.nodeName}.log`) });
      const restartable = await startRestartable(config.nodeName, fork, { afterExit: () => trimTornTail(config.historyFile) });
      const node: RunningNode = { name: config.nodeName, url: `http://${config.host}:${config.port}`, process: restartable, get child() { return restartable.current(); } };
      onStarted(node);
      return node;
    }),
  );
}

export async function seedFixtures(nodeUrl: string, apiKey: string, fixtures: FixtureSet): Promise<void> {
  const res = await fetch(`${nodeUrl}/api/fixtures`, {
    method: "POST",
    headers: { "content-type": "application/json", [API_KEY_HEADER]: apiKey },
    body: JSON.stringify(fixtures),
    signal: AbortSignal.timeout(60_000),
  });
  if (res.status !== 201) throw errors.infraFailed("seeding fixtures", `POST ${nodeUrl}/api/fixtures answered ${res.status}: ${await res.text()}`);
}
