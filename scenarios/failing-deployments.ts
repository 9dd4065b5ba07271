// failing-deployments (the talk's problem 4; domain.md (c) 4 and (e) 4): several writers touch one task
// row at once (the owner's progress writes, operators setting and clearing manual interventions).
// Optimistic concurrency without retries turns every lost compare-and-swap into a failed deployment;
// with bounded retries the same conflicts are absorbed.
import type { ScenarioInput } from "../sim/scenario/index.ts";

const scenario: ScenarioInput = {
  name: "failing-deployments",
  description: "Concurrent writers on running tasks: optimistic without retries fails deployments on conflicts; with retries none fail",
  seed: 37,
  strategies: [
    { name: "optimistic", label: "no-retries", options: { maxRetries: 0 } },
    // 6 retries: with 3, a progress write beside operators' interruption writes on a CPU-starved machine
    // (a benchmark running alongside) lost all 4 attempts in 3 of 5 runs; with 6: 0 of 2, none exhausted.
    { name: "optimistic", label: "with-retries", options: { maxRetries: 6 } },
  ],
  server: { nodes: 3, taskCap: 10, progressIntervalS: 2 },
  fleet: { listening: 60, environments: 6, projects: 24, roles: ["web", "db"], stepsPerProject: { min: 2, max: 3 }, scriptDurationS: { min: 60, max: 120 } },
  load: {
    startRateRps: 3, stages: [{ rateRps: 3, durationS: 20 }], preAllocatedVUs: 4, maxVUs: 30,
    // only creating deployments must not fail: the naive variant's interruption writes failing on conflicts is the symptom
    thresholds: { "http_req_failed{name:POST /api/deployments}": ["rate<0.01"] },
    interruptions: { ratePerS: 4, holdS: 0.3 },
  },
  invariants: ["all-accepted-terminal", "no-double-execution", "no-double-claim", "legal-transitions"],
  drain: { timeoutS: 90 },
  expect: [
    { says: "without retries, concurrency conflicts fail deployments", strategy: "no-retries", metric: "failed", op: ">", value: 0 },
    { says: "with bounded retries, no deployment fails", strategy: "with-retries", metric: "failed", op: "==", value: 0 },
  ],
};

export default scenario;

/** The test's shorter run (scenarios/catalogue.test.ts). */
export const shortened = { load: { startRateRps: 3, stages: [{ rateRps: 3, durationS: 12 }], interruptions: { ratePerS: 4, holdS: 0.3 } } };
