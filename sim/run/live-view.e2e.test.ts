// End to end through the real CLI with --prometheus: a shortened smoke run (both columns) on real
// PostgreSQL, toxiproxy-server, nodes, fleet, k6 and Prometheus. While it runs: every target in its
// file_sd file passes `promtool check metrics`, toxiproxy-cli lists its proxies and adds and removes
// a toxic by hand, which the run reports as a manual fault, and a node the timeline restarts is
// republished. Afterwards: summary.json holds the manual window, and a Prometheus serving the run's
// TSDB answers every dashboard panel's query with a series per column, k6's series all carrying the
// run's testid. Nothing the run started (Prometheus included) outlives it.
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import type { RunSummary } from "../contracts/index.ts";
import { freePort } from "../infra/ports.ts";
import { pollUntil } from "../lib/poll.ts";
import { stopProcess } from "../lib/stop-process.ts";
import type { TargetGroup } from "../metrics/index.ts";
import { spawnCli } from "../testing/cli.ts";
import { MARKER_VAR, newMarker, processesWithMarker } from "../testing/leaks.ts";
import { PROM_CLIENT_FLAGGED, promtoolProblems } from "../testing/promtool.ts";
import { requirePrometheusTools, requireTool } from "../testing/tools.ts";
import { dashboardQueries, expandQuery, queryRange } from "../testing/dashboards.ts";

const run = promisify(execFile);
const reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-live-"));
afterAll(() => fs.rmSync(reportsDir, { recursive: true, force: true }));

const COLUMNS = ["pessimistic", "optimistic"];
const ARGS = [
  "run", "smoke", "--reports-dir", reportsDir, "--prometheus", "--invalid-measurement", "warn",
  "--set", 'load.stages=[{"rateRps":2,"durationS":20}]',
  "--set", 'faults=[{"atS":2,"forS":4,"kind":"latency","target":{"fraction":0.2},"attributes":{"latencyMs":100}},{"atS":8,"forS":2,"kind":"restart","target":{"nodes":["node-2"]},"attributes":{}}]',
];

