// A hung Toxiproxy control API (the server SIGSTOPped, as in Shopify/toxiproxy#558) during heal: the
// run kills it, starts a fresh server with every proxy on the same address, and the faults count as
// healed; faults applied after the recovery heal normally.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultWindowValue } from "../contracts/index.ts";
import { runTimeline, selectTargets, type TargetUniverse } from "../faults/index.ts";
import { makeRecorder, readHistory } from "../history/index.ts";
import { freePort } from "../infra/ports.ts";
import { requireTool } from "../testing/tools.ts";
import { startRecoverableToxiproxy, type RecoverableToxiproxy } from "./recoverable-toxiproxy.ts";
import { rttMs as rttTo } from "../testing/rtt.ts";

let dir: string;
let server: http.Server;
let toxiproxy: RecoverableToxiproxy;
const recoveries: string[] = [];
const listen = new Map<string, string>();

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-recover-"));
  server = http.createServer((_, res) => res.end("ok"));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const upstream = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  toxiproxy = await startRecoverableToxiproxy(
    { binPath: await requireTool("toxiproxy-server"), logFile: path.join(dir, "toxiproxy.log"), callTimeoutMs: 800 },
    (why) => recoveries.push(why),
  );
  for (const name of ["Machines-1", "Machines-2"]) listen.set(name, `127.0.0.1:${await freePort()}`);
  await toxiproxy.populate([...listen].map(([name, address]) => ({ name, listen: address, upstream, enabled: true })));
});

afterAll(async () => {
  await toxiproxy?.stop();
  server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const rttMs = (name: string) => rttTo(listen.get(name)!);

const isAlive = (pid: number) => fs.existsSync(`/proc/${pid}`) && !fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.startsWith("Z");

describe("recoverable toxiproxy", () => {
  it("recovers a hung control API during heal: fresh server, same proxies, faults healed", async () => {
    const universe: TargetUniverse = { tentacles: [...listen.keys()].map((id) => ({ id, roles: [], proxyNames: [id] })), nodes: [], fleets: [] };
    const recorder = makeRecorder(path.join(dir, "faults.ndjson"), "faults");
    const step = { atS: 0, forS: 60, kind: "latency", stream: "downstream" as const, toxicity: 1, attributes: { latencyMs: 400 } };
    const timeline = runTimeline([{ ...step, targets: selectTargets("all", universe, 1, "s") }], { toxiproxy }, recorder, Date.now());
    await expect.poll(() => timeline.activeCount(), { timeout: 5_000 }).toBe(1);
    expect(await rttMs("Machines-1")).toBeGreaterThanOrEqual(400);

    const hungPid = toxiproxy.pid;
    process.kill(hungPid, "SIGSTOP");
    expect(await timeline.healAll()).toEqual([]);
    expect(recoveries).toHaveLength(1);
    expect(recoveries[0]).toMatch(/heal of latency failed: .*did not finish within 800 ms/);
    expect(toxiproxy.epoch()).toBe(1);
    expect(toxiproxy.pid).not.toBe(hungPid);
    expect(isAlive(hungPid)).toBe(false);
    expect(await rttMs("Machines-1")).toBeLessThan(100); // same listen address, no toxic

    // a fault applied after the recovery is applied and healed on the new server
    const again = runTimeline([{ ...step, targets: selectTargets({ ids: ["Machines-2"] }, universe, 1, "s") }], { toxiproxy }, recorder, Date.now());
    await expect.poll(() => again.activeCount(), { timeout: 5_000 }).toBe(1);
    expect(await rttMs("Machines-2")).toBeGreaterThanOrEqual(400);
    expect(await again.healAll()).toEqual([]);
    expect(await rttMs("Machines-2")).toBeLessThan(100);
    expect(recoveries).toHaveLength(1);

    await recorder.close();
    const ops = await readHistory(recorder.filePath);
    expect(ops.map((o) => o.type)).toEqual(["invoke", "ok", "invoke", "ok"]);
    expect((ops[1]!.value as FaultWindowValue).error).toBeUndefined();
  });
});
