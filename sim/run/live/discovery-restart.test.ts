// Integration: a real node process restarted by the `restart` fault comes back on another port (it
// listens on port 0, as a placement that moves ports would), and the column's Prometheus targets
// file and endpoints.json follow it there; the new address answers /metrics. Nothing outlives the test.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { faultKind } from "../../faults/index.ts";
import { makeRecorder } from "../../history/index.ts";
import type { TargetGroup } from "../../metrics/index.ts";
import { nodeUrlOf, startNodeProcess } from "../../placement/node-process.ts";
import { startRestartable } from "../../placement/restartable.ts";
import { makeTestDatabase } from "../../testing/database.ts";
import { MARKER_VAR, newMarker, processesWithMarker } from "../../testing/leaks.ts";
import { testNodeConfig } from "../../testing/server-support.ts";
import { startLivePass } from "./live-pass.ts";
import { startLiveView } from "./live-view.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-discovery-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const readJson = <T>(file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as T;

describe("discovery follows a restarted node", () => {
  it("rewrites the targets file and endpoints.json with the node's new port", { timeout: 90_000 }, async () => {
    const marker = newMarker();
    await using db = await makeTestDatabase();
    const config = testNodeConfig({ databaseUrl: db.url, historyFile: path.join(dir, "node-1.ndjson"), port: 0 });
    const node = await startRestartable("node-1", () => startNodeProcess(config, { logFile: path.join(dir, "node-1.log"), env: { [MARKER_VAR]: marker } }));
    const lines: string[] = [];
    const view = await startLiveView({ runDir: dir, scenario: "discovery", mode: { kind: "off" }, log: (l) => lines.push(l) });
    const recorder = makeRecorder(path.join(dir, "faults.ndjson"), "faults");
    const live = startLivePass(view, {
      column: "optimistic", nodes: [{ name: "node-1", url: nodeUrlOf(node.current()), process: node }], fleets: [], toxiproxies: [],
      postgresUrl: db.url, samplers: [],
    }, recorder, (l) => lines.push(l));
    try {
      const nodeTarget = () => readJson<TargetGroup[]>(view.files.targets).find((g) => g.labels.process === "node-1")!;
      const before = nodeTarget();
      expect(before.labels).toMatchObject({ testid: path.basename(dir), scenario: "discovery", column: "optimistic", role: "node" });

      const restart = faultKind("restart").make({ toxiproxy: { call: () => Promise.reject(new Error("no toxiproxy here")) }, processes: new Map([["node-1", node]]) });
      await restart.start({ proxyNames: [], processNames: ["node-1"], description: "node-1" }, { stream: "downstream", toxicity: 1, attributes: { signal: "SIGTERM", rolling: false } });
      await restart.stop();

      const after = nodeTarget();
      expect(node.starts()).toBe(2);
      expect(after.targets).not.toEqual(before.targets);
      expect(after.targets).toEqual([new URL(nodeUrlOf(node.current())).host]);
      const endpoints = readJson<{ columns: Record<string, { nodes: { metricsUrl: string }[] }> }>(view.files.endpoints);
      expect(endpoints.columns.optimistic!.nodes[0]!.metricsUrl).toBe(`http://${after.targets[0]}/metrics`);
      const res = await fetch(`http://${after.targets[0]}/metrics`, { signal: AbortSignal.timeout(5_000) });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("sim_tasks");
      expect(lines).toContain("optimistic: node-1 restarted; targets and endpoints rewritten (addresses changed)");
    } finally {
      await live.close();
      await view.stop();
      await recorder.close();
      await node.stop("SIGTERM");
    }
    expect(readJson<TargetGroup[]>(view.files.targets)).toEqual([]);
    expect(processesWithMarker(marker)).toEqual([]);
  });
});
