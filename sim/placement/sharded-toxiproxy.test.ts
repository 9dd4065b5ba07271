// Faults over proxies sharded on two real toxiproxy-servers: each call reaches the server holding its
// proxy, healAll resets both, and a hung shard is recovered along with the other.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTimeline, type ToxiproxyControl } from "../faults/index.ts";
import { makeRecorder } from "../history/index.ts";
import { freePort } from "../infra/ports.ts";
import { requireTool } from "../testing/tools.ts";
import { startRecoverableToxiproxy, type RecoverableToxiproxy } from "./recoverable-toxiproxy.ts";
import { shardedToxiproxy } from "./sharded-toxiproxy.ts";
import { rttMs as rttTo } from "../testing/rtt.ts";

let dir: string;
let server: http.Server;
const servers: RecoverableToxiproxy[] = [];
const listen = new Map<string, string>();
let control: ToxiproxyControl;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-sharded-"));
  server = http.createServer((_, res) => res.end("ok"));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const upstream = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const bin = await requireTool("toxiproxy-server");
  for (const [i, name] of ["Machines-1", "Machines-2"].entries()) {
    const shard = await startRecoverableToxiproxy({ binPath: bin, logFile: path.join(dir, `toxiproxy-${i}.log`), callTimeoutMs: 800 });
    servers.push(shard);
    listen.set(name, `127.0.0.1:${await freePort()}`);
    await shard.populate([{ name, listen: listen.get(name)!, upstream, enabled: true }]);
  }
  control = shardedToxiproxy(servers.map((s, i) => ({ control: s, proxyNames: [`Machines-${i + 1}`] })));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const rttMs = (name: string) => rttTo(listen.get(name)!);

const step = { atS: 0, forS: 60, kind: "latency", stream: "downstream" as const, toxicity: 1, attributes: { latencyMs: 300 } };
const bothTargets = { proxyNames: ["Machines-1", "Machines-2"], processNames: [], description: "both shards" };

describe("sharded toxiproxy control", () => {
  it("routes each proxy's calls to its server and resets both on healAll", async () => {
    const timeline = runTimeline([{ ...step, targets: bothTargets }], { toxiproxy: control }, makeRecorder(path.join(dir, "a.ndjson"), "faults"), Date.now());
    await expect.poll(() => timeline.activeCount(), { timeout: 5_000 }).toBe(1);
    expect(await rttMs("Machines-1")).toBeGreaterThanOrEqual(300);
    expect(await rttMs("Machines-2")).toBeGreaterThanOrEqual(300);
    expect(await timeline.healAll()).toEqual([]);
    expect(await rttMs("Machines-1")).toBeLessThan(100);
    expect(await rttMs("Machines-2")).toBeLessThan(100);
  });

  it("recovers every shard when one hangs during heal", async () => {
    const timeline = runTimeline([{ ...step, targets: bothTargets }], { toxiproxy: control }, makeRecorder(path.join(dir, "b.ndjson"), "faults"), Date.now());
    await expect.poll(() => timeline.activeCount(), { timeout: 5_000 }).toBe(1);
    process.kill(servers[1]!.pid, "SIGSTOP");
    expect(await timeline.healAll()).toEqual([]);
    expect(control.epoch?.()).toBe(2);
    expect(await rttMs("Machines-1")).toBeLessThan(100);
    expect(await rttMs("Machines-2")).toBeLessThan(100);
  });
});
