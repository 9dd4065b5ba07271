// smoke: the walking skeleton's scenario. Three HA nodes, 60 listening tentacles, a steady trickle of
// deployments for 30 s, and 200 ms of latency on a fifth of the tentacles from 10 s to 20 s.
import type { ScenarioInput } from "../sim/scenario/index.ts";

const scenario: ScenarioInput = {
  name: "smoke",
  description: "Under a minute per strategy: 3 nodes, 60 tentacles, 2 deployments/s, latency on 20% of tentacles for 10 s",
  seed: 42,
  timeScale: 1 / 60,
  strategies: ["pessimistic", "optimistic"],
  server: { nodes: 3, taskCap: 5 },
  fleet: {
    listening: 60,
    environments: 6,
    projects: 8,
    roles: ["web", "db"],
    stepsPerProject: { min: 1, max: 2 },
    scriptDurationS: { min: 30, max: 90 },
    scriptFailureRate: 0,
  },
  load: {
    startRateRps: 2,
    stages: [{ rateRps: 2, durationS: 30 }],
    preAllocatedVUs: 4,
    maxVUs: 20,
    thresholds: { http_req_failed: ["rate<0.01"] },
  },
  faults: [{ atS: 10, forS: 10, kind: "latency", target: { fraction: 0.2 }, attributes: { latencyMs: 200, jitterMs: 0 } }],
  drain: { timeoutS: 40 },
};

export default scenario;
