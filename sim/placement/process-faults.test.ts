// Process and database faults on real server nodes (real processes, real PostgreSQL, each node behind
// its own Toxiproxy link to the database), wired as a run wires them: the effect shows on the targeted
// node and not on the other, and healing leaves both running and healthy.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { faultKind, selectTargets, type Fault, type FaultDeps, type TargetSelector, type TargetUniverse } from "../faults/index.ts";
import { validateScenario } from "../scenario/index.ts";
import { makeTestDatabase, type TestDatabase } from "../testing/database.ts";
import { requireTool } from "../testing/tools.ts";
import * as lib from "../lib/proc.ts";
import { planDatabaseProxies } from "../plan/database-proxies.ts";
import { nodeConfigs } from "../plan/node-config.ts";
import { processMap } from "../run/faults.ts";
import { portOf } from "../plan/ports.ts";
import { makeLocalPlacement } from "./local.ts";
import type { Placement } from "./placement.ts";
import { startNodes, type RunningNode } from "./nodes.ts";
import { startRecoverableToxiproxy, type RecoverableToxiproxy } from "./recoverable-toxiproxy.ts";

const POOL_SIZE = 2;
const ACQUIRE_TIMEOUT_MS = 500;
let dir: string;
let db: TestDatabase;
let toxiproxy: RecoverableToxiproxy;
let nodes: RunningNode[] = [];
let deps: FaultDeps;
let universe: TargetUniverse;
let placement: Placement;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-process-faults-"));
  db = await makeTestDatabase();
  toxiproxy = await startRecoverableToxiproxy({ binPath: await requireTool("toxiproxy-server"), logFile: path.join(dir, "toxiproxy.log"), callTimeoutMs: 5_000 });
  const names = ["node-1", "node-2"];
  placement = await makeLocalPlacement({ k6: await requireTool("k6"), toxiproxy: await requireTool("toxiproxy-server") });
  const dbProxies = planDatabaseProxies(db.url, new Map(names.map((n) => [n, `${placement.hostOf("db").address}:${portOf(`db/link-${n}`)}`])));
  await toxiproxy.populate(dbProxies.proxies);
  const spec = validateScenario({ name: "process-faults", description: "test", server: { nodes: 2, dbPoolSize: POOL_SIZE } }, "test");
  const started: RunningNode[] = [];
  try {
    const configs = nodeConfigs({
      spec, strategy: { name: "pessimistic", label: "pessimistic", options: {} }, databaseUrlFor: dbProxies.urlFor, apiKey: "API-TEST", historyDir: dir,
      hostOf: (name) => placement.hostOf(name).address, apiPorts: new Map(names.map((n) => [n, portOf(n)])), nodeOverrides: { dbAcquireTimeoutMs: ACQUIRE_TIMEOUT_MS },
    });
    nodes = await startNodes(placement, configs, { logFileOf: (name) => path.join(dir, `${name}.log`), readyTimeoutMs: 30_000 }, (node) => started.push(node));
  } finally {
    nodes = started;
  }
  deps = { toxiproxy, processes: processMap(nodes.map((n) => n.process)), database: { url: db.url } };
  universe = { tentacles: [], nodes: names.map((name) => ({ name, databaseProxy: dbProxies.proxyOf(name) })), fleets: [] };
}, 90_000);

