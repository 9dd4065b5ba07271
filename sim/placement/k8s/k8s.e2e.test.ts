// The conductor's half of --placement k8s without a cluster: real agents stand in for the pods (one
// loopback address each, one token, found by the "DNS names" of a run description), the Kubernetes API
// and k6-operator are a stand-in (sim/testing/fake-kube.ts) running real k6 runners from the archive the
// conductor ships. A shortened smoke column passes every check with each node's database link in its
// own pod, the load split over two runners whose ops and summaries come back through the results
// folder, and the column's ConfigMap and TestRun deleted after it. Needs root (the runners' /tmp).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../../infra/ports.ts";
import { runScenario } from "../../run/lifecycle.ts";
import { loadScenario } from "../../scenario/index.ts";
import { spawnTestAgent } from "../../testing/agent.ts";
import { startFakeKube } from "../../testing/fake-kube.ts";
import { newMarker, processesWithMarker } from "../../testing/leaks.ts";
import { requireTool } from "../../testing/tools.ts";
import type { K8sRunFile } from "./run-file.ts";

const root = process.getuid?.() === 0;
if (!root && process.env.CI) throw new Error("CI is set and tests never skip in CI: the k8s placement test needs root (the stand-in runners mount their /tmp)");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-k8s-e2e-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const quiet = { phase: () => {}, update: () => {}, log: () => {}, close: () => {} };

describe.skipIf(!root)(`the k8s placement, conductor side${root ? "" : " (skipped: needs root)"}`, () => {
  it("runs a smoke column through pod agents and a TestRun of two runners: every check holds, every part comes back, nothing is left", async () => {
    const marker = newMarker();
    const token = randomBytes(24).toString("hex");
    const tokenFile = path.join(dir, "token");
    fs.writeFileSync(tokenFile, token, { mode: 0o600 });
    const pods = [["node-1", "127.71.0.1"], ["node-2", "127.71.0.2"], ["node-3", "127.71.0.3"], ["fleet-1", "127.71.1.1"]] as const;
    const port = await freePort("127.71.0.1");
    const agents = await Promise.all(pods.map(([, address]) => spawnTestAgent({ marker, host: address, port, token })));
    const k6Path = await requireTool("k6");
    await using kube = await startFakeKube({ token, k6Path, resultsDir: path.join(dir, "k6-results"), workDir: dir, marker });
    try {
      const runFile: K8sRunFile = {
        runId: "e2e1", namespace: "perf", image: "local", scenario: "smoke", agentPort: port, tokenFile,
        hosts: pods.map(([name, address]) => ({ name, dns: address })), k6: { claimName: "ts-e2e1-k6", size: { cpuCores: 0.5, memoryBytes: 256 << 20 } },
      };
      fs.writeFileSync(path.join(dir, "run.json"), JSON.stringify(runFile));
      const loaded = await loadScenario("smoke", [
        { strategies: ["optimistic"] }, { load: { stages: [{ rateRps: 2, durationS: 12 }], instances: 2 } },
        { faults: [{ atS: 2, forS: 6, kind: "latency", target: { database: ["node-2"] }, attributes: { latencyMs: 50 } }] },
      ]);
      const result = await runScenario(loaded, {
        postgres: { kind: "url", url: inject("pgAdminUrl") }, progress: quiet, signal: new AbortController().signal, reportsDir: path.join(dir, "reports"),
        placement: { kind: "k8s", runFile: path.join(dir, "run.json"), api: { baseUrl: kube.baseUrl, tokenFile }, resultsDir: path.join(dir, "k6-results") },
      });
      const s = result.summary.strategies.optimistic!;
      expect(s.accepted).toBeGreaterThan(10);
      expect(s.completed).toBe(s.accepted);
      for (const [name, check] of Object.entries(s.checks)) expect(check.valid, name).toBe(true);
      expect(result.summary.placement).toMatchObject({ kind: "k8s", k6Instances: 2 });
      expect(result.summary.faults).toEqual([expect.objectContaining({ kind: "latency", endMs: expect.any(Number) })]);
      expect(result.summary.placement!.hosts.map((h) => h.name)).toEqual(pods.map(([name]) => name));
      const column = path.join(result.runDir, "optimistic");
      // each node's database link in its own pod: a toxiproxy-server per node, logged and scraped
      for (const node of ["node-1", "node-2", "node-3"]) expect(fs.existsSync(path.join(column, "logs", `toxiproxy-db-${node}.log`)), node).toBe(true);
      // every toxiproxy-server is sampled as a shard: the three database links, then the fleet's
      const metrics = fs.readFileSync(path.join(column, "metrics.ndjson"), "utf8");
      for (const shard of [0, 1, 2, 3]) expect(metrics, `toxiproxy-${shard}`).toContain(`"target":"toxiproxy-${shard}","ok":true`);
      for (const file of ["k6-ops-1.ndjson", "k6-ops-2.ndjson", "k6-summary-1.json", "k6-summary-2.json", "k6-1.log", "k6-summary.json", "history-parts/node-2.ndjson", "history-parts/fleet-1.ndjson"]) {
        expect(fs.statSync(path.join(column, file)).size, file).toBeGreaterThan(0);
      }
      const creates = fs.readFileSync(path.join(column, "history.ndjson"), "utf8").split("\n").filter((l) => l.includes('"f":"deployment:create"'));
      expect(creates.length).toBeGreaterThanOrEqual(s.accepted);
      for (const kind of ["configmaps", "secrets"]) {
        expect(kube.requests.filter((r) => r.includes(`/${kind}`))).toEqual([`POST /api/v1/namespaces/perf/${kind}`, `DELETE /api/v1/namespaces/perf/${kind}/ts-e2e1-load-1`]);
      }
      expect(kube.requests).toContain("DELETE /apis/k6.io/v1alpha1/namespaces/perf/testruns/ts-e2e1-load-1");
      expect(kube.testRuns.size + kube.configMaps.size + kube.secrets.size).toBe(0);
      // the column's API key reached the runners (every deployment was accepted) from its Secret, never through the ConfigMap
      const [apiKey] = kube.created.filter((o) => o.kind === "Secret").map((o) => o.stringData["api-key"] as string);
      expect(apiKey).toMatch(/.{16,}/);
      const configMapText = kube.created.filter((o) => o.kind === "ConfigMap").map((o) => JSON.stringify(o.data) + Buffer.from(o.binaryData["archive.tar"], "base64").toString("latin1")).join("");
      expect(configMapText).toContain('"startRateRps"');
      expect(configMapText).not.toContain(apiKey);
      for (const agent of agents) expect((await agent.client.usage().catch(() => ({ parts: [] }))).parts, agent.url).toEqual([]);
    } finally {
      await Promise.all(agents.map((a) => a[Symbol.asyncDispose]()));
    }
    expect(processesWithMarker(marker)).toEqual([]);
  }, 300_000);
});
