// k6 script: creates deployments at the arrival rate of the LoadPlan named by __ENV.TASKSTORM_PLAN,
// spread round robin over nodes and deployment shapes; optionally operators cancel tasks and
// dashboards poll the task list. Every create becomes one history op, printed
// as one console.log JSON line (run k6 with --console-output=<file> --log-format=raw). k6 and contracts only.

import { check, sleep } from "k6";
import exec from "k6/execution";
import http from "k6/http";
import type { Options } from "k6/options";
import { API_KEY_HEADER, type CreateDeploymentRequest, type DeploymentResource, type SetInterruptionRequest, type TaskListResource, type TaskResource } from "../../contracts/api.ts";
import type { DeploymentCreateValue, HistoryOp, OpType, TaskCancelValue, TaskInterruptionValue } from "../../contracts/history.ts";
import { API_KEY_ENV, loadDurationS, type LoadPlan } from "../../contracts/load-plan.ts";

const planPath = __ENV.TASKSTORM_PLAN;
if (!planPath) throw new Error("TASKSTORM_PLAN is not set: expected the path of a LoadPlan JSON file");
const plan = JSON.parse(open(planPath)) as LoadPlan;
if (!Array.isArray(plan.nodeUrls) || plan.nodeUrls.length === 0) throw new Error(`${planPath}: nodeUrls: expected a non-empty array`);
if (!Array.isArray(plan.deployments) || plan.deployments.length === 0) throw new Error(`${planPath}: deployments: expected a non-empty array`);

/** k6 arrival rates must be whole iterations per time unit: rates are given per 100 s, so 0.5/s is 50. */
const RATE_UNIT = "100s";
const perRateUnit = (ratePerS: number) => Math.round(ratePerS * 100);

const loadS = loadDurationS(plan.stages);

/** Deployment arrivals always; operators cancelling and dashboard pollers when the plan asks. */
function scenarios(): NonNullable<Options["scenarios"]> {
  const all: NonNullable<Options["scenarios"]> = {
    deployments: {
      executor: "ramping-arrival-rate",
      exec: "createDeployment",
      startRate: perRateUnit(plan.startRateRps),
      timeUnit: RATE_UNIT,
      preAllocatedVUs: plan.preAllocatedVUs,
      maxVUs: plan.maxVUs,
      stages: plan.stages.map((stage) => ({ target: perRateUnit(stage.rateRps), duration: `${stage.durationS}s` })),
    },
  };
  if (plan.cancels) all.cancels = operatorScenario("cancelTask", plan.cancels.ratePerS, 10);
  if (plan.interruptions) {
    const { ratePerS, holdS } = plan.interruptions;
    all.interruptions = operatorScenario("interruptTask", ratePerS, Math.max(4, Math.ceil(ratePerS * (holdS + 1) * 2)));
  }
  if (plan.dashboards) {
    all.dashboards = { executor: "constant-vus", exec: "watchDashboard", vus: plan.dashboards.vus, duration: `${loadS}s` };
  }
  return all;
}

/** Operators acting at a constant rate for the whole load (each iteration: one action by `exec`). */
function operatorScenario(exec: string, ratePerS: number, maxVUs: number) {
  return { executor: "constant-arrival-rate" as const, exec, rate: Math.max(1, perRateUnit(ratePerS)), timeUnit: RATE_UNIT, duration: `${loadS}s`, preAllocatedVUs: 2, maxVUs };
}

export const options: Options = {
  scenarios: scenarios(),
  thresholds: plan.thresholds,
  summaryTrendStats: ["avg", "min", "med", "max", "p(95)", "p(99)"],
};

/** Fails fast (k6 exits 107) when any node is not healthy. */
export function setup(): void {
  for (const url of plan.nodeUrls) {
    const res = http.get(`${url}/healthz`, { tags: { name: "GET /healthz" } });
    if (res.status !== 200) throw new Error(`node ${url}/healthz answered ${res.status || res.error}, expected 200; not starting the load`);
  }
}