afterAll(async () => {
  await Promise.all(nodes.map((n) => n.process.stop("SIGTERM")));
  await toxiproxy?.stop();
  await placement?.close();
  await db?.[Symbol.asyncDispose]();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Nodes come up in any order; tests address them by name. */
const byName = (name: string): RunningNode => nodes.find((n) => n.name === name)!;

async function apply(kind: string, target: TargetSelector, attributes: Record<string, unknown> = {}): Promise<Fault> {
  const k = faultKind(kind);
  const fault = k.make(deps);
  await fault.start(selectTargets(target, universe, 1, kind), { stream: "downstream", toxicity: 1, attributes: k.attributes.parse(attributes) as Record<string, unknown> });
  return fault;
}

/** GET /healthz: status and time, or "timeout" / the connection error code. */
async function health(node: RunningNode, timeoutMs = 2_000): Promise<{ status?: number; body?: string; error?: string; ms: number }> {
  const started = performance.now();
  try {
    const res = await fetch(`${node.url}/healthz`, { headers: { connection: "close" }, signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, body: await res.text(), ms: performance.now() - started };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    return { error: err.name === "TimeoutError" ? "timeout" : err.cause?.code ?? err.message, ms: performance.now() - started };
  }
}

const processState = (pid: number) => lib.processState(pid) ?? "gone";

describe("process faults on real nodes", () => {
  it("kill -9: the process is gone and refuses connections, the other node is fine; heal starts it again on the same URL", async () => {
    const [one, two] = [byName("node-1"), byName("node-2")];
    const pid = one.process.pid()!;
    const fault = await apply("kill", { nodes: ["node-1"] });
    expect(["gone", "Z"]).toContain(processState(pid));
    expect(one.process.pid()).toBeUndefined();
    expect((await health(one)).error).toBe("ECONNREFUSED");
    expect((await health(two)).status).toBe(200);
    await fault.stop();
    expect(one.process.pid()).not.toBe(pid);
    expect((await health(one)).status).toBe(200);
  });

  it("kill with restartOnHeal false leaves the node down after heal", async () => {
    const one = byName("node-1");
    const fault = await apply("kill", { nodes: ["node-1"] }, { restartOnHeal: false });
    await fault.stop();
    expect(one.process.pid()).toBeUndefined();
    await one.process.start(); // the run would leave it down; the next tests need it
    expect((await health(one)).status).toBe(200);
  });

  it("pause: the node stops answering /healthz and answers again after heal", async () => {
    const [one, two] = [byName("node-1"), byName("node-2")];
    const pid = one.process.pid()!;
    const fault = await apply("pause", { nodes: ["node-1"] });
    expect(processState(pid)).toBe("T");
    expect((await health(one, 700)).error).toBe("timeout");
    expect((await health(two)).status).toBe(200);
    await fault.stop();
    expect(one.process.pid()).toBe(pid);
    expect((await health(one)).status).toBe(200);
  });

  it("restart: a new process with the same name and URL, running and healthy", async () => {
    const one = byName("node-1");
    const pid = one.process.pid()!;
    const starts = one.process.starts();
    const fault = await apply("restart", { nodes: ["node-1"] });
    expect(one.process.pid()).not.toBe(pid);
    expect(one.process.starts()).toBe(starts + 1);
    expect((await health(one)).status).toBe(200);
    await fault.stop();
    expect((await health(one)).status).toBe(200);
  });
});

describe("database faults on one node's link", () => {
  it("latency between node-1 and PostgreSQL slows node-1's database work only", async () => {
    const [one, two] = [byName("node-1"), byName("node-2")];
    await health(one); // a pooled connection exists before the fault
    const fault = await apply("latency", { database: ["node-1"] }, { latencyMs: 300 });
    const slow = await health(one);
    expect(slow.status).toBe(200);
    expect(slow.ms).toBeGreaterThanOrEqual(300);
    expect((await health(two)).ms).toBeLessThan(150);
    await fault.stop();
    expect((await health(one)).ms).toBeLessThan(150);
  });

  it("down between node-1 and PostgreSQL: node-1 reports the database unavailable, node-2 does not", async () => {
    const [one, two] = [byName("node-1"), byName("node-2")];
    const fault = await apply("down", { database: ["node-1"] });
    const cut = await health(one);
    expect(cut.status).toBe(503);
    expect(cut.body).toMatch(/database unavailable/);
    expect((await health(two)).status).toBe(200);
    await fault.stop();
    await expect.poll(async () => (await health(one)).status, { timeout: 5_000 }).toBe(200);
  });

  it("pool-squeeze: node-1's pool runs dry (acquire timeout) while node-2 is fine; heal gives the connections back", async () => {
    const [one, two] = [byName("node-1"), byName("node-2")];
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      const backends = async () =>
        (await admin.query<{ pid: number }>({ text: "select pid from pg_stat_activity where application_name = $1", values: ["node-1"] })).rows.map((r) => r.pid);
      // fill node-1's pool: concurrent requests until it holds POOL_SIZE connections
      await expect.poll(async () => (await Promise.all(Array.from({ length: 4 }, () => health(one))), (await backends()).length), { timeout: 10_000 }).toBe(POOL_SIZE);
      const fault = await apply("pool-squeeze", { nodes: ["node-1"] }, { stuckConnections: POOL_SIZE });
      expect((await backends()).map(processState)).toEqual(["T", "T"]);

      const during = await Promise.all(Array.from({ length: 3 }, () => health(one, 3_000)));
      expect(during.filter((r) => r.status === 200)).toEqual([]);
      const dry = during.filter((r) => r.status === 503);
      expect(dry.length).toBeGreaterThan(0);
      // the reply names no database text (an error id); the node's log has the cause under that id
      const errorId = (JSON.parse(dry[0]!.body!) as { ErrorId: string }).ErrorId;
      const log = fs.readFileSync(path.join(dir, "node-1.log"), "utf8").split("\n").find((line) => line.includes(errorId)) ?? "";
      expect(log).toMatch(/timeout exceeded when trying to connect/);
      expect((await health(two)).status).toBe(200);

      await fault.stop();
      expect((await backends()).map(processState).filter((s) => s === "T")).toEqual([]);
      await expect.poll(async () => (await health(one)).status, { timeout: 5_000 }).toBe(200);
    } finally {
      await admin.end();
    }
  });
});
