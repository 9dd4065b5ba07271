// Integration: the real k6 binary runs scripts/deployments.ts against a tiny in-test HTTP node.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { API_KEY_HEADER, type DeploymentCreateValue, type HistoryOp, type LoadPlan } from "../contracts/index.ts";
import { readHistory } from "../history/index.ts";
import { freePorts } from "../infra/ports.ts";
import { pollUntil } from "../lib/poll.ts";
import { MARKER_VAR, newMarker, processesWithMarker } from "../testing/leaks.ts";
import { requireTool } from "../testing/tools.ts";
import { runK6Instances } from "./k6-instances.ts";
import { K6_DEPLOYMENTS_SCRIPT as SCRIPT, runK6, startK6 } from "./k6-runner.ts";
import { isAlive } from "../testing/processes.ts";

const API_KEY = "API-TEST";
type Behaviour = (count: number, req: http.IncomingMessage, res: http.ServerResponse) => void;

let k6Path: string;
const cleanups: Array<() => Promise<unknown>> = [];
beforeAll(async () => {
  k6Path = await requireTool("k6");
});
const marker = newMarker();
const env = { [MARKER_VAR]: marker };
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  expect(processesWithMarker(marker), "k6 processes left running").toEqual([]);
});

const created: Behaviour = (count, _req, res) =>
  void res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ Id: `Deployments-${count}`, TaskId: `ServerTasks-${count}` }));

