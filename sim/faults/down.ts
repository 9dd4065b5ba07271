// down: the target links are disabled (Toxiproxy proxy enabled=false): every live connection is closed
// and new ones are refused (ECONNREFUSED) until healed, when the proxies are enabled again.

import { z } from "zod";
import type { Proxy } from "toxiproxy-node-client";
import type { Fault, FaultDeps, FaultKind, FaultTargets } from "./fault.ts";
import { forEachUntilFailure, recoverOrThrow } from "./toxic-fault.ts";

function makeDown(deps: FaultDeps): Fault {
  const disabled: Proxy[] = [];
  let epoch = 0;
  const setEnabled = (proxy: Proxy, enabled: boolean) =>
    deps.toxiproxy.call(`${enabled ? "enable" : "disable"} proxy ${proxy.name}`, () => proxy.update({ enabled, listen: proxy.listen, upstream: proxy.upstream }), proxy.name);
  return {
    kind: "down",
    async start(targets: FaultTargets) {
      epoch = deps.toxiproxy.epoch?.() ?? 0;
      await forEachUntilFailure(targets.proxyNames, async (name) => {
        const proxy = await deps.toxiproxy.call(`get proxy ${name}`, (c) => c.get(name), name);
        disabled.push(proxy); // before the call: a call that times out may still have disabled it
        await setEnabled(proxy, false);
      });
    },
    async stop() {
      const toEnable = disabled.splice(0);
      if (toEnable.length === 0 || (deps.toxiproxy.epoch?.() ?? 0) !== epoch) return; // a recovery re-enabled them
      try {
        await forEachUntilFailure(toEnable, async (proxy) => void (await setEnabled(proxy, true)));
      } catch (e) {
        await recoverOrThrow(deps, "down", e, toEnable.length);
      }
    },
  };
}

export const down: FaultKind = {
  kind: "down",
  description: "disables the target links: live connections are closed and new ones refused until healed",
  acts: "links",
  attributes: z.object({}).strict(),
  make: makeDown,
};
