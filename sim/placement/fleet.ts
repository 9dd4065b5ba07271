// Starts a planned fleet for one pass: proxies first (shard 0 on the run's toxiproxy-server, further
// shards on extra servers), then every fleet process (restartable by faults), then waits until every
// polling tentacle polls every node it should. Everything started is registered with `defer`.

import path from "node:path";
import type { ICreateProxyBody } from "toxiproxy-node-client";
import { startFleet, type RunningFleet } from "./fleet-process.ts";
import type { FleetPlan } from "../plan/fleet-plan.ts";
import { expectedSubscriptions, waitPollingReady } from "./polling-ready.ts";
import { startRecoverableToxiproxy, type RecoverableToxiproxy } from "./recoverable-toxiproxy.ts";
import { startRestartable, trimTornTail, type RestartableProcess } from "./restartable.ts";

export interface FleetStartOptions {
  plan: FleetPlan;
  /** The run's toxiproxy-server: gets proxy shard 0. */
  toxiproxy: { populate(proxies: ICreateProxyBody[]): Promise<void> };
  toxiproxyBin: string;
  seed: number;
  logsDir: string;
  /** Each node's polling endpoint (empty when no machine polls). */
  pollingNodes: readonly { name: string; url: string }[];
  signal: AbortSignal;
  defer: <T>(name: string, value: T, stop: (value: T) => Promise<unknown>) => T;
}

export interface RunningFleetPlan {
  fleets: RestartableProcess<RunningFleet>[];
  /** toxiproxy-server processes beyond the run's own (proxy shards 1..n), recoverable like it. */
  extraToxiproxies: RecoverableToxiproxy[];
  /** Time from the first proxy created to every tentacle ready (listening bound, polling connected). */
  readyMs: number;
}

export async function startPlannedFleet(o: FleetStartOptions): Promise<RunningFleetPlan> {
  const startedMs = performance.now();
  const [first = [], ...rest] = o.plan.proxyShards;
  const extraToxiproxies = await Promise.all(rest.map(async (proxies, i) => {
    const shard = o.defer(`toxiproxy-server shard ${i + 1}`, await startRecoverableToxiproxy({
      binPath: o.toxiproxyBin, logFile: path.join(o.logsDir, `toxiproxy-${i + 1}.log`), seed: o.seed,
    }), (t) => t.stop());
    await shard.populate(proxies);
    return shard;
  }));
  await o.toxiproxy.populate(first);
  o.signal.throwIfAborted();
  const fleets = await Promise.all(o.plan.fleetConfigs.map(async (config) => o.defer(config.fleetName, await startRestartable(
    config.fleetName,
    () => startFleet(config, { logFile: path.join(o.logsDir, `${config.fleetName}.log`) }),
    { afterExit: () => trimTornTail(config.historyFile) },
  ), (f) => f.stop("SIGTERM"))));
  const polling = o.plan.topology.pollingTentacles;
  if (polling.length > 0) await waitPollingReady(o.pollingNodes, expectedSubscriptions(polling), o.signal);
  return { fleets, extraToxiproxies, readyMs: performance.now() - startedMs };
}
