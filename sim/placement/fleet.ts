// Starts a planned fleet for one pass through the placement: each fleet shard's toxiproxy-server on
// the shard's host, populated with its machines' proxies, then every fleet process (restartable by
// faults; each serves /metrics on its host), then waits until every polling tentacle polls every node
// it should. Everything started is registered with `defer`.
import path from "node:path";
import type { FleetPlan } from "../plan/fleet-plan.ts";
import { portOf } from "../plan/ports.ts";
import type { Placement } from "./placement.ts";
import { expectedSubscriptions, waitPollingReady } from "./polling-ready.ts";
import type { RecoverableToxiproxy } from "./recoverable-toxiproxy.ts";
import type { RestartableProcess, Startable } from "./restartable.ts";

export interface FleetStartOptions {
  placement: Placement;
  plan: FleetPlan;
  seed: number;
  logsDir: string;
  /** Each node's polling endpoint (empty when no machine polls). */
  pollingNodes: readonly { name: string; url: string }[];
  signal: AbortSignal;
  defer: <T>(name: string, value: T, stop: (value: T) => Promise<unknown>) => T;
  onToxiproxyRecover?: (why: string, tookMs: number) => void;
  /** Time allowed for every polling tentacle to connect; default 60 s. */
  pollingReadyTimeoutMs?: number;
}

export interface RunningFleetPlan {
  fleets: RestartableProcess<Startable>[];
  /** Each fleet shard's toxiproxy-server, in shard order. */
  toxiproxies: RecoverableToxiproxy[];
  /** Time to start the extra toxiproxy-servers and create every proxy. */
  proxiesMs: number;
  /** Time from the first proxy created to every fleet process ready (listening bound, polling started). */
  processesMs: number;
  /** Time from the first proxy created to every tentacle ready (listening bound, polling connected). */
  readyMs: number;
}

export async function startPlannedFleet(o: FleetStartOptions): Promise<RunningFleetPlan> {
  const startedMs = performance.now();
  const toxiproxies = await Promise.all(o.plan.fleetConfigs.map(async ({ fleetName }, i) => {
    const shard = o.defer(`toxiproxy-server of ${fleetName}`, await o.placement.startToxiproxy(fleetName, {
      logFile: path.join(o.logsDir, `toxiproxy-${fleetName}.log`), seed: o.seed, ...(o.onToxiproxyRecover ? { onRecover: o.onToxiproxyRecover } : {}),
    }), (t) => t.stop());
    await shard.populate(o.plan.proxyShards[i] ?? []);
    return shard;
  }));
  const proxiesMs = performance.now() - startedMs;
  o.signal.throwIfAborted();
  const fleets = await Promise.all(o.plan.fleetConfigs.map(async (config) => o.defer(
    config.fleetName,
    await o.placement.startFleet(
      { ...config, metrics: { host: o.placement.hostOf(config.fleetName).address, port: portOf(`${config.fleetName}/metrics`) } },
      { logFile: path.join(o.logsDir, `${config.fleetName}.log`) },
    ),
    (f) => f.stop("SIGTERM"),
  )));
  const processesMs = performance.now() - startedMs;
  const polling = o.plan.topology.pollingTentacles;
  if (polling.length > 0) await waitPollingReady(o.pollingNodes, expectedSubscriptions(polling), o.signal, o.pollingReadyTimeoutMs);
  return { fleets, toxiproxies, proxiesMs, processesMs, readyMs: performance.now() - startedMs };
}
