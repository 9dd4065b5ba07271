// Starts a planned fleet for one pass through the placement: each proxy shard on a toxiproxy-server
// (shard 0 on the pass's own, which also holds the database links; further shards on servers of
// their own), then every fleet process (restartable by faults; each serves /metrics on its host), then
// waits until every polling tentacle polls every node it should. Everything started is registered with `defer`.
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
  /** The pass's toxiproxy-server: gets proxy shard 0. */
  toxiproxy: RecoverableToxiproxy;
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
  /** Every proxy shard's toxiproxy-server, shard 0 (the pass's own) first. */
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
  const [first = [], ...rest] = o.plan.proxyShards;
  const extra = await Promise.all(rest.map(async (proxies, i) => {
    const shard = o.defer(`toxiproxy-server shard ${i + 1}`, await o.placement.startToxiproxy(o.plan.fleetConfigs[i + 1]?.fleetName ?? "fleet-1", {
      logFile: path.join(o.logsDir, `toxiproxy-${i + 1}.log`), seed: o.seed, ...(o.onToxiproxyRecover ? { onRecover: o.onToxiproxyRecover } : {}),
    }), (t) => t.stop());
    await shard.populate(proxies);
    return shard;
  }));
  await o.toxiproxy.populate(first);
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
  return { fleets, toxiproxies: [o.toxiproxy, ...extra], proxiesMs, processesMs, readyMs: performance.now() - startedMs };
}
