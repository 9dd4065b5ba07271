// Integration: the real k6 binary runs the operator and dashboard flows of scripts/deployments.ts
// against the test's own HTTP node, which records what it was asked.
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { LoadPlan, TaskCancelValue, TaskInterruptionValue } from "../contracts/index.ts";
import { readHistory } from "../history/index.ts";
import { requireTool } from "../testing/tools.ts";
import { K6_DEPLOYMENTS_SCRIPT, runK6 } from "./k6-runner.ts";

/** A node with two executing tasks: lists them, accepts cancels (404 for unknown ids) and creates. */
async function withNode<T>(fn: (url: string, seen: { lists: number; cancels: string[]; interruptions: string[] }) => Promise<T>): Promise<T> {
  const seen = { lists: 0, cancels: [] as string[], interruptions: [] as string[] };
  const server = http.createServer((req, res) => {
    const json = (status: number, body: unknown) => void res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    const cancel = /^\/api\/tasks\/([^/]+)\/cancel$/.exec(req.url ?? "");
    const interruption = /^\/api\/tasks\/([^/]+)\/interruption$/.exec(req.url ?? "");
    if (interruption && req.method === "PUT") {
      let body = "";
      req.on("data", (d: Buffer) => (body += d));
      req.on("end", () => {
        seen.interruptions.push(`${interruption[1]}=${(JSON.parse(body) as { HasPendingInterruptions: boolean }).HasPendingInterruptions}`);
        json(200, { Id: interruption[1] });
      });
      return;
    }
    req.resume();
    if (req.url === "/healthz") return json(200, {});
    if (req.url?.startsWith("/api/tasks?")) {
      seen.lists++;
      return json(200, { Items: [{ Id: "ServerTasks-1" }, { Id: "ServerTasks-2" }], TotalResults: 2 });
    }
    if (cancel) {
      seen.cancels.push(cancel[1]!);
      return json(200, { Id: cancel[1] });
    }
    if (req.url === "/api/deployments") return json(201, { Id: "Deployments-1", TaskId: "ServerTasks-9" });
    json(404, {});
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    return await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

describe("k6 workload flows", () => {
  it("operators cancel listed tasks at the planned rate and dashboards poll the task list", async () => {
    const k6Path = await requireTool("k6");
    const runDir = await mkdtemp(join(tmpdir(), "k6-workload-"));
    try {
      await withNode(async (url, seen) => {
        const plan: LoadPlan = {
          nodeUrls: [url], apiKey: "API-TEST", startRateRps: 1, stages: [{ rateRps: 1, durationS: 4 }], preAllocatedVUs: 2, maxVUs: 4,
          deployments: [{ projectId: "Projects-1", environmentId: "Environments-1" }], summaryFile: join(runDir, "k6-summary.json"), thresholds: {},
          cancels: { ratePerS: 2, states: ["Executing"] },
          dashboards: { vus: 2, intervalS: 1 },
        };
        const result = await runK6({ k6Path, scriptPath: K6_DEPLOYMENTS_SCRIPT, plan, runDir });
        expect(result.exitCode).toBe(0);
        const cancelOps = (await readHistory(result.opsFile)).filter((op) => op.f === "task:cancel");
        const oks = cancelOps.filter((op) => op.type === "ok").map((op) => (op.value as TaskCancelValue).taskId);
        expect(oks.length).toBeGreaterThanOrEqual(6); // 2/s for 4 s, loosely
        expect(oks.length).toBeLessThanOrEqual(10);
        expect(cancelOps.filter((op) => op.type === "invoke")).toHaveLength(oks.length);
        expect(new Set(oks)).toEqual(new Set(["ServerTasks-1", "ServerTasks-2"]));
        expect(seen.cancels.length).toBe(oks.length);
        // 2 dashboard VUs list about once a second each, plus one list per cancel
        expect(seen.lists - seen.cancels.length).toBeGreaterThanOrEqual(6);
      });
    } finally {
      await rm(runDir, { recursive: true, force: true });
    }
  }, 60_000);

  it("operators set an interruption on a running task and clear it after the hold", async () => {
    const k6Path = await requireTool("k6");
    const runDir = await mkdtemp(join(tmpdir(), "k6-workload-"));
    try {
      await withNode(async (url, seen) => {
        const plan: LoadPlan = {
          nodeUrls: [url], apiKey: "API-TEST", startRateRps: 1, stages: [{ rateRps: 1, durationS: 3 }], preAllocatedVUs: 2, maxVUs: 4,
          deployments: [{ projectId: "Projects-1", environmentId: "Environments-1" }], summaryFile: join(runDir, "k6-summary.json"), thresholds: {},
          interruptions: { ratePerS: 1, holdS: 0.5 },
        };
        const result = await runK6({ k6Path, scriptPath: K6_DEPLOYMENTS_SCRIPT, plan, runDir });
        expect(result.exitCode).toBe(0);
        const oks = (await readHistory(result.opsFile)).filter((op) => op.f === "task:interruption" && op.type === "ok").map((op) => op.value as TaskInterruptionValue);
        expect(oks.length).toBeGreaterThanOrEqual(4); // about 3 set + 3 clear, loosely
        expect(oks.filter((v) => v.pending).length).toBe(oks.filter((v) => !v.pending).length);
        expect(seen.interruptions.length).toBe(oks.length);
        expect(seen.interruptions[0]).toMatch(/^ServerTasks-\d=true$/);
      });
    } finally {
      await rm(runDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("k6 deployment arrivals", () => {
  it("accept fractional rates (0.5 deployments/s)", async () => {
    const k6Path = await requireTool("k6");
    const runDir = await mkdtemp(join(tmpdir(), "k6-workload-"));
    try {
      await withNode(async (url) => {
        const plan: LoadPlan = {
          nodeUrls: [url], apiKey: "API-TEST", startRateRps: 0.5, stages: [{ rateRps: 0.5, durationS: 4 }], preAllocatedVUs: 1, maxVUs: 2,
          deployments: [{ projectId: "Projects-1", environmentId: "Environments-1" }], summaryFile: join(runDir, "k6-summary.json"), thresholds: {},
        };
        const result = await runK6({ k6Path, scriptPath: K6_DEPLOYMENTS_SCRIPT, plan, runDir });
        expect(result.exitCode).toBe(0);
        const created = (await readHistory(result.opsFile)).filter((op) => op.f === "deployment:create" && op.type === "ok");
        expect(created.length).toBeGreaterThanOrEqual(1);
        expect(created.length).toBeLessThanOrEqual(3);
      });
    } finally {
      await rm(runDir, { recursive: true, force: true });
    }
  }, 60_000);
});
