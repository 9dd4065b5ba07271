// Several fleet processes as one: starts every FleetConfig in parallel (each its own process, so
// each has its own open-file budget), stops them all, and sums their memory and CPU.

import type { FleetConfig } from "../contracts/index.ts";
import { startFleet, type FleetProcessOptions, type RunningFleet } from "../placement/fleet-process.ts";
import { processUsage, type ProcessUsage } from "../lib/proc.ts";

export interface RunningFleets {
  processes: RunningFleet[];
  tentacles: number;
  /** Time from the first fork to the last ready, measured by the harness. */
  readyMs: number;
  /** Summed over processes (processes already gone count 0). */
  usage(): Promise<ProcessUsage>;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** `logFileOf(name)` gives each process its log file. On any failure, stops the ones that started. */
export async function startFleets(configs: FleetConfig[], opts: FleetProcessOptions & { logFileOf?: (name: string) => string } = {}): Promise<RunningFleets> {
  const started = performance.now();
  const results = await Promise.allSettled(configs.map((config) => startFleet(config, {
    ...opts, ...(opts.logFileOf ? { logFile: opts.logFileOf(config.fleetName) } : {}),
  })));
  const processes = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const stop = async () => void (await Promise.all(processes.map((p) => p.stop())));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return {
    processes,
    tentacles: processes.reduce((n, p) => n + p.tentacles, 0),
    readyMs: performance.now() - started,
    async usage() {
      const all = await Promise.all(processes.map((p) => processUsage(p.pid)));
      return all.reduce<ProcessUsage>((sum, u) => ({ rssBytes: sum.rssBytes + (u?.rssBytes ?? 0), cpuMs: sum.cpuMs + (u?.cpuMs ?? 0) }), { rssBytes: 0, cpuMs: 0 });
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
