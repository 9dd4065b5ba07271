// A toxiproxy-server child process for one run: API on a free loopback port, readiness when the child
// itself listens there and answers /version (a toxiproxy-server that loses its port to another process
// stays up without an API; it is replaced on a new port), a toxiproxy-node-client bound to it, and stop(). Every control call goes through `call`,
// which bounds it in time (the control API can hang: Shopify/toxiproxy#558).

import fs from "node:fs";
import { Toxiproxy } from "toxiproxy-node-client";
import type { ICreateProxyBody } from "toxiproxy-node-client";
import { errors, HarnessError, withTimeout } from "../lib/errors.ts";
import { listensOn } from "../lib/proc.ts";
import { freePort } from "./ports.ts";
import { pollUntil } from "../lib/poll.ts";
import { spawnTied } from "../lib/spawn-tied.ts";
import { exited, hasExited, stopProcess } from "../lib/stop-process.ts";

export interface RunningToxiproxy {
  /** Base URL of the control API, e.g. http://127.0.0.1:41234. */
  apiUrl: string;
  client: Toxiproxy;
  pid: number;
  /** Runs one control-API call with a deadline; a hang becomes a timeout error naming `what`. */
  call<T>(what: string, fn: (client: Toxiproxy) => Promise<T>): Promise<T>;
  /** Creates or replaces proxies in bulk (POST /populate), in chunks. */
  populate(proxies: ICreateProxyBody[]): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when the server process has exited (known only where it was started). */
  exited?: Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export interface ToxiproxyOptions {
  binPath: string;
  /** File receiving the server's stdout/stderr. */
  logFile: string;
  startTimeoutMs?: number;
  /** Deadline of each control-API call. */
  callTimeoutMs?: number;
  /** Seed for toxicity and jitter draws, so fault runs replay. */
  seed?: number;
  /** Address and port of the control API (default 127.0.0.1 and a free port). */
  host?: string;
  port?: number;
}

/** Proxies per /populate request: keeps each request well under the server's 25 s handler timeout. */
const POPULATE_CHUNK = 500;

/** Fresh ports tried when another process takes the chosen one between freePort and the child's bind. */
const PORT_ATTEMPTS = 3;

export async function startToxiproxy(options: ToxiproxyOptions): Promise<RunningToxiproxy> {
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort(options.host ?? "127.0.0.1"));
    try {
      return await startOnPort(options, port);
    } catch (e) {
      if (!(e instanceof PortTaken) || options.port !== undefined || attempt === PORT_ATTEMPTS) throw e;
    }
  }
}

class PortTaken extends HarnessError {}

async function startOnPort(options: ToxiproxyOptions, port: number): Promise<RunningToxiproxy> {
  const { binPath, logFile, startTimeoutMs = 15_000, callTimeoutMs = 20_000, seed, host = "127.0.0.1" } = options;
  const log = fs.openSync(logFile, "a");
  const args = ["-host", host, "-port", String(port), ...(seed === undefined ? [] : ["-seed", String(seed)])];
  const child = spawnTied(binPath, args, { stdio: ["ignore", log, log], env: { ...process.env, LOG_LEVEL: "warn" } });
  fs.closeSync(log);
  const apiUrl = `http://${host}:${port}`;
  const stop = async () => stopProcess(child, { graceMs: 5_000 });
  try {
    await pollUntil(`toxiproxy-server on ${apiUrl}`, startTimeoutMs, async () => {
      if (hasExited(child)) throw errors.processFailed("toxiproxy-server", `exited early (${child.exitCode ?? child.signalCode}); see ${logFile}`);
      if (!listensOn(child.pid!, port)) { // not bound yet, or bound by another process: whoever answers there is not ours
        if (fs.readFileSync(logFile, "utf8").includes(`${host}:${port}: bind: address already in use`)) throw new PortTaken("process-failed", `toxiproxy-server: its API address ${apiUrl} is taken by another process`);
        return false;
      }
      return await fetch(`${apiUrl}/version`, { signal: AbortSignal.timeout(1_000) }).then((r) => r.ok, () => false);
    });
  } catch (e) {
    await stop();
    throw e;
  }
  return { ...toxiproxyAt(apiUrl, child.pid!, stop, callTimeoutMs), exited: exited(child) };
}

/** The control of a toxiproxy-server that answers at `apiUrl` (wherever it runs), every call bounded in time. */
export function toxiproxyAt(apiUrl: string, pid: number, stop: () => Promise<unknown>, callTimeoutMs = 20_000): RunningToxiproxy {
  const client = new Toxiproxy(apiUrl);
  const call = <T>(what: string, fn: (c: Toxiproxy) => Promise<T>) => withTimeout(`toxiproxy ${what}`, callTimeoutMs, fn(client));
  const stopOnce = async () => void (await stop());
  return {
    apiUrl,
    client,
    pid,
    call,
    async populate(proxies) {
      for (let i = 0; i < proxies.length; i += POPULATE_CHUNK) {
        await call(`populate (${proxies.length} proxies)`, (c) => c.populate(proxies.slice(i, i + POPULATE_CHUNK)));
      }
    },
    stop: stopOnce,
    [Symbol.asyncDispose]: stopOnce,
  };
}
