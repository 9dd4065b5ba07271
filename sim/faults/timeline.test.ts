// Real toxiproxy-server in front of small HTTP servers owned by the test: the latency fault slows the
// targeted proxies only, for its window, and the window lands in the history.
import http from "node:http";
import type { AddressInfo } from "node:net";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultWindowValue } from "../contracts/index.ts";
import { readHistory } from "../history/reader.ts";
import { makeRecorder } from "../history/recorder.ts";
import { startToxiproxy, type StartedToxiproxy } from "../infra/toxiproxy.ts";
import { freePort } from "../infra/ports.ts";
import { requireTool } from "../testing/tools.ts";
import { runTimeline, selectTargets, validateFaultSteps } from "./index.ts";

const UPSTREAMS = 6;
let dir: string;
let toxiproxy: StartedToxiproxy;
const servers: http.Server[] = [];
const listenByName = new Map<string, string>();

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-faults-"));
  toxiproxy = await startToxiproxy({ binPath: await requireTool("toxiproxy-server"), logFile: path.join(dir, "toxiproxy.log") });
  const proxies = [];
  for (let i = 0; i < UPSTREAMS; i++) {
    const server = http.createServer((_, res) => res.end("ok"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    servers.push(server);
    const listen = `127.0.0.1:${await freePort()}`;
    listenByName.set(`Machines-${i + 1}`, listen);
    proxies.push({ name: `Machines-${i + 1}`, listen, upstream: `127.0.0.1:${(server.address() as AddressInfo).port}`, enabled: true });
  }
  await toxiproxy.populate(proxies);
});

afterAll(async () => {
  await toxiproxy?.stop();
  for (const s of servers) s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Median round-trip of a fresh GET through the proxy named `name`, in ms. */
async function medianRttMs(name: string, samples = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    const res = await fetch(`http://${listenByName.get(name)}/`, { headers: { connection: "close" } });
    await res.text();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(samples / 2)]!;
}

describe("fault timeline on real Toxiproxy", () => {
  it("slows the targeted proxies by the configured latency during the window, and no others", async () => {
    const ids = [...listenByName.keys()];
    const targets = selectTargets({ fraction: 0.5 }, ids, 42, "step-0");
    expect(targets.proxyNames).toHaveLength(3);
    const untouched = ids.filter((id) => !targets.proxyNames.includes(id));
    const recorder = makeRecorder(path.join(dir, "faults.ndjson"), "faults");
    const startMs = Date.now();
    const timeline = runTimeline(
      [{ atS: 0, forS: 30, kind: "latency", targets, stream: "downstream", toxicity: 1, attributes: { latencyMs: 150 } }],
      { toxiproxy },
      recorder,
      startMs,
    );
    await expect.poll(() => timeline.activeCount(), { timeout: 5_000 }).toBe(1);

    const slowed = await medianRttMs(targets.proxyNames[0]!);
    const normal = await medianRttMs(untouched[0]!);
    expect(slowed).toBeGreaterThanOrEqual(150);
    expect(slowed).toBeLessThan(150 + 100);
    expect(normal).toBeLessThan(50);

    await timeline.healAll();
    await timeline.finished;
    expect(timeline.activeCount()).toBe(0);
    expect(await medianRttMs(targets.proxyNames[0]!)).toBeLessThan(50);

    await recorder.close();
    const ops = await readHistory(recorder.filePath);
    expect(ops.map((o) => o.type)).toEqual(["invoke", "ok"]);
    const window = ops[0]!.value as FaultWindowValue;
    expect(window.targets).toEqual(targets.proxyNames);
    expect(ops[0]!.time).toBeGreaterThanOrEqual(startMs);
    expect(ops[1]!.time).toBeGreaterThan(ops[0]!.time);
  });

  it("is seeded: the same seed and step pick the same targets, another seed others", () => {
    const ids = Array.from({ length: 100 }, (_, i) => `Machines-${i + 1}`);
    const a = selectTargets({ fraction: 0.2 }, ids, 1, "s0").proxyNames;
    expect(selectTargets({ fraction: 0.2 }, ids, 1, "s0").proxyNames).toEqual(a);
    expect(selectTargets({ fraction: 0.2 }, ids, 2, "s0").proxyNames).not.toEqual(a);
    expect(a).toHaveLength(20);
  });

  it("rejects unknown kinds and bad attributes before anything runs", () => {
    expect(validateFaultSteps([{ kind: "latencee", attributes: {} }])[0]).toMatch(/faults\.0\.kind: got "latencee", expected one of latency/);
    expect(validateFaultSteps([{ kind: "latency", attributes: { latencyMs: -1 } }])[0]).toMatch(/faults\.0\.attributes\.latencyMs/);
  });
});
