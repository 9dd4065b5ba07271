// Turns toxics added by hand (toxiproxy-cli, curl) into "manual" fault windows, so a report explains a
// graph someone poked: fed each shard's GET /proxies state (the Toxiproxy sampler's, once a second), it
// opens a window (`fault:manual` invoke) for a toxic whose name lacks the timeline's prefix when first
// seen and closes it (ok) once gone. Times are when it was seen, so up to one sample late.
import { TIMELINE_TOXIC_PREFIX, type FaultWindowValue, type OpType } from "../contracts/index.ts";
import type { ProxyState } from "./toxiproxy-sampler.ts";

export interface ManualToxicWatch {
  /** The state of one shard's toxiproxy-server, as its sampler read it. */
  observe(shard: string, proxies: Readonly<Record<string, ProxyState>>): void;
  /** Windows open now. */
  openCount(): number;
  /** Closes every open window as info (still there when the watch ended; the run's heal removes it). */
  close(): void;
}

/** `record` appends one history op (actor: the fault controller's). */
export function makeManualToxicWatch(record: (type: OpType, f: string, value: FaultWindowValue) => void): ManualToxicWatch {
  const open = new Map<string, FaultWindowValue>();
  return {
    observe(shard, proxies) {
      const seen = new Set<string>();
      for (const [proxyName, proxy] of Object.entries(proxies)) {
        for (const toxic of proxy.toxics ?? []) {
          if (!toxic.name || toxic.name.startsWith(TIMELINE_TOXIC_PREFIX)) continue;
          const key = `${shard}|${proxyName}|${toxic.name}`;
          seen.add(key);
          if (open.has(key)) continue;
          const value: FaultWindowValue = {
            kind: "manual",
            target: `${proxyName}: toxic ${toxic.name} (${toxic.type ?? "?"} ${toxic.stream ?? "downstream"}, added by hand)`,
            targets: [proxyName],
            attributes: { shard, toxic: toxic.name, type: toxic.type, stream: toxic.stream ?? "downstream", toxicity: toxic.toxicity ?? 1, ...toxic.attributes },
          };
          open.set(key, value);
          record("invoke", "fault:manual", value);
        }
      }
      for (const [key, value] of open) {
        if (!key.startsWith(`${shard}|`) || seen.has(key)) continue;
        open.delete(key);
        record("ok", "fault:manual", value);
      }
    },
    openCount: () => open.size,
    close() {
      for (const value of open.values()) record("info", "fault:manual", { ...value, error: "still present when the run stopped watching" });
      open.clear();
    },
  };
}
