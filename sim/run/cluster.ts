// Starts the reference server's HA nodes as real processes (sim/server/main.ts), one per node, all
// on one database, and seeds the deployment model through the first node's API.

import path from "node:path";
import { fileURLToPath } from "node:url";
import { API_KEY_HEADER, type FixtureSet, type ServerNodeConfig } from "../contracts/index.ts";
import { forkReady, type ManagedChild } from "../infra/child-process.ts";
import { errors } from "../infra/errors.ts";
import { freePort } from "../infra/ports.ts";
import { scaledMs, scaledRpcSettings, type ScenarioSpec } from "../scenario/index.ts";

const SERVER_MAIN = fileURLToPath(new URL("../server/main.ts", import.meta.url));

export interface StrategyToRun {
  name: string;
  label: string;
  options: ServerNodeConfig["strategyOptions"];
}

export interface RunningNode {
  name: string;
  url: string;
  child: ManagedChild;
}

export interface ClusterOptions {
  spec: ScenarioSpec;
  strategy: StrategyToRun;
  databaseUrl: string;
  apiKey: string;
  logsDir: string;
  historyDir: string;
  readyTimeoutMs?: number;
}

export function nodeConfig(o: ClusterOptions, index: number, port: number): ServerNodeConfig {
  const { spec } = o;
  const nodeName = `node-${index + 1}`;
  return {
    nodeName,
    host: "127.0.0.1",
    port,
    databaseUrl: o.databaseUrl,
    strategy: o.strategy.name,
    strategyOptions: o.strategy.options,
    apiKey: o.apiKey,
    taskCap: spec.server.taskCap,
    pollIntervalMs: scaledMs(spec.server.pollIntervalS, spec.timeScale),
    heartbeatIntervalMs: scaledMs(spec.server.heartbeatIntervalS, spec.timeScale),
    dbPoolSize: spec.server.dbPoolSize,
    rpc: scaledRpcSettings(spec),
    historyFile: path.join(o.historyDir, `${nodeName}.ndjson`),
  };
}

/** Starts every node; `onStarted` is called as each comes up, so the caller can register its stop. */
export async function startNodes(o: ClusterOptions, onStarted: (node: RunningNode) => void): Promise<RunningNode[]> {
  const configs = await Promise.all(Array.from({ length: o.spec.server.nodes }, async (_, i) => nodeConfig(o, i, await freePort())));
  return await Promise.all(
    configs.map(async (config) => {
      const child = await forkReady(SERVER_MAIN, [JSON.stringify(config)], {
        name: config.nodeName,
        readyTimeoutMs: o.readyTimeoutMs ?? 30_000,
        logFile: path.join(o.logsDir, `${config.nodeName}.log`),
      });
      const node = { name: config.nodeName, url: `http://${config.host}:${config.port}`, child };
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
