// A fleet process's GET /metrics (prom-client, one Registry, default label fleet=<fleetName>): its
// tentacles by mode and how many are down, scripts running and finished by outcome (counted from the
// journal's script:run ops), failed polling connects, and prom-client's process metrics (CPU, RSS).
import http from "node:http";
import client from "prom-client";
import type { HistoryOp } from "../contracts/index.ts";

export const FLEET_METRIC_NAMES = [
  "sim_fleet_tentacles", "sim_fleet_tentacles_down", "sim_fleet_scripts_running", "sim_fleet_scripts_finished_total",
  "sim_fleet_polling_connect_failures_total",
] as const;

/** Read at scrape time. */
export interface FleetMetricSources {
  tentacles: () => { listening: number; polling: number; down: number };
  pollingFailures: () => number;
}

export interface FleetMetrics {
  registry: client.Registry;
  /** Counts a journal op (script:run invoke starts a script; ok, fail or info ends it). */
  observe(op: HistoryOp): void;
}

export function makeFleetMetrics(fleetName: string, sources: FleetMetricSources): FleetMetrics {
  const registry = new client.Registry();
  registry.setDefaultLabels({ fleet: fleetName });
  client.collectDefaultMetrics({ register: registry });
  const registers = [registry];
  new client.Gauge({
    name: "sim_fleet_tentacles", help: "Tentacles hosted by this fleet process, by mode", labelNames: ["mode"], registers,
    collect() { const t = sources.tentacles(); this.set({ mode: "listening" }, t.listening); this.set({ mode: "polling" }, t.polling); },
  });
  new client.Gauge({
    name: "sim_fleet_tentacles_down", help: "Tentacles crashed and not yet restarted", registers,
    collect() { this.set(sources.tentacles().down); },
  });
  const running = new client.Gauge({ name: "sim_fleet_scripts_running", help: "Scripts started and not yet finished", registers });
  const finished = new client.Counter({
    name: "sim_fleet_scripts_finished_total", help: "Scripts finished, by outcome (ok: exit 0, fail: non-zero, info: killed or halted)", labelNames: ["outcome"], registers,
  });
  for (const outcome of ["ok", "fail", "info"]) finished.inc({ outcome }, 0);
  new client.Counter({
    name: "sim_fleet_polling_connect_failures_total", help: "Polling connection attempts that failed", registers,
    collect() { this.reset(); this.inc(sources.pollingFailures()); },
  });
  return {
    registry,
    observe(op) {
      if (op.f !== "script:run") return;
      if (op.type === "invoke") return void running.inc();
      running.dec();
      finished.inc({ outcome: op.type });
    },
  };
}

export interface MetricsServer {
  /** http://host:port/metrics */
  url: string;
  close(): Promise<void>;
}

/** Serves the registry on host:port (GET /metrics; anything else 404). */
export async function serveMetrics(registry: client.Registry, host: string, port: number): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    if (req.method !== "GET" || req.url !== "/metrics") return void res.writeHead(404).end();
    registry.metrics().then(
      (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
      (err: Error) => res.writeHead(500, { "content-type": "text/plain" }).end(err.message),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => reject(new Error(`fleet metrics could not listen on ${host}:${port}: ${err.code ?? err.message}`)));
    server.listen(port, host, resolve);
  });
  return {
    url: `http://${host}:${port}/metrics`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
