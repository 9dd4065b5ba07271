// End-to-end test of one real node process (main.ts) on a fresh database, with the test's own tiny
// tentacle peer: fixtures, deployments to Success/Failed, API errors, /metrics, history, SIGTERM.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  API_KEY_HEADER, type FixtureSet, type HistoryOp, type ServerNodeResource, type TaskDetailsResource, type TaskResource,
} from "../contracts/index.ts";
import { makeTestDatabase, type TestDatabase } from "../testing/database.ts";
import { newMarker, processesWithMarker, MARKER_VAR } from "../testing/leaks.ts";
import { SIM_METRIC_NAMES } from "./metrics.ts";
import type { ManagedChild } from "../lib/child-process.ts";
import { withTimeout } from "../lib/errors.ts";
import { nodeUrlOf, startNodeProcess } from "../placement/node-process.ts";
import { startTestTentacle, type TestTentacle } from "../testing/tentacle.ts";
import { testNodeConfig } from "../testing/server-support.ts";
import { pollUntil } from "../lib/poll.ts";

const API_KEY = "API-TEST";
const marker = newMarker();
let db: TestDatabase;
let tentacle: TestTentacle;
let node: ManagedChild;
let baseUrl: string;
let tempDir: string;

const api = (route: string, init: RequestInit = {}, key: string | null = API_KEY) =>
  fetch(`${baseUrl}${route}`, { ...init, headers: { "content-type": "application/json", ...(key ? { [API_KEY_HEADER]: key } : {}) } });
const post = (route: string, body: unknown, key?: string | null) => api(route, { method: "POST", body: JSON.stringify(body) }, key);

function fixtures(endpoint: string): FixtureSet {
  const machines: FixtureSet["machines"] = Array.from({ length: 4997 }, (_, i) => ({
    id: `Machines-${i + 100}`, name: `idle-${i}`, environmentId: "Environments-3", roles: ["web"], endpoint: "http://127.0.0.1:9",
  }));
  machines.push(
    { id: "Machines-1", name: "web-1", environmentId: "Environments-1", roles: ["web", "db"], endpoint },
    { id: "Machines-2", name: "web-2", environmentId: "Environments-1", roles: ["web"], endpoint },
    { id: "Machines-bad", name: "bad", environmentId: "Environments-2", roles: ["web"], endpoint },
  );
  return {
    projects: [
      { id: "Projects-1", name: "Web", targetRole: "web", stepNames: ["Deploy", "Verify"] },
      { id: "Projects-2", name: "Reports", targetRole: "reporting", stepNames: ["Deploy"] },
      { id: "Projects-3", name: "Packaged", targetRole: "db", stepNames: ["Deploy"], packageSizeBytes: 50_000_000 },
    ],
    environments: [{ id: "Environments-1", name: "Test" }, { id: "Environments-2", name: "Staging" }, { id: "Environments-3", name: "Idle" }],
    machines,
  };
}

async function deployAndWait(projectId: string, environmentId: string): Promise<TaskResource> {
  const created = await post("/api/deployments", { ProjectId: projectId, EnvironmentId: environmentId });
  expect(created.status).toBe(201);
  const { TaskId } = (await created.json()) as { TaskId: string };
  return pollUntil(`task ${TaskId} to complete`, 15_000, async () => {
    const task = (await (await api(`/api/tasks/${TaskId}`)).json()) as TaskResource;
    return task.IsCompleted ? task : undefined;
  });
}

beforeAll(async () => {
  db = await makeTestDatabase();
  tentacle = await startTestTentacle();
  tempDir = await mkdtemp(path.join(os.tmpdir(), "server-main-test-"));
  node = await startNodeProcess(testNodeConfig({ databaseUrl: db.url, historyFile: path.join(tempDir, "history.ndjson") }), { env: { [MARKER_VAR]: marker } });
  baseUrl = nodeUrlOf(node);
}, 60_000);