/** A node that answers /healthz with `healthStatus` and POST /api/deployments with `behaviour`. */
async function startNode(behaviour: Behaviour, healthStatus = 200) {
  const seen = { posts: 0, apiKeys: new Set<string | undefined>(), bodies: [] as unknown[] };
  const server = http.createServer((req, res) => {
    if (req.url === "/healthz") return void res.writeHead(healthStatus).end();
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk));
    req.on("end", () => {
      seen.posts++;
      seen.apiKeys.add(req.headers[API_KEY_HEADER.toLowerCase()] as string | undefined);
      seen.bodies.push(JSON.parse(body));
      behaviour(seen.posts, req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

async function makeRunDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "k6-runner-test-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function makePlan(nodeUrl: string, runDir: string, rateRps: number, durationS: number): LoadPlan {
  return {
    nodeUrls: [nodeUrl],
    apiKey: API_KEY,
    startRateRps: rateRps,
    stages: [{ rateRps, durationS }],
    preAllocatedVUs: 2,
    maxVUs: 10,
    deployments: [
      { projectId: "Projects-1", environmentId: "Environments-1" },
      { projectId: "Projects-2", environmentId: "Environments-2", tenantId: "Tenants-1" },
    ],
    summaryFile: join(runDir, "k6-summary.json"),
    thresholds: { http_req_failed: ["rate<0.01"] },
  };
}

describe("runK6 with scripts/deployments.ts", () => {
  it("creates deployments at 5 rps for 3 s and records one ok op per create", async () => {
    const node = await startNode(created);
    const runDir = await makeRunDir();
    const result = await runK6({ k6Path, scriptPath: SCRIPT, plan: makePlan(node.url, runDir, 5, 3), runDir, env });

    expect(result).toMatchObject({ exitCode: 0, thresholdsFailed: false, aborted: false });
    const ops = (await readHistory(result.opsFile)) as HistoryOp<DeploymentCreateValue>[];
    expect(ops.length).toBeGreaterThanOrEqual(13);
    expect(ops.length).toBeLessThanOrEqual(17);
    expect(ops.length).toBe(node.seen.posts);
    for (const op of ops) expect(op).toMatchObject({ actor: "k6", type: "ok", f: "deployment:create", value: { status: 201 } });
    expect(new Set(ops.map((op) => op.value.taskId)).size).toBe(ops.length);
    expect(ops.filter((op) => op.value.tenantId === "Tenants-1").length).toBe(Math.floor(ops.length / 2));
    expect([...node.seen.apiKeys]).toEqual([API_KEY]);
    expect(node.seen.bodies[1]).toEqual({ ProjectId: "Projects-2", EnvironmentId: "Environments-2", TenantId: "Tenants-1" });

    const summary = JSON.parse(readFileSync(result.summaryFile, "utf8"));
    expect(summary.metrics.iterations.values.count).toBe(ops.length);
    expect(readFileSync(result.logFile, "utf8")).toMatch(/thresholds: all passed/);
    // the key reached the node, yet no file k6 left in the run folder holds it (it went in the environment)
    for (const file of readdirSync(runDir)) expect(readFileSync(join(runDir, file), "utf8"), file).not.toContain(API_KEY);
    expect(readFileSync(result.logFile, "utf8")).not.toContain(API_KEY); // nor k6's argv, which the log's first line repeats
  }, 30_000);

  it("records failures as fail, network errors as info, and reports crossed thresholds as exit 99", async () => {
    const node = await startNode((count, req, res) => (count % 2 === 0 ? req.socket.destroy() : void res.writeHead(500).end("boom")));
    const runDir = await makeRunDir();
    const result = await runK6({ k6Path, scriptPath: SCRIPT, plan: makePlan(node.url, runDir, 4, 1), runDir, env });

    expect(result).toMatchObject({ exitCode: 99, thresholdsFailed: true });
    const ops = (await readHistory(result.opsFile)) as HistoryOp<DeploymentCreateValue>[];
    expect(ops.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ops.map((op) => op.type))).toEqual(new Set(["fail", "info"]));
    for (const op of ops.filter((o) => o.type === "fail")) expect(op.value).toMatchObject({ status: 500, error: "boom" });
    for (const op of ops.filter((o) => o.type === "info")) expect(op.value.error).toBeTruthy();
  }, 30_000);

  it("fails fast in setup (exit 107, no creates) when a node is unhealthy", async () => {
    const node = await startNode(created, 503);
    const runDir = await makeRunDir();
    const result = await runK6({ k6Path, scriptPath: SCRIPT, plan: makePlan(node.url, runDir, 5, 30), runDir, env });

    expect(result.exitCode).toBe(107);
    expect(result.durationMs).toBeLessThan(10_000);
    expect(node.seen.posts).toBe(0);
    expect(readFileSync(result.logFile, "utf8")).toMatch(/healthz answered 503, expected 200/);
  }, 30_000);

  it("stops k6 when aborted mid-run and leaves no k6 process behind", async () => {
    const node = await startNode(created);
    const runDir = await makeRunDir();
    const controller = new AbortController();
    const running = runK6({ k6Path, scriptPath: SCRIPT, plan: makePlan(node.url, runDir, 5, 60), runDir, signal: controller.signal, env });
    cleanups.push(() => (controller.abort(), running.catch(() => undefined)));
    await pollUntil("k6 to create deployments", 15_000, () => node.seen.posts >= 3, 50);
    const abortedAt = performance.now();
    controller.abort();
    const result = await running;

    expect(performance.now() - abortedAt).toBeLessThan(10_000);
    expect(result).toMatchObject({ aborted: true, exitCode: 105 });
    expect(isAlive(result.pid)).toBe(false);
    expect(existsSync(result.summaryFile)).toBe(true);
    expect(result.durationMs).toBeLessThan(30_000);
  }, 30_000);

  it("splits one arrival-rate stage over 2 instances (segments, released together through their REST APIs) within 2% of the total, each iteration once", async () => {
    const node = await startNode(created);
    const runDir = await makeRunDir();
    const plan = makePlan(node.url, runDir, 20, 10); // 20/s for 10 s: 200 iterations in all
    const restPorts = await freePorts(2);
    const load = await runK6Instances(2, (segment, paused) => startK6({
      k6Path, scriptPath: SCRIPT, plan, runDir, env, segment, paused, restAddress: `127.0.0.1:${restPorts[segment.index]}`,
    }), { summaryFile: plan.summaryFile });

    expect(load).toMatchObject({ exitCode: 0, thresholdsFailed: false, aborted: false });
    expect(load.instances.map((r) => r.opsFile.split("/").pop())).toEqual(["k6-ops-1.ndjson", "k6-ops-2.ndjson"]);
    const perInstance = await Promise.all(load.instances.map(async (r) => (await readHistory(r.opsFile)) as HistoryOp<DeploymentCreateValue>[]));
    const counts = perInstance.map((ops) => ops.length);
    const total = counts[0]! + counts[1]!;
    console.log(`k6 split: ${counts.join(" + ")} = ${total} of 200 requested`);
    expect(Math.abs(total - 200)).toBeLessThanOrEqual(4);
    expect(Math.abs(counts[0]! - counts[1]!)).toBeLessThanOrEqual(2);
    const iterations = perInstance.flat().map((op) => op.value.iteration);
    expect(new Set(iterations).size).toBe(total);
    const merged = JSON.parse(readFileSync(load.summaryFile, "utf8"));
    expect(merged).toMatchObject({ instances: 2, metrics: { iterations: { values: { count: total } } } });
    expect(merged.metrics.http_req_failed.thresholds["rate<0.01"]).toEqual({ ok: true });
  }, 60_000);
});
