// Harness side of a fleet: forks sim/fleet/main.ts, sends it its FleetConfig over IPC (any size; argv
// caps one string at 128 KiB), waits for ready, and hands back a RunningFleet whose stop() ends the
// process (SIGTERM, then SIGKILL after a grace period).

import { fileURLToPath } from "node:url";
import type { FleetConfig } from "../contracts/index.ts";
import { forkReady, type ChildExit } from "../lib/child-process.ts";

const MAIN_PATH = fileURLToPath(new URL("../fleet/main.ts", import.meta.url));

export interface FleetProcessOptions {
  /** Time allowed from fork to ready. Default 30 s. */
  readyTimeoutMs?: number;
  /** Time allowed after SIGTERM before SIGKILL. Default 5 s. */
  stopGraceMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Appends the process's stdout and stderr here. */
  logFile?: string;
}

export interface RunningFleet {
  pid: number;
  name: string;
  tentacles: number;
  /** Time from fork to ready, measured by the harness. */
  readyMs: number;
  /** What the fleet reported when ready (tentacles, readyMs since its start, bindMs, rssBytes). */
  ready: Record<string, unknown>;
  exited: Promise<ChildExit>;
  /** Ends the fleet process; resolves once it has exited. Idempotent. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startFleet(config: FleetConfig, opts: FleetProcessOptions = {}): Promise<RunningFleet> {
  const child = await forkReady(MAIN_PATH, [], {
    name: `fleet ${config.fleetName}`,
    config,
    readyTimeoutMs: opts.readyTimeoutMs ?? 30_000,
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.logFile ? { logFile: opts.logFile } : {}),
  });
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= child.stop(opts.stopGraceMs ?? 5_000).then(() => undefined));
  return {
    pid: child.pid,
    name: child.name,
    tentacles: config.tentacles.length,
    readyMs: child.readyMs,
    ready: child.ready,
    exited: child.exited,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