const readJson = <T>(file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as T;

describe("taskstorm run smoke --prometheus (shortened), watched live", () => {
  it("serves every target, takes a toxic by hand as a manual fault, and leaves a TSDB that answers the dashboard", async () => {
    const { prometheus, promtool } = await requirePrometheusTools();
    const cli = await requireTool("toxiproxy-cli");
    const marker = newMarker();
    const taskstorm = spawnCli(ARGS, marker);
    await taskstorm.waitForOutput(/pessimistic: load \+ faults/, 150_000);
    const runDir = /run folder: (\S+)/.exec(taskstorm.output())![1]!;

    // live: every target answers, and promtool finds nothing of ours to flag
    const targets = readJson<TargetGroup[]>(path.join(runDir, "prometheus-targets.json"));
    expect(targets.map((g) => g.labels.process).sort()).toEqual(["faults", "fleet-1", "node-1", "node-2", "node-3", "postgres", "toxiproxy-0"]);
    for (const g of targets) {
      expect(g.labels).toMatchObject({ testid: path.basename(runDir), scenario: "smoke", column: "pessimistic" });
      const res = await fetch(`http://${g.targets[0]}${g.labels.__metrics_path__ ?? "/metrics"}`, { signal: AbortSignal.timeout(10_000) });
      expect(res.status, g.labels.process).toBe(200);
      const problems = await promtoolProblems(promtool, await res.text());
      expect(problems.filter((p) => !PROM_CLIENT_FLAGGED.includes(p.metric)), g.labels.process).toEqual([]);
    }

    // poke it by hand: toxiproxy-cli against the address endpoints.json gives
    const endpoints = readJson<{ current: string; columns: Record<string, { toxiproxy: { apiUrl: string }[]; postgres: string }> }>(path.join(runDir, "endpoints.json"));
    expect(endpoints.current).toBe("pessimistic");
    const column = endpoints.columns.pessimistic!;
    expect(column.postgres).toMatch(/^postgres:\/\/[^:]+:\*\*\*@/);
    const host = ["-h", column.toxiproxy[0]!.apiUrl];
    const list = (await run(cli, [...host, "list"])).stdout;
    const proxy = /^(Machines-\S+)\t/m.exec(list)![1]!;
    await run(cli, [...host, "toxic", "add", "-t", "latency", "-a", "latency=50", "-n", "by-hand", proxy]);
    await taskstorm.waitForOutput(new RegExp(`pessimistic: manual fault seen: ${proxy}: toxic by-hand`), 30_000);
    const live = readJson<{ prometheus: { url: string } }>(path.join(runDir, "endpoints.json")).prometheus.url;
    await pollUntil("the run's Prometheus to show the manual fault", 30_000, async () => {
      const res = await fetch(`${live}/api/v1/query?${new URLSearchParams({ query: 'taskstorm_fault_active{kind="manual", column="pessimistic"} == 1' })}`);
      return ((await res.json()) as { data: { result: unknown[] } }).data.result.length > 0;
    }, 250);
    await run(cli, [...host, "toxic", "delete", "-n", "by-hand", proxy]);
    await taskstorm.waitForOutput(new RegExp(`pessimistic: manual fault gone: ${proxy}: toxic by-hand`), 30_000);
    await taskstorm.waitForOutput(/pessimistic: node-2 restarted; targets and endpoints rewritten/, 60_000);

    expect(await taskstorm.exited, taskstorm.output()).toBe(0);
    expect(processesWithMarker(marker)).toEqual([]);
    const summary = readJson<RunSummary>(path.join(runDir, "summary.json"));
    const manual = summary.faults.filter((f) => f.kind === "manual");
    expect(manual).toEqual([expect.objectContaining({ strategy: "pessimistic", target: expect.stringContaining(`${proxy}: toxic by-hand`) })]);
    expect(manual[0]!.endMs).toBeGreaterThan(manual[0]!.startMs);
    expect(readJson<TargetGroup[]>(path.join(runDir, "prometheus-targets.json"))).toEqual([]);

    // afterwards: the run's TSDB, served the way docs/live-view.md says
    const port = await freePort();
    const server = spawn(prometheus, [`--storage.tsdb.path=${path.join(runDir, "prometheus")}`, "--config.file=/dev/null", `--web.listen-address=127.0.0.1:${port}`], {
      stdio: "ignore", env: { ...process.env, [MARKER_VAR]: marker },
    });
    const url = `http://127.0.0.1:${port}`;
    try {
      await pollUntil("prometheus on the run's TSDB", 60_000, () => fetch(`${url}/-/ready`).then((r) => r.ok, () => false), 200);
      const startMs = Date.parse(summary.startedAt);
      const range = { startMs, endMs: startMs + summary.durationMs };
      const testid = path.basename(runDir);
      for (const q of dashboardQueries()) {
        for (const c of COLUMNS) {
          const series = await queryRange(url, expandQuery(q.expr, { testid, column: c }), range);
          expect(series.length, `${q.panel} ${q.refId} for ${c}: ${q.expr}`).toBeGreaterThan(0);
          expect(series.every((s) => s.metric.column === c), `${q.panel} ${q.refId}`).toBe(true);
        }
      }
      expect(await queryRange(url, `count by (testid) ({__name__=~"k6_.+", testid!="${testid}"})`, range)).toEqual([]);
      const k6 = await queryRange(url, `count by (testid, column) (k6_http_reqs_total{testid="${testid}"})`, range);
      expect(k6.map((s) => s.metric.column).sort()).toEqual([...COLUMNS].sort());
      const windows = await queryRange(url, `taskstorm_fault_active{testid="${testid}", column="pessimistic"} == 1`, range);
      expect(windows.map((s) => s.metric.kind).sort()).toEqual(["latency", "manual", "restart"]);
    } finally {
      await stopProcess(server, { graceMs: 10_000 });
    }
    expect(processesWithMarker(marker)).toEqual([]);
  }, 420_000);
});
