// What the scraper reads every second: each node's /metrics, a PostgreSQL sampler on its own
// connection (released by the scope) and a Toxiproxy sampler per shard (`toxiproxy-<i>`, whose state
// also goes to `onToxiproxyState`), so contention and faults land in the same time series.
import { makePgSampler, makeToxiproxySampler, type ProxyState, type ScrapeTarget } from "../metrics/index.ts";
import { harnessPgClient } from "../lib/pg-client.ts";

export interface Defer {
  <T>(name: string, value: T, stop: (value: T) => Promise<unknown>): T;
}

export interface ScrapedParts {
  nodes: readonly { name: string; url: string }[];
  databaseUrl: string;
  /** Every toxiproxy-server of the pass, shard 0 first (apiUrl read at each sample: a recovery moves it). */
  toxiproxies: readonly { readonly apiUrl: string }[];
  onToxiproxyState?: (shard: string, proxies: Record<string, ProxyState>) => void;
}

/** Sampler name of toxiproxy shard i. */
export const toxiproxySamplerName = (shard: number) => `toxiproxy-${shard}`;

/** The samplers' names (the scraper's collect targets), PostgreSQL's first. */
export const samplerNames = (toxiproxies: number) => ["postgres", ...Array.from({ length: toxiproxies }, (_, i) => toxiproxySamplerName(i))];

export async function scrapeTargets(defer: Defer, parts: ScrapedParts): Promise<ScrapeTarget[]> {
  const client = defer("metrics db client", harnessPgClient({ connectionString: parts.databaseUrl, application_name: "taskstorm-sampler" }), (c) => c.end());
  await client.connect();
  return [
    ...parts.nodes.map((n) => ({ name: n.name, url: `${n.url}/metrics` })),
    { name: samplerNames(0)[0]!, collect: makePgSampler(client) },
    ...parts.toxiproxies.map((t, i) => {
      const name = toxiproxySamplerName(i);
      const onState = parts.onToxiproxyState;
      return { name, collect: makeToxiproxySampler(() => t.apiUrl, onState && ((proxies) => onState(name, proxies))) };
    }),
  ];
}