// the key comes in the environment; a plan archived for a cluster (k8s placement) still carries it
const jsonHeaders = { "Content-Type": "application/json", [API_KEY_HEADER]: __ENV[API_KEY_ENV] || plan.apiKey };

export function createDeployment(): void {
  const iteration = exec.scenario.iterationInTest;
  const shape = plan.deployments[iteration % plan.deployments.length]!;
  const nodeUrl = plan.nodeUrls[Math.floor(iteration / plan.deployments.length) % plan.nodeUrls.length]!;
  const body: CreateDeploymentRequest = { ProjectId: shape.projectId, EnvironmentId: shape.environmentId };
  const value: DeploymentCreateValue = { projectId: shape.projectId, environmentId: shape.environmentId, iteration };
  if (shape.tenantId) body.TenantId = value.tenantId = shape.tenantId;

  const res = http.post(`${nodeUrl}/api/deployments`, JSON.stringify(body), {
    headers: jsonHeaders,
    tags: { name: "POST /api/deployments" },
  });
  const created = check(res, { "deployment created (201)": (r) => r.status === 201 });

  value.latencyMs = res.timings.duration;
  let type: OpType;
  if (res.status === 0) {
    type = "info"; // network error or timeout: the server may or may not have created it
    value.error = `${res.error_code}: ${res.error}`;
  } else if (created) {
    type = "ok";
    value.status = res.status;
    value.taskId = taskIdOf(res.body);
    if (!value.taskId) {
      type = "info";
      value.error = "201 without a TaskId in the body";
    }
  } else {
    type = "fail";
    value.status = res.status;
    value.error = typeof res.body === "string" ? res.body.slice(0, 200) : "";
  }
  const op: HistoryOp<DeploymentCreateValue> = { time: Date.now(), actor: "k6", type, f: "deployment:create", value };
  console.log(JSON.stringify(op));
}

/** An operator cancels a task they see in the task list (recorded as task:cancel invoke, then ok/fail/info). */
export function cancelTask(): void {
  const cancels = plan.cancels!;
  const iteration = exec.scenario.iterationInTest;
  const nodeUrl = plan.nodeUrls[iteration % plan.nodeUrls.length]!;
  const list = http.get(`${nodeUrl}/api/tasks?states=${cancels.states.join(",")}&take=20`, { headers: jsonHeaders, tags: { name: "GET /api/tasks" } });
  const items = list.status === 200 ? ((list.json() as unknown as TaskListResource).Items ?? []) : [];
  if (items.length === 0) return;
  const taskId = items[iteration % items.length]!.Id;
  const value: TaskCancelValue = { taskId };
  console.log(JSON.stringify({ time: Date.now(), actor: "k6", type: "invoke", f: "task:cancel", value } satisfies HistoryOp<TaskCancelValue>));
  const res = http.post(`${nodeUrl}/api/tasks/${taskId}/cancel`, null, { headers: jsonHeaders, tags: { name: "POST /api/tasks/:id/cancel" } });
  check(res, { "cancel accepted (2xx)": (r) => r.status >= 200 && r.status < 300 });
  const type: OpType = res.status === 0 ? "info" : res.status < 300 ? "ok" : "fail";
  const done: TaskCancelValue = { taskId, status: res.status, ...(type === "ok" ? {} : { error: res.status === 0 ? `${res.error_code}: ${res.error}` : String(res.body).slice(0, 200) }) };
  console.log(JSON.stringify({ time: Date.now(), actor: "k6", type, f: "task:cancel", value: done } satisfies HistoryOp<TaskCancelValue>));
}

/** A manual intervention: an operator's step sets HasPendingInterruptions on a running task, then clears it. */
export function interruptTask(): void {
  const { holdS } = plan.interruptions!;
  const iteration = exec.scenario.iterationInTest;
  const nodeUrl = plan.nodeUrls[iteration % plan.nodeUrls.length]!;
  const list = http.get(`${nodeUrl}/api/tasks?states=Executing&take=20`, { headers: jsonHeaders, tags: { name: "GET /api/tasks" } });
  const items = list.status === 200 ? ((list.json() as unknown as TaskListResource).Items ?? []) : [];
  if (items.length === 0) return;
  const taskId = items[iteration % items.length]!.Id;
  if (!setInterruption(nodeUrl, taskId, true)) return;
  sleep(holdS);
  clearInterruption(nodeUrl, taskId);
}