afterAll(async () => {
  await node?.[Symbol.asyncDispose]();
  await tentacle?.[Symbol.asyncDispose]();
  await db?.[Symbol.asyncDispose]();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

describe("server node process", () => {
  it("seeds 5,000 machines in one call", async () => {
    const response = await post("/api/fixtures", fixtures(tentacle.endpoint));
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ Projects: 3, Environments: 3, Machines: 5000 });
  });

  it("runs a deployment to Success: every step on every target, steps in order", async () => {
    const task = await deployAndWait("Projects-1", "Environments-1");
    expect(task).toMatchObject({ State: "Success", ServerNode: "node-1", ConcurrencyTag: "Projects-1/Environments-1", ErrorMessage: null });
    const tickets = tentacle.starts.filter((s) => s.taskId === task.Id).map((s) => s.ticket);
    expect(tickets.slice(0, 2).sort()).toEqual([`${task.Id}/node-1/Deploy/Machines-1`, `${task.Id}/node-1/Deploy/Machines-2`]);
    expect(tickets.slice(2).sort()).toEqual([`${task.Id}/node-1/Verify/Machines-1`, `${task.Id}/node-1/Verify/Machines-2`]);
    expect(tentacle.starts.find((s) => s.taskId === task.Id)).toMatchObject({ node: "node-1", isolation: "FullIsolation", stepName: "Deploy" });
  });

  it("uploads the project's package to every target before the first step", async () => {
    const task = await deployAndWait("Projects-3", "Environments-1");
    expect(task.State).toBe("Success");
    expect(tentacle.uploads.filter((u) => u.taskId === task.Id)).toEqual([
      { fileId: `${task.Id}/node-1/package/Machines-1`, taskId: task.Id, targetId: "Machines-1", node: "node-1", sizeBytes: 50_000_000 },
    ]);
  });

  it("fails a deployment whose script exits non-zero, or that has no targets, saying why", async () => {
    const failed = await deployAndWait("Projects-1", "Environments-2");
    expect(failed.State).toBe("Failed");
    expect(failed.ErrorMessage).toMatch(/step "Deploy" failed on 1 of 1 targets; first: target Machines-bad: script exited with code 1/);
    const untargeted = await deployAndWait("Projects-2", "Environments-1");
    expect(untargeted).toMatchObject({ State: "Failed", ErrorMessage: expect.stringMatching(/no targets in role reporting/) });
  });

  it("shows a task's details: its transitions and its log lines", async () => {
    const task = ((await (await api("/api/tasks?states=Success")).json()) as { Items: TaskResource[] }).Items.find((t) => t.ProjectId === "Projects-1");
    const response = await api(`/api/tasks/${task!.Id}/details`);
    expect(response.status).toBe(200);
    const details = (await response.json()) as TaskDetailsResource;
    expect(details.Task).toMatchObject({ Id: task!.Id, State: "Success", HasPendingInterruptions: false, Version: expect.any(Number) });
    expect(details.Events.map((e) => `${e.FromState}->${e.ToState}`)).toEqual(["null->Queued", "Queued->Executing", "Executing->Success"]);
    expect(details.ActivityLogs.map((line) => line.Message)).toEqual(expect.arrayContaining([
      'Step "Deploy" started on 2 targets', 'Step "Verify" succeeded',
    ]));
    expect(details.ActivityLogs[0]).toMatchObject({ Node: "node-1", Category: "Info", Time: expect.any(String) });
  });

  it("cancels a queued task at once, times out an expired one, and refuses commands its state forbids", async () => {
    expect((await api("/api/nodes/node-1", { method: "PUT", body: JSON.stringify({ IsInMaintenanceMode: true }) })).status).toBe(200);
    expect((await api("/api/octopusservernodes/ping", {}, null)).status).toBe(503);
    const expiry = new Date(Date.now() + 300).toISOString();
    const [queued, expiring] = await Promise.all([
      post("/api/deployments", { ProjectId: "Projects-1", EnvironmentId: "Environments-1" }),
      post("/api/deployments", { ProjectId: "Projects-2", EnvironmentId: "Environments-2", QueueTimeExpiry: expiry }),
    ]).then((rs) => Promise.all(rs.map(async (r) => ((await r.json()) as { TaskId: string }).TaskId)));
    const canceled = await post(`/api/tasks/${queued}/cancel`, {});
    expect(canceled.status).toBe(200);
    expect(await canceled.json()).toMatchObject({ Id: queued, State: "Canceled", IsCompleted: true });
    const interruption = await api(`/api/tasks/${queued}/interruption`, { method: "PUT", body: JSON.stringify({ HasPendingInterruptions: true }) });
    expect(interruption.status).toBe(409);
    expect((await post(`/api/tasks/${queued}/cancel`, {})).status).toBe(409);
    const timedOut = await pollUntil("the expired task to time out", 10_000, async () => {
      const t = (await (await api(`/api/tasks/${expiring}`)).json()) as TaskResource;
      return t.State === "TimedOut" ? t : undefined;
    });
    expect(timedOut).toMatchObject({ ServerNode: null, StartTime: null, ErrorMessage: expect.stringMatching(/did not execute this task in a timely fashion/) });
    expect((await api("/api/nodes/node-1", { method: "PUT", body: JSON.stringify({ IsInMaintenanceMode: false }) })).status).toBe(200);
    expect((await api("/api/octopusservernodes/ping", {}, null)).status).toBe(200);
  });

  it("lists nodes with leader, liveness and settings", async () => {
    const nodes = (await (await api("/api/nodes")).json()) as ServerNodeResource[];
    expect(nodes).toEqual([expect.objectContaining({
      Name: "node-1", Rank: 1, IsLeader: true, IsOffline: false, IsInMaintenanceMode: false, MaxConcurrentTasks: 5, ActiveTasks: 0,
    })]);
    const capped = await api("/api/nodes/node-1", { method: "PUT", body: JSON.stringify({ MaxConcurrentTasks: 7 }) });
    expect(await capped.json()).toMatchObject({ Name: "node-1", MaxConcurrentTasks: 7 });
  });

  it("lists tasks by state", async () => {
    const response = await api("/api/tasks?states=Success,Failed&take=2");
    expect(response.status).toBe(200);
    const list = (await response.json()) as { Items: TaskResource[]; TotalResults: number };
    expect(list.TotalResults).toBe(4);
    expect(list.Items).toHaveLength(2);
  });

  it("answers bad requests with 400/401/404 and the field at fault", async () => {
    const cases: Array<[Promise<Response>, number, string | undefined]> = [
      [post("/api/deployments", { ProjectId: "Projects-1", EnvironmentId: "Environments-1" }, null), 401, undefined],
      [post("/api/deployments", { ProjectId: "Projects-1", EnvironmentId: "Environments-1" }, "wrong"), 401, undefined],
      [post("/api/deployments", { EnvironmentId: "Environments-1" }), 400, "ProjectId"],
      [post("/api/deployments", { ProjectId: "Projects-9", EnvironmentId: "Environments-1" }), 400, "ProjectId"],
      [post("/api/deployments", { ProjectId: "Projects-1", EnvironmentId: "Environments-9" }), 400, "EnvironmentId"],
      [api("/api/deployments", { method: "POST", body: "{not json" }), 400, "body"],
      [post("/api/fixtures", { projects: [], environments: [], machines: [{ id: "M", name: "m", environmentId: "E-none", roles: [], endpoint: "http://x" }] }), 400, "machines.0.environmentId"],
      [post("/api/fixtures", { projects: [], environments: [{ id: "E", name: "e" }, { id: "E", name: "e" }], machines: [] }), 400, "environments.1.id"],
      [api("/api/tasks?states=Bogus"), 400, "states"],
      [api("/api/tasks?take=-1"), 400, "take"],
      [api("/api/tasks/ServerTasks-999999"), 404, undefined],
      [api("/api/tasks/not-a-task/details"), 404, undefined],
      [post("/api/tasks/ServerTasks-999999/cancel", {}), 404, undefined],
      [api("/api/tasks/ServerTasks-1/interruption", { method: "PUT", body: JSON.stringify({ HasPendingInterruptions: "yes" }) }), 400, "HasPendingInterruptions"],
      [api("/api/nodes/nobody", { method: "PUT", body: JSON.stringify({ MaxConcurrentTasks: 3 }) }), 404, undefined],
      [api("/api/nodes/node-1", { method: "PUT", body: JSON.stringify({ MaxConcurrentTasks: -3 }) }), 400, "MaxConcurrentTasks"],
      [post("/api/deployments", { ProjectId: "Projects-1", EnvironmentId: "Environments-1", QueueTimeExpiry: "soon" }), 400, "QueueTimeExpiry"],
      [api("/api/tasks?node=a%20b"), 400, "node"],
      [api("/api/nope"), 404, undefined],
    ];
    for (const [pending, status, field] of cases) {
      const response = await pending;
      const body = (await response.json()) as { ErrorMessage: string; Field?: string };
      expect({ status: response.status, field: body.Field }).toEqual({ status, field });
      expect(body.ErrorMessage).toEqual(expect.any(String));
    }
  });

  it("serves /healthz and /metrics without a key", async () => {
    expect((await api("/healthz", {}, null)).status).toBe(200);
    const text = await (await api("/metrics", {}, null)).text();
    for (const name of SIM_METRIC_NAMES) expect(text).toContain(`# TYPE ${name} `);
    expect(text).toMatch(/sim_tasks\{state="Success",node="node-1"\} 2/);
    expect(text).toContain("process_cpu_user_seconds_total");
  });

  it("exits 0 on SIGTERM within 10 s, leaving no process behind, with its history flushed", async () => {
    process.kill(node.pid, "SIGTERM");
    expect(await withTimeout("exit after SIGTERM", 10_000, node.exited)).toEqual({ code: 0, signal: null });
    expect(processesWithMarker(marker)).toEqual([]);
    const ops = (await readFile(path.join(tempDir, "history.ndjson"), "utf8")).trim().split("\n").map((l) => JSON.parse(l) as HistoryOp);
    const starts = ops.filter((op) => op.f === "rpc:start-script");
    expect(starts.filter((op) => op.type === "invoke")).toHaveLength(6);
    expect(starts.filter((op) => op.type === "ok")).toHaveLength(6);
    expect(starts.find((op) => op.type === "ok")).toMatchObject({
      actor: "node-1", value: { targetId: expect.any(String), taskId: expect.any(String), ticket: expect.any(String), durationMs: expect.any(Number) },
    });
    expect(ops.some((op) => op.f === "rpc:get-status" && op.type === "ok")).toBe(true);
  });
});

describe("server node process with a bad config", () => {
  it("exits 2 naming the field, never reporting ready", async () => {
    const bad = JSON.stringify({ ...testNodeConfig({ databaseUrl: "postgres://x@127.0.0.1:1/x", historyFile: "/tmp/x" }), strategy: "nope" });
    const started = startNodeProcess(bad, { readyTimeoutMs: 20_000 });
    await expect(started).rejects.toThrow(/fatal before ready: .*field "strategy": got "nope"; expected one of the known strategies: pessimistic, optimistic.*\(exited with code 2, signal null\)/);
  });
});
