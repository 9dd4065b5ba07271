// Harness side of a fleet: forks sim/fleet/main.ts with a FleetConfig, waits for ready, and hands
// back a RunningFleet whose stop() ends the process (SIGTERM, then SIGKILL after a grace period).

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FleetConfig } from "../contracts/index.ts";
import { forkReady, type ChildExit } from "../lib/child-process.ts";

const MAIN_PATH = fileURLToPath(new URL("../fleet/main.ts", import.meta.url));
/** Configs larger than this go to the child through a temp file (Linux caps one argv string at 128 KiB). */
const MAX_INLINE_CONFIG_CHARS = 64 * 1024;

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
  const json = JSON.stringify(config);
  const spillDir = json.length > MAX_INLINE_CONFIG_CHARS ? await mkdtemp(join(tmpdir(), "taskstorm-fleet-")) : undefined;
  const removeSpill = () => (spillDir ? rm(spillDir, { recursive: true, force: true }) : Promise.resolve());
  let arg = json;
  if (spillDir) {
    arg = `@${join(spillDir, "fleet-config.json")}`;
    await writeFile(arg.slice(1), json);
  }
  try {
    const child = await forkReady(MAIN_PATH, [arg], {
      name: `fleet ${config.fleetName}`,
      readyTimeoutMs: opts.readyTimeoutMs ?? 30_000,
      env: opts.env,
      logFile: opts.logFile,
    });
    let stopping: Promise<void> | undefined;
    const stop = () => (stopping ??= child.stop(opts.stopGraceMs ?? 5_000).then(removeSpill));
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
  } catch (err) {
    await removeSpill();
    throw err;
  }
}