/** Times an operator tries again to clear an interruption the server did not take (e.g. 409: retries ran out). */
const CLEAR_ATTEMPTS = 20;

/**
 * Clears the flag like an operator who looks at the task again after a failed click: while it still
 * runs and waits on an interruption, click again (a task left waiting would wait for ever).
 */
function clearInterruption(nodeUrl: string, taskId: string): void {
  for (let attempt = 1; attempt <= CLEAR_ATTEMPTS; attempt++) {
    if (setInterruption(nodeUrl, taskId, false)) return;
    const res = http.get(`${nodeUrl}/api/tasks/${taskId}`, { headers: jsonHeaders, tags: { name: "GET /api/tasks/:id" } });
    if (res.status === 200) {
      const task = res.json() as unknown as TaskResource;
      if (!task.HasPendingInterruptions || (task.State !== "Executing" && task.State !== "Cancelling")) return;
    }
    sleep(0.05 * attempt);
  }
}

/** true when the server acknowledged the write. */
function setInterruption(nodeUrl: string, taskId: string, pending: boolean): boolean {
  const record = (type: OpType, value: TaskInterruptionValue) => console.log(JSON.stringify({ time: Date.now(), actor: "k6", type, f: "task:interruption", value } satisfies HistoryOp<TaskInterruptionValue>));
  record("invoke", { taskId, pending });
  const body: SetInterruptionRequest = { HasPendingInterruptions: pending };
  const res = http.put(`${nodeUrl}/api/tasks/${taskId}/interruption`, JSON.stringify(body), { headers: jsonHeaders, tags: { name: "PUT /api/tasks/:id/interruption" } });
  const type: OpType = res.status === 0 ? "info" : res.status < 300 ? "ok" : "fail";
  record(type, { taskId, pending, status: res.status, ...(type === "ok" ? {} : { error: res.status === 0 ? `${res.error_code}: ${res.error}` : String(res.body).slice(0, 200) }) });
  return type === "ok";
}

/** Someone watching the task dashboard: lists the newest tasks, then waits. */
export function watchDashboard(): void {
  const nodeUrl = plan.nodeUrls[exec.vu.idInTest % plan.nodeUrls.length]!;
  const res = http.get(`${nodeUrl}/api/tasks?take=30`, { headers: jsonHeaders, tags: { name: "GET /api/tasks" } });
  check(res, { "task list (200)": (r) => r.status === 200 });
  sleep(plan.dashboards!.intervalS);
}

function taskIdOf(body: unknown): string | undefined {
  if (typeof body !== "string") return undefined;
  try {
    return (JSON.parse(body) as Partial<DeploymentResource>).TaskId;
  } catch {
    return undefined;
  }
}

interface SummaryData {
  metrics: Record<string, { values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }>;
}

/** Writes the full summary JSON to plan.summaryFile and a few lines to stdout. */
export function handleSummary(data: SummaryData): Record<string, string> {
  const value = (metric: string, stat: string) => data.metrics[metric]?.values[stat];
  const crossed: string[] = [];
  for (const [metric, entry] of Object.entries(data.metrics)) {
    for (const [expression, result] of Object.entries(entry.thresholds ?? {})) if (!result.ok) crossed.push(`${metric}: ${expression}`);
  }
  const lines = [
    `deployments: ${value("iterations", "count") ?? 0} created attempts, ${value("dropped_iterations", "count") ?? 0} dropped`,
    `http_req_failed: ${((value("http_req_failed", "rate") ?? 0) * 100).toFixed(2)}%`,
    `http_req_duration p95: ${(value("http_req_duration", "p(95)") ?? 0).toFixed(1)} ms`,
    crossed.length === 0 ? "thresholds: all passed" : `thresholds crossed: ${crossed.join("; ")}`,
  ];
  return { [plan.summaryFile]: JSON.stringify(data, null, 2), stdout: lines.join("\n") + "\n" };
}
