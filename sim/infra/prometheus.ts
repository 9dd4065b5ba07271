// A Prometheus server for one run: scrapes every target of a file_sd targets file (and itself) every
// second, keeps its TSDB in the run folder, accepts remote write (k6), is ready when /-/ready answers,
// and stops on SIGTERM (the TSDB stays readable: `prometheus --storage.tsdb.path=<dir>` serves it again).
import fs from "node:fs";
import path from "node:path";
import { errors } from "../lib/errors.ts";
import { pollUntil } from "../lib/poll.ts";
import { spawnTied } from "../lib/spawn-tied.ts";
import { hasExited, stopProcess } from "../lib/stop-process.ts";
import { freePort } from "./ports.ts";

export interface PrometheusOptions {
  binPath: string;
  /** TSDB folder (created). */
  dataDir: string;
  /** Where the config is written. */
  configFile: string;
  /** Prometheus file_sd targets file the `taskstorm` job reads (created empty when missing). */
  targetsFile: string;
  /** Labels on Prometheus's own series (its self-scrape), e.g. the run's testid. */
  selfLabels?: Record<string, string>;
  /** Address to listen on; default 127.0.0.1 (port: a free one). */
  host?: string;
  logFile: string;
  /** Default 1 s. */
  scrapeIntervalMs?: number;
  /** Default 60 s (a cold start replays nothing, but a loaded machine is slow). */
  readyTimeoutMs?: number;
}

export interface RunningPrometheus {
  /** Base URL, e.g. http://127.0.0.1:40123. */
  url: string;
  /** Where remote write (k6's experimental-prometheus-rw output) posts. */
  remoteWriteUrl: string;
  pid: number;
  /** SIGTERM (flushes the head to the WAL), SIGKILL after 30 s. Idempotent. */
  stop(): Promise<void>;
}

/** The config: the file_sd job every 1 s (timeout 90% of it), and Prometheus itself. */
export function prometheusConfig(o: { targetsFile: string; self: string; selfLabels?: Record<string, string>; scrapeIntervalMs?: number }): string {
  const intervalMs = o.scrapeIntervalMs ?? 1_000;
  const labels = Object.entries({ process: "prometheus", ...o.selfLabels }).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(", ");
  return [
    "# Written by taskstorm (sim/infra/prometheus.ts) for one run.",
    "global:",
    `  scrape_interval: ${intervalMs}ms`,
    `  scrape_timeout: ${Math.floor(intervalMs * 0.9)}ms`,
    `  evaluation_interval: ${intervalMs}ms`,
    "scrape_configs:",
    "  - job_name: taskstorm",
    "    file_sd_configs:",
    `      - files: [${JSON.stringify(o.targetsFile)}]`,
    "        refresh_interval: 1s",
    "  - job_name: prometheus",
    "    static_configs:",
    `      - targets: [${JSON.stringify(o.self)}]`,
    `        labels: { ${labels} }`,
    "",
  ].join("\n");
}

const START_ATTEMPTS = 3;

export async function startPrometheus(o: PrometheusOptions): Promise<RunningPrometheus> {
  fs.mkdirSync(o.dataDir, { recursive: true });
  if (!fs.existsSync(o.targetsFile)) fs.writeFileSync(o.targetsFile, "[]\n");
  let lastError: unknown;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    try {
      return await startOnce(o);
    } catch (e) {
      lastError = e;
      // a free port taken between our probe and Prometheus's bind: try another; anything else is final
      if (!/address already in use/.test(fs.readFileSync(o.logFile, "utf8").slice(-4096))) throw e;
    }
  }
  throw lastError;
}

async function startOnce(o: PrometheusOptions): Promise<RunningPrometheus> {
  const host = o.host ?? "127.0.0.1";
  const listen = `${host}:${await freePort(host)}`;
  fs.writeFileSync(o.configFile, prometheusConfig({ targetsFile: path.resolve(o.targetsFile), self: listen, ...(o.selfLabels ? { selfLabels: o.selfLabels } : {}), ...(o.scrapeIntervalMs ? { scrapeIntervalMs: o.scrapeIntervalMs } : {}) }));
  const args = [
    `--config.file=${path.resolve(o.configFile)}`, `--storage.tsdb.path=${path.resolve(o.dataDir)}`, `--web.listen-address=${listen}`,
    "--web.enable-remote-write-receiver", "--storage.tsdb.retention.time=100y", "--log.level=warn",
  ];
  const log = fs.openSync(o.logFile, "a");
  fs.writeSync(log, `$ ${o.binPath} ${args.join(" ")}\n`);
  const child = spawnTied(o.binPath, args, { stdio: ["ignore", log, log] });
  fs.closeSync(log);
  const url = `http://${listen}`;
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= stopProcess(child, { graceMs: 30_000 }));
  try {
    await pollUntil(`prometheus on ${url} to be ready`, o.readyTimeoutMs ?? 60_000, async () => {
      if (hasExited(child)) throw errors.processFailed("prometheus", `exited early (${child.exitCode ?? child.signalCode}); see ${o.logFile}`);
      return await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) }).then((r) => r.ok, () => false);
    }, 100);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, remoteWriteUrl: `${url}/api/v1/write`, pid: child.pid!, stop };
}
