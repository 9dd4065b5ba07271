// Serves what only the conductor measures (the PostgreSQL and Toxiproxy samplers, the fault windows)
// to Prometheus: GET /metrics/<name> answers the latest families set for <name>, 503 with the error
// when its last sample failed, 404 for a name never set. It holds no state of its own beyond the last
// sample, so the scraper keeps one request per second per sampler whoever else reads them.
import http from "node:http";
import type { ScrapedFamily } from "../contracts/index.ts";
import { renderPromText } from "./prom-render.ts";

/** HELP texts of the families the samplers and the fault gauge produce. */
const HELP: Readonly<Record<string, string>> = {
  pg_sessions: "Sessions of the run's database by state and wait event (pg_stat_activity)",
  pg_locks: "Locks held or awaited in the run's database by type, mode and granted (pg_locks)",
  pg_deadlocks_total: "Deadlocks detected in the run's database (pg_stat_database)",
  pg_xact_commit_total: "Transactions committed in the run's database (pg_stat_database)",
  pg_xact_rollback_total: "Transactions rolled back in the run's database (pg_stat_database)",
  toxiproxy_proxies: "Toxiproxy proxies by enabled",
  toxiproxy_toxics: "Toxiproxy toxics by type and stream",
  taskstorm_fault_active: "1 while a fault window is open (timeline or manual), 0 after it healed",
};

export interface SamplerExporter {
  /** Base URL, e.g. http://127.0.0.1:40111; a name is served at `${url}/metrics/${name}`. */
  url: string;
  host: string;
  port: number;
  /** Replaces what `name` serves. */
  set(name: string, sample: ScrapedFamily[] | { error: string }): void;
  /** Forgets every name (a new column starts). */
  clear(): void;
  close(): Promise<void>;
}

export async function startSamplerExporter(host = "127.0.0.1", port = 0): Promise<SamplerExporter> {
  const latest = new Map<string, ScrapedFamily[] | { error: string }>();
  const server = http.createServer((req, res) => {
    const name = /^\/metrics\/([\w.-]+)$/.exec(req.url ?? "")?.[1];
    const sample = name === undefined ? undefined : latest.get(name);
    if (req.method !== "GET" || sample === undefined) return void res.writeHead(404).end();
    if (!Array.isArray(sample)) return void res.writeHead(503, { "content-type": "text/plain" }).end(sample.error);
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" }).end(renderPromText(sample, (f) => HELP[f]));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const bound = (server.address() as { port: number }).port;
  return {
    url: `http://${host}:${bound}`,
    host,
    port: bound,
    set: (name, sample) => void latest.set(name, sample),
    clear: () => latest.clear(),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
