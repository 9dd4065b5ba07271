// The run's toxiproxy-server, recoverable: it remembers every proxy populated, and recover() kills a
// server whose control API hangs (Shopify/toxiproxy#558: only a restart recovers), starts a fresh one
// with the same options and recreates every proxy enabled and without toxics. Faults see it as their
// ToxiproxyControl; epoch() tells them a recovery already healed what they applied.

import type { ICreateProxyBody, Toxiproxy } from "toxiproxy-node-client";
import { errors } from "../lib/errors.ts";
import { startToxiproxy, type RunningToxiproxy, type ToxiproxyOptions } from "../infra/toxiproxy.ts";
import type { ToxiproxyControl } from "../faults/index.ts";

export interface RecoverableToxiproxy extends ToxiproxyControl {
  readonly apiUrl: string;
  readonly client: Toxiproxy;
  /** PID of the current server. */
  readonly pid: number;
  populate(proxies: ICreateProxyBody[]): Promise<void>;
  recover(why: string): Promise<void>;
  epoch(): number;
  stop(): Promise<void>;
}

/** A toxiproxy-server on this machine, recoverable. */
export function startRecoverableToxiproxy(options: ToxiproxyOptions, onRecover: (why: string, tookMs: number) => void = () => {}): Promise<RecoverableToxiproxy> {
  return recoverableToxiproxy({
    start: () => startToxiproxy(options),
    async kill(server) {
      try {
        process.kill(server.pid, "SIGKILL"); // a hung server may not act on SIGTERM (or may be stopped)
      } catch {
        // already gone
      }
      await server.stop();
    },
  }, onRecover);
}

/** How to start a toxiproxy-server, wherever it runs, and how to kill one that hangs. */
export interface ToxiproxyLifecycle {
  start(): Promise<RunningToxiproxy>;
  /** Ends a server for good, even a hung or SIGSTOPped one; resolves once it is gone. */
  kill(server: RunningToxiproxy): Promise<void>;
}

export async function recoverableToxiproxy(lifecycle: ToxiproxyLifecycle, onRecover: (why: string, tookMs: number) => void = () => {}): Promise<RecoverableToxiproxy> {
  let current: RunningToxiproxy = await lifecycle.start();
  const known = new Map<string, ICreateProxyBody>();
  let epoch = 0;
  let recovering: Promise<void> | undefined;

  const recoverNow = async (why: string) => {
    const startedMs = Date.now();
    await lifecycle.kill(current);
    try {
      current = await lifecycle.start();
      await current.populate([...known.values()].map((p) => ({ ...p, enabled: true })));
    } catch (e) {
      throw errors.infraFailed("recovering toxiproxy-server", `after ${why}, a fresh server with ${known.size} proxies could not be started`, e);
    }
    epoch++;
    onRecover(why, Date.now() - startedMs);
  };

  return {
    get apiUrl() {
      return current.apiUrl;
    },
    get client() {
      return current.client;
    },
    get pid() {
      return current.pid;
    },
    call: (what, fn) => current.call(what, fn),
    async populate(proxies) {
      for (const p of proxies) known.set(p.name, p);
      await current.populate(proxies);
    },
    recover(why) {
      recovering ??= recoverNow(why).finally(() => (recovering = undefined));
      return recovering;
    },
    epoch: () => epoch,
    stop: () => current.stop(),
  };
}
