// k6 script: creates deployments at the arrival rate of the LoadPlan named by __ENV.TASKSTORM_PLAN,
// spread round robin over nodes and deployment shapes. Every create becomes one history op, printed
// as one console.log JSON line (run k6 with --console-output=<file> --log-format=raw). k6 and contracts only.

import { check } from "k6";
import exec from "k6/execution";
import http from "k6/http";
import type { Options } from "k6/options";
import { API_KEY_HEADER, type CreateDeploymentRequest, type DeploymentResource } from "../../contracts/api.ts";
import type { DeploymentCreateValue, HistoryOp, OpType } from "../../contracts/history.ts";
import type { LoadPlan } from "../../contracts/load-plan.ts";

const planPath = __ENV.TASKSTORM_PLAN;
if (!planPath) throw new Error("TASKSTORM_PLAN is not set: expected the path of a LoadPlan JSON file");
const plan = JSON.parse(open(planPath)) as LoadPlan;
if (!Array.isArray(plan.nodeUrls) || plan.nodeUrls.length === 0) throw new Error(`${planPath}: nodeUrls: expected a non-empty array`);
if (!Array.isArray(plan.deployments) || plan.deployments.length === 0) throw new Error(`${planPath}: deployments: expected a non-empty array`);

export const options: Options = {
  scenarios: {
    deployments: {
      executor: "ramping-arrival-rate",
      startRate: plan.startRateRps,
      timeUnit: "1s",
      preAllocatedVUs: plan.preAllocatedVUs,
      maxVUs: plan.maxVUs,
      stages: plan.stages.map((stage) => ({ target: stage.rateRps, duration: `${stage.durationS}s` })),
    },
  },
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

export default function createDeployment(): void {
  const iteration = exec.scenario.iterationInTest;
  const shape = plan.deployments[iteration % plan.deployments.length]!;
  const nodeUrl = plan.nodeUrls[Math.floor(iteration / plan.deployments.length) % plan.nodeUrls.length]!;
  const body: CreateDeploymentRequest = { ProjectId: shape.projectId, EnvironmentId: shape.environmentId };
  const value: DeploymentCreateValue = { projectId: shape.projectId, environmentId: shape.environmentId };
  if (shape.tenantId) body.TenantId = value.tenantId = shape.tenantId;

  const res = http.post(`${nodeUrl}/api/deployments`, JSON.stringify(body), {
    headers: { "Content-Type": "application/json", [API_KEY_HEADER]: plan.apiKey },
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
