// The LoadPlan k6 gets for one pass: the nodes to call, the API key, the scenario's arrival-rate
// stages and workload (cancels, interventions, dashboards) over the pass's deployment model.
import type { LoadPlan } from "../contracts/index.ts";
import type { DeploymentModel } from "../../fixtures/generate.ts";
import type { ScenarioSpec } from "../scenario/index.ts";

export function loadPlanOf(spec: ScenarioSpec, nodes: readonly { url: string }[], apiKey: string, model: DeploymentModel, summaryFile: string): LoadPlan {
  return {
    nodeUrls: nodes.map((n) => n.url),
    apiKey,
    startRateRps: spec.load.startRateRps,
    stages: spec.load.stages,
    preAllocatedVUs: spec.load.preAllocatedVUs,
    maxVUs: spec.load.maxVUs,
    deployments: model.deployments,
    summaryFile,
    thresholds: spec.load.thresholds,
    cancels: spec.load.cancels,
    interruptions: spec.load.interruptions,
    dashboards: spec.load.dashboards,
  };
}
