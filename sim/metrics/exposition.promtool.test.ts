// Integration: `promtool check metrics` on live expositions: a real node process (every sim_ family
// it documents), a real fleet process serving /metrics, and the sampler exporter serving a real
// PostgreSQL and toxiproxy-server's samples and the fault gauge. No sim_, pg_, toxiproxy_ or
// taskstorm_ family may be flagged; the only findings allowed are prom-client's own gauges named *_total.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { FLEET_METRIC_NAMES } from "../fleet/fleet-metrics.ts";
import { freePort } from "../infra/ports.ts";
import { startToxiproxy } from "../infra/toxiproxy.ts";
import { startFleet } from "../placement/fleet-process.ts";
import { nodeUrlOf, startNodeProcess } from "../placement/node-process.ts";
import { SIM_METRIC_NAMES } from "../server/metrics.ts";
import { RPC_METRIC_NAMES } from "../server/rpc/rpc-metrics.ts";
import { makeTestDatabase } from "../testing/database.ts";
import { MARKER_VAR, newMarker, processesWithMarker } from "../testing/leaks.ts";
import { PROM_CLIENT_FLAGGED, promtoolProblems } from "../testing/promtool.ts";
import { testNodeConfig } from "../testing/server-support.ts";
import { requirePrometheusTools, requireTool } from "../testing/tools.ts";
import { makeFaultGauge } from "./fault-gauge.ts";
import { makePgSampler } from "./pg-sampler.ts";
import { startSamplerExporter } from "./sampler-exporter.ts";
import { makeToxiproxySampler } from "./toxiproxy-sampler.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-promtool-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const marker = newMarker();
const env = { ...process.env, [MARKER_VAR]: marker };

const get = async (url: string) => {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  expect(res.status, url).toBe(200);
  return res.text();
};
const typesIn = (text: string) => new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));

describe("promtool check metrics on live expositions", () => {
  it("flags no family of ours on a node, a fleet process and the sampler exporter", { timeout: 120_000 }, async () => {
    const { promtool } = await requirePrometheusTools();
    await using db = await makeTestDatabase();
    const node = await startNodeProcess(testNodeConfig({ databaseUrl: db.url, historyFile: path.join(dir, "node-1.ndjson") }), { logFile: path.join(dir, "node-1.log"), env });
    const metricsPort = await freePort();
    const fleet = await startFleet({
      fleetName: "fleet-1", seed: 1, tentacles: [{ id: "Machines-1", listenHost: "127.0.0.1", listenPort: await freePort() }],
      scriptDurationMs: { min: 10, max: 10 }, scriptFailureRate: 0, historyFile: path.join(dir, "fleet-1.ndjson"), metrics: { host: "127.0.0.1", port: metricsPort },
    }, { env, logFile: path.join(dir, "fleet-1.log") });
    const toxiproxy = await startToxiproxy({ binPath: await requireTool("toxiproxy-server"), logFile: path.join(dir, "toxiproxy.log") });
    const client = new pg.Client({ connectionString: db.url });
    const exporter = await startSamplerExporter();
    try {
      await client.connect();
      const gauge = makeFaultGauge();
      gauge.observe({ time: 1, actor: "faults", type: "invoke", f: "fault:latency", value: { kind: "latency", target: "12 of 60 tentacles" } });
      exporter.set("postgres", await makePgSampler(client)());
      exporter.set("toxiproxy-0", await makeToxiproxySampler(toxiproxy.apiUrl)(AbortSignal.timeout(5_000)));
      exporter.set("faults", gauge.families());

      const expositions: Record<string, string> = {
        node: await get(`${nodeUrlOf(node)}/metrics`),
        fleet: await get(String(fleet.ready.metricsUrl)),
        ...Object.fromEntries(await Promise.all(["postgres", "toxiproxy-0", "faults"].map(async (n) => [n, await get(`${exporter.url}/metrics/${n}`)] as const))),
      };
      expect([...typesIn(expositions.node!)]).toEqual(expect.arrayContaining([...SIM_METRIC_NAMES, ...RPC_METRIC_NAMES]));
      expect([...typesIn(expositions.fleet!)]).toEqual(expect.arrayContaining([...FLEET_METRIC_NAMES]));
      expect(typesIn(expositions.faults!)).toEqual(new Set(["taskstorm_fault_active"]));
      for (const [name, text] of Object.entries(expositions)) {
        const problems = await promtoolProblems(promtool, text);
        expect(problems.filter((p) => !PROM_CLIENT_FLAGGED.includes(p.metric)), name).toEqual([]);
      }
    } finally {
      await client.end();
      await exporter.close();
      await toxiproxy.stop();
      await fleet.stop();
      await node.stop();
    }
    expect(processesWithMarker(marker)).toEqual([]);
  });
});
