// Starts one reference-server node process (sim/server/main.ts) on this machine and waits for its ready
// message: the one way the run, the benchmarks and the tests start a node. The config goes over IPC
// (it holds the API key and the database password; argv would show them in `ps`).
import { fileURLToPath } from "node:url";
import type { ServerNodeConfig } from "../contracts/index.ts";
import { forkReady, type ManagedChild } from "../lib/child-process.ts";

const SERVER_MAIN = fileURLToPath(new URL("../server/main.ts", import.meta.url));

export interface NodeProcessOptions {
  /** Time allowed from fork to the ready message; default 30 s. */
  readyTimeoutMs?: number;
  /** Appends the node's stdout and stderr here. */
  logFile?: string;
  /** Added to this process's environment. */
  env?: NodeJS.ProcessEnv;
}

/** The node's base URL is in `ready.url`; `config` may be raw JSON text (to test the node's own validation). */
export function startNodeProcess(config: ServerNodeConfig | string, o: NodeProcessOptions = {}): Promise<ManagedChild> {
  const name = typeof config === "string" ? "node" : config.nodeName;
  return forkReady(SERVER_MAIN, [], {
    name, config, readyTimeoutMs: o.readyTimeoutMs ?? 30_000,
    ...(o.logFile ? { logFile: o.logFile } : {}), ...(o.env ? { env: { ...process.env, ...o.env } } : {}),
  });
}

/** The base URL a ready node reported. */
export const nodeUrlOf = (child: ManagedChild): string => String(child.ready.url);
