// Samples a toxiproxy-server's state into metric families for the scraper: proxies by enabled, and
// toxics by type and stream (GET /proxies). Faults show up as toxics or disabled proxies.
import type { ScrapedFamily } from "../contracts/index.ts";

interface ProxyState {
  enabled?: boolean;
  toxics?: { type?: string; stream?: string }[];
}

export function makeToxiproxySampler(apiUrl: string): (signal: AbortSignal) => Promise<ScrapedFamily[]> {
  return async (signal) => {
    const res = await fetch(`${apiUrl}/proxies`, { signal });
    const body = await res.text();
    if (!res.ok) throw new Error(`HTTP ${res.status} from ${apiUrl}/proxies: ${body.slice(0, 200)}`);
    const proxies = Object.values(JSON.parse(body) as Record<string, ProxyState>);
    const enabled = new Map<string, number>([["true", 0], ["false", 0]]);
    const toxics = new Map<string, number>();
    for (const p of proxies) {
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
