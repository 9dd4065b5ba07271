// One ToxiproxyControl over several toxiproxy-server processes (a large fleet's proxies are sharded:
// one server cannot hold them all, ecosystem.md 8): calls about a proxy go to the server holding it,
// anything else to the first (the run's own, which also holds the node-to-database links); resetAll,
// recover and epoch cover every server.

import type { ToxiproxyControl } from "../faults/index.ts";

export interface ToxiproxyShard {
  control: ToxiproxyControl;
  /** Names of the proxies this server holds (the first shard also gets every name not listed anywhere). */
  proxyNames: readonly string[];
}

export function shardedToxiproxy(shards: readonly ToxiproxyShard[]): ToxiproxyControl {
  if (shards.length === 0) throw new Error("shardedToxiproxy: at least one toxiproxy-server is needed");
  const owner = new Map<string, ToxiproxyControl>();
  for (const shard of shards) for (const name of shard.proxyNames) owner.set(name, shard.control);
  const first = shards[0]!.control;
  const controls = shards.map((s) => s.control);
  return {
    call: (what, fn, proxyName) => (proxyName === undefined ? first : owner.get(proxyName) ?? first).call(what, fn, proxyName),
    async resetAll() {
      await Promise.all(controls.map((c, i) => c.call(`reset (heal all) of toxiproxy shard ${i}`, (client) => client.reset())));
    },
    async recover(why) {
      await Promise.all(controls.map((c) => c.recover?.(why)));
      const unrecoverable = controls.map((c, i) => (c.recover ? -1 : i)).filter((i) => i >= 0);
      if (unrecoverable.length) throw new Error(`toxiproxy shards ${unrecoverable.join(", ")} cannot be recovered (not started with startRecoverableToxiproxy); after: ${why}`);
    },
    epoch: () => controls.reduce((sum, c) => sum + (c.epoch?.() ?? 0), 0),
  };
}
