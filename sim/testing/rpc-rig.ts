// Test-only: a small real cluster for RPC tests, started like a strategy pass (placement/system.ts)
// but without k6 or faults: a fresh database on the test PostgreSQL, a real toxiproxy-server, real
// node processes (with polling endpoints when the scenario has polling machines) and real fleet
// processes, all stopped by dispose.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { API_KEY_HEADER, type HistoryOp, type ServerNodeConfig, type TaskResource } from "../contracts/index.ts";
import { parseOpLine } from "../history/index.ts";
import { pollUntil } from "../lib/poll.ts";
import { inject } from "vitest";
import { validateScenario, type ScenarioInput, type ScenarioSpec } from "../scenario/index.ts";
import { requireTool } from "./tools.ts";
import type { RunningNode } from "../placement/nodes.ts";
import type { FleetPlan } from "../plan/fleet-plan.ts";
import { planPass } from "../placement/plan-pass.ts";
import type { RunningFleetPlan } from "../placement/fleet.ts";
import { makeLocalPlacement } from "../placement/local.ts";
import type { RecoverableToxiproxy } from "../placement/recoverable-toxiproxy.ts";
import { startSystem } from "../placement/system.ts";
import { Scope } from "../lib/scope.ts";
import { warmUp } from "../placement/warm-up.ts";

const TERMINAL = new Set(["Success", "Failed", "Canceled", "TimedOut"]);

export interface RpcRig extends AsyncDisposable {
  spec: ScenarioSpec;
  nodes: RunningNode[];
  pollingNodes: { name: string; url: string }[];
  plan: FleetPlan;
  fleet: RunningFleetPlan;
  /** The toxiproxy-server of the fleet's proxies (the rig's fleets fit in one shard). */
  toxiproxy: RecoverableToxiproxy;
  dir: string;
  /** POST /api/deployments on the first node; the task id. */
  deploy(environmentId: string, projectId?: string): Promise<string>;
  waitTerminal(taskId: string, timeoutMs: number): Promise<TaskResource>;
  /** Ops a node (node-1, ...) or the fleet (fleet-1, ...) wrote so far. */
  ops(part: string): Promise<HistoryOp[]>;
}

export interface RigOptions {
  /** Settings every node gets on top of the scenario's. */
  nodeOverrides?: Partial<Omit<ServerNodeConfig, "nodeName" | "host" | "port">>;
}

export async function startRpcRig(input: Omit<ScenarioInput, "name" | "description">, o: RigOptions = {}): Promise<RpcRig> {
  const spec = validateScenario({ name: "rpc-rig", description: "rpc test rig", ...input } as ScenarioInput, "rpc-rig");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskstorm-rpc-"));
  const logs = path.join(dir, "logs");
  fs.mkdirSync(logs);
  const scope = new Scope(() => {});
  scope.defer("dir", dir, async (d) => fs.rmSync(d, { recursive: true, force: true }));
  const defer = <T>(name: string, value: T, stop: (value: T) => Promise<unknown>) => scope.defer(name, value, stop);
  try {
    const placement = defer("placement", await makeLocalPlacement({ k6: await requireTool("k6"), toxiproxy: await requireTool("toxiproxy-server") }), (p) => p.close());
    const plan = defer("fleet addresses", await planPass(placement, spec, dir), (p) => p.addresses.release());
    const { fleet } = plan;
    const signal = new AbortController().signal;
    const system = await startSystem({
      placement, spec, strategy: { name: "optimistic", label: "optimistic", options: {} }, postgres: { kind: "url", url: inject("pgAdminUrl") },
      plan, logsDir: logs, historyDir: dir, signal, defer, ...(o.nodeOverrides ? { nodeOverrides: o.nodeOverrides } : {}),
    });
    const { nodes, apiKey } = system;
    if (system.fleet.toxiproxies.length !== 1) throw new Error(`rpc rig: expected one fleet shard, the plan has ${system.fleet.toxiproxies.length}`);
    await warmUp(nodes.map((n) => n.url), fleet.plan.topology.fixtures.machines.filter((m) => m.mode !== "polling").map((m) => m.endpoint), signal);
    const api = (route: string, init: RequestInit = {}) =>
      fetch(`${nodes[0]!.url}${route}`, { ...init, headers: { "content-type": "application/json", [API_KEY_HEADER]: apiKey }, signal: AbortSignal.timeout(10_000) });
    return {
      spec, nodes, pollingNodes: fleet.pollingNodes, plan: fleet.plan, fleet: system.fleet, toxiproxy: system.fleet.toxiproxies[0]!, dir,
      async deploy(environmentId, projectId = "Projects-1") {
        const res = await api("/api/deployments", { method: "POST", body: JSON.stringify({ ProjectId: projectId, EnvironmentId: environmentId }) });
        const body = (await res.json()) as { TaskId?: string; ErrorMessage?: string };
        if (res.status !== 201 || !body.TaskId) throw new Error(`POST /api/deployments answered ${res.status}: ${JSON.stringify(body)}`);
        return body.TaskId;
      },
      async waitTerminal(taskId, timeoutMs) {
        let task: TaskResource | undefined;
        await pollUntil(`task ${taskId} to finish`, timeoutMs, async () => {
          task = (await (await api(`/api/tasks/${encodeURIComponent(taskId)}`)).json()) as TaskResource;
          return TERMINAL.has(task.State);
        }, 50);
        return task!;
      },
      ops: async (part) => completeOps(path.join(dir, `${part}.ndjson`)),
      [Symbol.asyncDispose]: async () => void (await scope.close()),
    };
  } catch (error) {
    await scope.close();
    throw error;
  }
}

/** The complete lines of an NDJSON history file still being written (a torn last line is left out). */
async function completeOps(file: string): Promise<HistoryOp[]> {
  if (!fs.existsSync(file)) return [];
  const text = await fs.promises.readFile(file, "utf8");
  const lines = text.split("\n");
  lines.pop(); // empty after the last newline, or a line still being written
  return lines.filter((l) => l !== "").map((line, i) => parseOpLine(line, file, i + 1));
}
