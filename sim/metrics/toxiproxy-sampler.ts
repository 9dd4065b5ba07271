// Samples a toxiproxy-server's state into metric families for the scraper: proxies by enabled, and
// toxics by type and stream (GET /proxies; every known type and stream is present, at 0 when unused,
// so the series exist before the first fault). The parsed state also goes to `onState` (the
// manual-toxic watch), so one request per second serves both. Faults show up as toxics or disabled proxies.
import type { ScrapedFamily } from "../contracts/index.ts";

/** A proxy as GET /proxies lists it (the fields read here). */
export interface ProxyState {
  name?: string;
  enabled?: boolean;
  toxics?: ToxicState[];
}

export interface ToxicState {
  name?: string;
  type?: string;
  stream?: string;
  toxicity?: number;
  attributes?: Record<string, unknown>;
}

/** Toxiproxy 2.12's toxic types (toxics/*.go) and streams. */
export const TOXIC_TYPES = ["latency", "bandwidth", "slow_close", "timeout", "reset_peer", "slicer", "limit_data"] as const;
const STREAMS = ["upstream", "downstream"] as const;

/** `apiUrl` may be a function: a recovered toxiproxy-server answers on a new address. */
export function makeToxiproxySampler(apiUrl: string | (() => string), onState?: (proxies: Record<string, ProxyState>) => void): (signal: AbortSignal) => Promise<ScrapedFamily[]> {
  return async (signal) => {
    const url = typeof apiUrl === "function" ? apiUrl() : apiUrl;
    const res = await fetch(`${url}/proxies`, { signal });
    const body = await res.text();
    if (!res.ok) throw new Error(`HTTP ${res.status} from ${url}/proxies: ${body.slice(0, 200)}`);
    const state = JSON.parse(body) as Record<string, ProxyState>;
    onState?.(state);
    const enabled = new Map<string, number>([["true", 0], ["false", 0]]);
    const toxics = new Map<string, number>(TOXIC_TYPES.flatMap((type) => STREAMS.map((stream) => [`${type}|${stream}`, 0] as const)));
    for (const p of Object.values(state)) {
      const key = String(p.enabled !== false);
      enabled.set(key, enabled.get(key)! + 1);
      for (const t of p.toxics ?? []) {
        const k = `${t.type ?? "unknown"}|${t.stream ?? "downstream"}`;
        toxics.set(k, (toxics.get(k) ?? 0) + 1);
      }
    }
    return [
      { name: "toxiproxy_proxies", type: "gauge", samples: [...enabled].map(([e, n]) => ({ name: "toxiproxy_proxies", labels: { enabled: e }, value: n })) },
      {
        name: "toxiproxy_toxics", type: "gauge",
        samples: [...toxics].map(([k, n]) => {
          const [type = "", stream = ""] = k.split("|");
          return { name: "toxiproxy_toxics", labels: { type, stream }, value: n };
        }),
      },
    ];
  };
}
