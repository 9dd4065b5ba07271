// The live view of a run (docs/live-view.md), started once per run: the run's Prometheus targets file
// and endpoints.json (always; each column fills them through live-pass.ts), a sampler exporter for
// what only the conductor measures, k6's tags (testid, scenario, column), and with `--prometheus` a
// Prometheus on the run's TSDB (or, with `--prometheus-url`, an existing one k6 pushes to).
import path from "node:path";
import { requirePrometheus } from "../../infra/prometheus-bin.ts";
import { startPrometheus, type RunningPrometheus } from "../../infra/prometheus.ts";
import { errors } from "../../lib/errors.ts";
import { startSamplerExporter, writeJsonAtomically, writeTargetsFile, type DiscoveredTarget, type SamplerExporter } from "../../metrics/index.ts";
import type { ColumnEndpoints } from "./endpoints.ts";

/** off: files and exporter only; prometheus: start one; url: push k6 to (and point users at) an existing one. */
export type LiveMode = { kind: "off" } | { kind: "prometheus" } | { kind: "url"; url: string };

export interface LiveViewOptions {
  runDir: string;
  scenario: string;
  mode: LiveMode;
  log: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

/** Files of a run's live view, inside the run folder. */
export function liveFiles(runDir: string) {
  return {
    targets: path.join(runDir, "prometheus-targets.json"),
    endpoints: path.join(runDir, "endpoints.json"),
    tsdb: path.join(runDir, "prometheus"),
    config: path.join(runDir, "prometheus.yml"),
    log: path.join(runDir, "prometheus.log"),
  };
}

export interface LiveView {
  /** The run's id in labels and k6's testid: `<time>` of reports/<scenario>/<time>/ (`<time>/repeat-<i>` for repeats). */
  readonly runId: string;
  readonly scenario: string;
  readonly files: ReturnType<typeof liveFiles>;
  readonly exporter: SamplerExporter;
  /** The Prometheus this run feeds (started or given), if any. */
  readonly prometheus?: { url: string; started: boolean };
  /** `k6 run` flags and environment for one column: tags on every metric, remote write when there is a Prometheus. */
  k6For(column: string): { args: string[]; env: Record<string, string> };
  /** Rewrites the targets file with `column`'s targets and endpoints.json with its endpoints (earlier columns kept there). */
  publish(column: string, endpoints: ColumnEndpoints, targets: readonly DiscoveredTarget[]): void;
  /** The column stopped: its targets leave the targets file; endpoints.json keeps it, marked stopped. */
  retire(column: string): void;
  stop(): Promise<void>;
}

/** Default k6 system tags without `url` (one series per task id) and `scenario` (ours names the taskstorm scenario). */
const K6_SYSTEM_TAGS = "proto,subproto,status,method,name,group,check,error,error_code,tls_version,expected_response";

export function runIdOf(runDir: string): string {
  const base = path.basename(runDir);
  return /^repeat-\d+$/.test(base) ? `${path.basename(path.dirname(runDir))}/${base}` : base;
}

export async function startLiveView(o: LiveViewOptions): Promise<LiveView> {
  const files = liveFiles(o.runDir);
  const runId = runIdOf(o.runDir);
  writeJsonAtomically(files.targets, []);
  const exporter = await startSamplerExporter();
  let prometheus: RunningPrometheus | undefined;
  let given: string | undefined;
  try {
    if (o.mode.kind === "prometheus") {
      const bin = await requirePrometheus(o.env);
      prometheus = await startPrometheus({
        binPath: bin.path, dataDir: files.tsdb, configFile: files.config, targetsFile: files.targets, logFile: files.log,
        selfLabels: { testid: runId, scenario: o.scenario },
      });
      o.log(`prometheus ${bin.version}: ${prometheus.url} (TSDB ${files.tsdb}; scrapes ${files.targets} every 1 s)`);
    } else if (o.mode.kind === "url") {
      given = o.mode.url.replace(/\/+$/, "");
      const ready = await fetch(`${given}/-/ready`, { signal: AbortSignal.timeout(3_000) }).then((r) => r.ok, () => false);
      o.log(`prometheus (given): ${given}${ready ? "" : " (not answering /-/ready now: k6 will push to it anyway)"}; add to its scrape_configs: ` +
        `{job_name: taskstorm, scrape_interval: 1s, file_sd_configs: [{files: [${JSON.stringify(files.targets)}]}]}`);
    }
  } catch (e) {
    await exporter.close();
    throw e;
  }
  const url = prometheus?.url ?? given;
  o.log(`live view: targets ${files.targets}, endpoints ${files.endpoints}`);
  const columns: Record<string, ColumnEndpoints & { stopped?: true }> = {};
  let current: string | null = null;
  const writeEndpoints = () => writeJsonAtomically(files.endpoints, {
    runId, scenario: o.scenario, updatedAt: new Date().toISOString(), current, targetsFile: files.targets,
    prometheus: url ? { url, ...(prometheus ? { tsdb: files.tsdb, remoteWrite: prometheus.remoteWriteUrl } : {}) } : null, columns,
  });
  return {
    runId,
    scenario: o.scenario,
    files,
    exporter,
    ...(url ? { prometheus: { url, started: prometheus !== undefined } } : {}),
    k6For(column): { args: string[]; env: Record<string, string> } {
      const tags = { testid: runId, scenario: o.scenario, column };
      const args = [...Object.entries(tags).flatMap(([k, v]) => ["--tag", `${k}=${v}`]), `--system-tags=${K6_SYSTEM_TAGS}`];
      if (!url) return { args, env: {} };
      return {
        args: [...args, "--out", "experimental-prometheus-rw"],
        env: {
          K6_PROMETHEUS_RW_SERVER_URL: `${url}/api/v1/write`, K6_PROMETHEUS_RW_PUSH_INTERVAL: "1s",
          K6_PROMETHEUS_RW_TREND_STATS: "p(50),p(95),p(99),avg,max,count", K6_PROMETHEUS_RW_STALE_MARKERS: "true",
        },
      };
    },
    publish(column, endpoints, targets) {
      current = column;
      columns[column] = endpoints;
      writeTargetsFile(files.targets, targets);
      writeEndpoints();
    },
    retire(column) {
      writeTargetsFile(files.targets, []);
      if (columns[column]) columns[column] = { ...columns[column], stopped: true };
      if (current === column) current = null;
      writeEndpoints();
    },
    async stop() {
      const failures: unknown[] = [];
      await prometheus?.stop().catch((e: unknown) => failures.push(e));
      await exporter.close().catch((e: unknown) => failures.push(e));
      if (prometheus) o.log(`prometheus stopped; to look at this run again: prometheus --storage.tsdb.path=${files.tsdb} --config.file=/dev/null (docs/live-view.md)`);
      if (failures.length) throw errors.infraFailed("stopping the live view", failures.map(String).join("; "), failures[0]);
    },
  };
}

/** Parses the CLI's --prometheus / --prometheus-url into a mode (bad input -> invalid-argument). */
export function liveModeOf(prometheus: boolean | undefined, prometheusUrl: string | undefined): LiveMode {
  if (prometheus && prometheusUrl) throw errors.invalidArgument("--prometheus-url", prometheusUrl, "either --prometheus or --prometheus-url, not both");
  if (prometheusUrl !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(prometheusUrl);
    } catch {
      throw errors.invalidArgument("--prometheus-url", prometheusUrl, "an http(s) URL of a Prometheus, e.g. http://127.0.0.1:9090");
    }
    if (!/^https?:$/.test(parsed.protocol)) throw errors.invalidArgument("--prometheus-url", prometheusUrl, "an http(s) URL of a Prometheus, e.g. http://127.0.0.1:9090");
    return { kind: "url", url: prometheusUrl };
  }
  return prometheus ? { kind: "prometheus" } : { kind: "off" };
}
