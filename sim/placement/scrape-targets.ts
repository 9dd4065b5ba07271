// What the scraper reads every second: each node's /metrics, a PostgreSQL sampler on its own
// connection (released by the scope) and a sampler per toxiproxy-server, so contention and faults land
// in the same time series.
import pg from "pg";
import { makePgSampler, makeToxiproxySampler, type ScrapeTarget } from "../metrics/index.ts";

export interface Defer {
  <T>(name: string, value: T, stop: (value: T) => Promise<unknown>): T;
}

export async function scrapeTargets(
  defer: Defer, nodes: readonly { name: string; url: string }[], databaseUrl: string, toxiproxies: readonly { name: string; server: { readonly apiUrl: string } }[],
): Promise<ScrapeTarget[]> {
  const client = defer("metrics db client", new pg.Client({ connectionString: databaseUrl, application_name: "taskstorm-sampler" }), (c) => c.end());
  await client.connect();
  return [
    ...nodes.map((n) => ({ name: n.name, url: `${n.url}/metrics` })),
    { name: "postgres", collect: makePgSampler(client) },
    // the server's address is read at each sample: a recovered server has a new one
    ...toxiproxies.map(({ name, server }) => ({ name: `toxiproxy-${name}`, collect: (signal: AbortSignal) => makeToxiproxySampler(server.apiUrl)(signal) })),
  ];
}
