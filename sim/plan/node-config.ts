// What each node of a pass runs with: its name and its ServerNodeConfig from the scenario (scaled
// intervals, RPC settings, the leader's hung-task bound) on the host and ports its placement gave it.
import path from "node:path";
import type { ServerNodeConfig } from "../contracts/index.ts";
import { scaledMs, scaledRpcSettings, type ScenarioSpec } from "../scenario/index.ts";
import { hungTaskBoundMs } from "./check-limits.ts";

export interface StrategyToRun {
  name: string;
  label: string;
  options: ServerNodeConfig["strategyOptions"];
}

/** Names of a scenario's nodes, in start order: node-1, node-2, ... */
export const nodeNames = (spec: ScenarioSpec): string[] => Array.from({ length: spec.server.nodes }, (_, i) => `node-${i + 1}`);

export interface NodeConfigInput {
  spec: ScenarioSpec;
  strategy: StrategyToRun;
  /** The database URL of node `nodeName` (e.g. through its own Toxiproxy proxy). */
  databaseUrlFor: (nodeName: string) => string;
  apiKey: string;
  historyDir: string;
  /** The address node `nodeName` listens on (API and polling endpoint). */
  hostOf: (nodeName: string) => string;
  /** Settings every node gets on top of the scenario's (e.g. a short dbAcquireTimeoutMs in tests). */
  nodeOverrides?: Partial<Omit<ServerNodeConfig, "nodeName" | "host" | "port">>;
  /** Port of each node's API. */
  apiPorts: ReadonlyMap<string, number>;
  /** Port of each node's polling endpoint; absent = nodes have none. */
  pollingPorts?: ReadonlyMap<string, number>;
}

export function nodeConfig(o: NodeConfigInput, nodeName: string, port: number): ServerNodeConfig {
  const { spec } = o;
  const host = o.hostOf(nodeName);
  const pollingPort = o.pollingPorts?.get(nodeName);
  return {
    nodeName,
    host,
    port,
    databaseUrl: o.databaseUrlFor(nodeName),
    strategy: o.strategy.name,
    strategyOptions: o.strategy.options,
    apiKey: o.apiKey,
    taskCap: spec.server.taskCap,
    pollIntervalMs: scaledMs(spec.server.pollIntervalS, spec.timeScale),
    heartbeatIntervalMs: scaledMs(spec.server.heartbeatIntervalS, spec.timeScale),
    dbPoolSize: spec.server.dbPoolSize,
    rpc: { ...scaledRpcSettings(spec), ...(pollingPort === undefined ? {} : { pollingListen: { host, port: pollingPort } }) },
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

/** Every node's config, in start order. */
export function nodeConfigs(o: NodeConfigInput): ServerNodeConfig[] {
  return nodeNames(o.spec).map((name) => {
    const port = o.apiPorts.get(name);
    if (port === undefined) throw new Error(`nodeConfigs: no API port for ${name}`);
    return nodeConfig(o, name, port);
  });
}
