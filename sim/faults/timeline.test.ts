// The timeline on a real toxiproxy-server in front of small HTTP servers owned by the test: a step
// applies at its time, heals after forS or on healAll, and its window lands in the history with real
// start and end; a step that cannot apply closes its window as info; a hung control API (the server
// SIGSTOPped) makes healAll report the problem within the call timeouts instead of hanging.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultWindowValue } from "../contracts/index.ts";
import { readHistory } from "../history/reader.ts";
import { makeRecorder } from "../history/recorder.ts";
import { freePort } from "../infra/ports.ts";
import { startToxiproxy, type RunningToxiproxy } from "../infra/toxiproxy.ts";
import { requireTool } from "../testing/tools.ts";
import { runTimeline, selectTargets, type TargetUniverse } from "./index.ts";
import { medianRttMs as medianRttTo } from "../testing/rtt.ts";

const UPSTREAMS = 6;
const CALL_TIMEOUT_MS = 1_000;
let dir: string;
let toxiproxy: RunningToxiproxy;
const servers: http.Server[] = [];
const listenByName = new Map<string, string>();
let universe: TargetUniverse;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-faults-"));
  toxiproxy = await startToxiproxy({ binPath: await requireTool("toxiproxy-server"), logFile: path.join(dir, "toxiproxy.log"), callTimeoutMs: CALL_TIMEOUT_MS });
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
  universe = { tentacles: [...listenByName.keys()].map((id) => ({ id, roles: ["web"], proxyNames: [id] })), nodes: [], fleets: [] };
});

afterAll(async () => {
  if (toxiproxy) process.kill(toxiproxy.pid, "SIGCONT");
  await toxiproxy?.stop();
  for (const s of servers) s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const medianRttMs = (name: string, samples?: number) => medianRttTo(listenByName.get(name)!, samples);

describe("fault timeline on real Toxiproxy", () => {
  it("applies a step at its time, slows only its targets, heals on healAll, and records the real window", async () => {
    const targets = selectTargets({ fraction: 0.5 }, universe, 42, "step-0");
    expect(targets.proxyNames).toHaveLength(3);
    const untouched = [...listenByName.keys()].filter((id) => !targets.proxyNames.includes(id));
    const recorder = makeRecorder(path.join(dir, "faults-1.ndjson"), "faults");
    const loadStartMs = Date.now();
    const timeline = runTimeline(
      [{ atS: 0.3, forS: 30, kind: "latency", targets, stream: "downstream", toxicity: 1, attributes: { latencyMs: 150 } }],
      { toxiproxy },
      recorder,
      loadStartMs,
    );
    await expect.poll(() => timeline.activeCount(), { timeout: 5_000 }).toBe(1);

    const slowed = await medianRttMs(targets.proxyNames[0]!);
    expect(slowed).toBeGreaterThanOrEqual(150);
    expect(slowed).toBeLessThan(150 + 100);
    expect(await medianRttMs(untouched[0]!)).toBeLessThan(50);

    expect(await timeline.healAll()).toEqual([]);
    await timeline.finished;
    expect(timeline.activeCount()).toBe(0);
    expect(await medianRttMs(targets.proxyNames[0]!)).toBeLessThan(50);

    await recorder.close();
    const ops = await readHistory(recorder.filePath);
    expect(ops.map((o) => `${o.type} ${o.f}`)).toEqual(["invoke fault:latency", "ok fault:latency"]);
    const [invoke, ok] = ops as [typeof ops[0], typeof ops[0]];
    const closing = ok.value as FaultWindowValue;
    expect(closing.targets).toEqual(targets.proxyNames);
    expect(closing.plannedAtMs).toBe(loadStartMs + 300);
    expect(invoke.time).toBeGreaterThanOrEqual(loadStartMs + 300);
    expect(closing.appliedAtMs).toBeGreaterThanOrEqual(invoke.time);
    expect(closing.healStartedAtMs).toBeGreaterThanOrEqual(closing.appliedAtMs!);
    expect(ok.time).toBeGreaterThanOrEqual(closing.healStartedAtMs!);
  });

  it("heals on its own after forS", async () => {
    const recorder = makeRecorder(path.join(dir, "faults-2.ndjson"), "faults");
    const targets = selectTargets({ ids: ["Machines-1"] }, universe, 1, "s");
    const timeline = runTimeline([{ atS: 0, forS: 0.5, kind: "latency", targets, stream: "downstream", toxicity: 1, attributes: { latencyMs: 200 } }], { toxiproxy }, recorder, Date.now());
    await expect.poll(() => timeline.activeCount(), { timeout: 5_000 }).toBe(1);
    await timeline.finished;
    expect(timeline.activeCount()).toBe(0);
    expect(await medianRttMs("Machines-1", 3)).toBeLessThan(50);
    await recorder.close();
    const [invoke, ok] = await readHistory(recorder.filePath);
    expect(ok!.time - invoke!.time).toBeGreaterThanOrEqual(500);
  });

  it("closes the window as info when a step cannot be applied, and leaves nothing behind", async () => {
    const recorder = makeRecorder(path.join(dir, "faults-3.ndjson"), "faults");
    const targets = { proxyNames: ["Machines-2", "no-such-proxy"], processNames: [], description: "a missing proxy" };
    const timeline = runTimeline([{ atS: 0, forS: 30, kind: "latency", targets, stream: "downstream", toxicity: 1, attributes: { latencyMs: 200 } }], { toxiproxy }, recorder, Date.now());
    await timeline.finished;
    expect(timeline.activeCount()).toBe(0);
    expect(await medianRttMs("Machines-2", 3)).toBeLessThan(50); // the half that applied was removed
    await recorder.close();
    const ops = await readHistory(recorder.filePath);
    expect(ops.map((o) => o.type)).toEqual(["invoke", "info"]);
    expect((ops[1]!.value as FaultWindowValue).error).toMatch(/could not apply: .*404/);
  });

  it("reports a hung control API within the call timeouts instead of hanging (no recovery offered)", async () => {
    const recorder = makeRecorder(path.join(dir, "faults-4.ndjson"), "faults");
    const targets = selectTargets({ ids: ["Machines-3"] }, universe, 1, "s");
    const timeline = runTimeline([{ atS: 0, forS: 30, kind: "latency", targets, stream: "downstream", toxicity: 1, attributes: { latencyMs: 100 } }], { toxiproxy }, recorder, Date.now());
    await expect.poll(() => timeline.activeCount(), { timeout: 5_000 }).toBe(1);
    process.kill(toxiproxy.pid, "SIGSTOP"); // every control call now hangs, as in Shopify/toxiproxy#558
    const started = performance.now();
    const problems = await timeline.healAll();
    const tookMs = performance.now() - started;
    process.kill(toxiproxy.pid, "SIGCONT");
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^latency on tentacles Machines-3: fault latency: heal failed with 1 proxies still faulty: toxiproxy remove toxic .* did not finish within 1000 ms$/);
    expect(problems[1]).toMatch(/final Toxiproxy reset failed and the run offers no recovery/);
    // two bounded calls; a hang would last the heal timeout (60 s). The slack covers a loaded 2-core machine.
    expect(tookMs).toBeLessThan(2 * CALL_TIMEOUT_MS + 6_000);
    await recorder.close();
    const ops = await readHistory(recorder.filePath);
    expect(ops.map((o) => o.type)).toEqual(["invoke", "info"]);
    expect((ops[1]!.value as FaultWindowValue).error).toMatch(/could not heal/);
    await toxiproxy.call("reset after the test", (c) => c.reset());
  });
});
