// The agent's contract on loopback, with a real `taskstorm agent` process and real parts: a wrong or
// missing token is refused (401) and nothing runs; unknown fields are refused; a part starts and
// reports ready; kill -9, SIGSTOP/SIGCONT and a restart under the same name act on the real process;
// its files come back; its clock answers (skewed when asked); it binds only its address; a lapsed lease
// and SIGTERM each stop everything it started.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { beforeAll, inject, describe, expect, it } from "vitest";
import { AGENT_AUTH_HEADER, AGENT_PATHS, type AgentPartRequest } from "../contracts/index.ts";
import { freePort } from "../infra/ports.ts";
import { createDatabase, dropDatabase } from "../infra/postgres.ts";
import { withTimeout } from "../lib/errors.ts";
import { pollUntil } from "../lib/poll.ts";
import { spawnTestAgent } from "../testing/agent.ts";
import { newMarker, processesWithMarker } from "../testing/leaks.ts";
import { testNodeConfig } from "../testing/server-support.ts";

let tentaclePort = 0;
beforeAll(async () => void (tentaclePort = await freePort()));

const fleetPart = (name: string): AgentPartRequest => ({
  name, role: "fleet", logFile: `col/logs/${name}.log`,
  config: {
    fleetName: name, seed: 1, tentacles: [{ id: "Machines-1", listenHost: "127.0.0.1", listenPort: tentaclePort }],
    scriptDurationMs: { min: 0, max: 0 }, scriptFailureRate: 0, historyFile: `col/history-parts/${name}.ndjson`,
  },
});

const alive = (pid: number) => fs.existsSync(`/proc/${pid}`);

describe("taskstorm agent", () => {
  it("refuses a wrong or missing token (401) and unknown fields (400), running nothing", async () => {
    const marker = newMarker();
    await using agent = await spawnTestAgent({ marker });
    for (const header of [{}, { [AGENT_AUTH_HEADER]: "Bearer wrong-token-wrong-token" }, { [AGENT_AUTH_HEADER]: agent.token }]) {
      const res = await fetch(`${agent.url}${AGENT_PATHS.parts}`, { method: "POST", headers: { ...header, "content-type": "application/json" }, body: JSON.stringify(fleetPart("fleet-1")) });
      expect(res.status).toBe(401);
    }
    expect((await agent.client.usage()).parts).toEqual([]);
    expect(await agent.client.files("")).toEqual([]);
    await expect(agent.client.call("POST", AGENT_PATHS.lease, { ttlMs: 1000, extra: 1 })).rejects.toThrow(/answered 400: .*Unrecognized key.*extra/);
    await expect(agent.client.startPart({ ...fleetPart("fleet-1"), logFile: "../../outside.log" })).rejects.toThrow(/answered 400: .*inside it/);
    await expect(agent.client.call("GET", `${AGENT_PATHS.parts}/nobody`)).rejects.toThrow(/answered 404/);
  }, 60_000);

  it("starts a part, kills it -9, starts it again under the same name, and serves its files", async () => {
    const marker = newMarker();
    await using agent = await spawnTestAgent({ marker });
    const first = await agent.client.startPart(fleetPart("fleet-1"));
    expect(first.ready).toMatchObject({ tentacles: 1 });
    expect((await agent.client.status("fleet-1")).state).toBe("running");
    await expect(agent.client.startPart(fleetPart("fleet-1"))).rejects.toThrow(/answered 400: .*not running/);
    await agent.client.signal("fleet-1", "SIGKILL");
    expect(await agent.client.waitExit("fleet-1", 10_000)).toEqual({ code: null, signal: "SIGKILL" });
    expect(alive(first.pid)).toBe(false);
    const second = await agent.client.startPart(fleetPart("fleet-1"));
    expect(second.pid).not.toBe(first.pid);
    await agent.client.stop("fleet-1");
    const files = (await agent.client.files("col")).map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(["col/logs/fleet-1.log", "col/history-parts/fleet-1.ndjson"]));
    const copy = path.join(agent.dir, "copy.ndjson");
    await agent.client.download("col/history-parts/fleet-1.ndjson", copy);
    expect(fs.readFileSync(copy, "utf8")).toBe(fs.readFileSync(path.join(agent.dir, "agent/col/history-parts/fleet-1.ndjson"), "utf8"));
  }, 60_000);

  it("pauses and resumes a real node (SIGSTOP/SIGCONT): it stops answering and answers again", async () => {
    const marker = newMarker();
    await using agent = await spawnTestAgent({ marker });
    const adminUrl = inject("pgAdminUrl");
    const name = `agent_${marker.slice(-8)}`;
    await createDatabase(adminUrl, name);
    const db = new URL(adminUrl);
    db.pathname = `/${name}`;
    const started = await agent.client.startPart({ name: "node-1", role: "node", logFile: "col/logs/node-1.log", config: testNodeConfig({ databaseUrl: db.toString(), historyFile: "col/history-parts/node-1.ndjson" }) });
    const url = String(started.ready.url);
    const healthy = () => fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) }).then((r) => r.status === 200, () => false);
    expect(await healthy()).toBe(true);
    await agent.client.signal("node-1", "SIGSTOP");
    await pollUntil("the node to be stopped", 5_000, async () => (await agent.client.status("node-1")).state === "stopped");
    expect(await healthy()).toBe(false);
    await agent.client.signal("node-1", "SIGCONT");
    await pollUntil("the node to answer again", 10_000, healthy);
    expect(await agent.client.stop("node-1")).toEqual({ code: 0, signal: null });
    await dropDatabase(adminUrl, name);
  }, 60_000);

  it("answers its clock (with the skew it was given) and binds only its own address", async () => {
    const marker = newMarker();
    await using agent = await spawnTestAgent({ marker, clockSkewMs: 5_000 });
    const before = Date.now();
    const now = await agent.client.clockMs();
    expect(now - Date.now()).toBeGreaterThan(4_000);
    expect(now - before).toBeLessThan(6_000);
    const port = Number(new URL(agent.url).port);
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: "127.0.0.2", port }, () => (socket.destroy(), resolve(false)));
      socket.once("error", () => resolve(true));
    });
    expect(refused).toBe(true);
  }, 30_000);

  it("stops everything it started when its lease lapses, and on SIGTERM", async () => {
    for (const how of ["lease", "SIGTERM"] as const) {
      const marker = newMarker();
      await using agent = await spawnTestAgent({ marker, leaseMs: how === "lease" ? 3_000 : 60_000 });
      const part = await agent.client.startPart(fleetPart("fleet-1"));
      expect(alive(part.pid)).toBe(true);
      if (how === "SIGTERM") agent.child.kill("SIGTERM");
      expect(await withTimeout(`the agent to stop (${how})`, 20_000, agent.exited)).toBe(0);
      expect(agent.output()).toMatch(how === "lease" ? /lease lapsed/ : /SIGTERM/);
      expect(alive(part.pid)).toBe(false);
      expect(processesWithMarker(marker)).toEqual([]);
    }
  }, 60_000);
});
