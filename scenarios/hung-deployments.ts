// hung-deployments (the talk's problem 3; domain.md (e) 3 and 6; I#8214, I#7903): operators cancel
// running deployments through any node (cross-node cancel: only the owning node may finish it) while
// the owner keeps writing progress. A writer that saves a stale copy of the task row reverts
// Cancelling: the cancel is lost and the deployment runs on. Optimistic concurrency's version check
// turns that stale write into a conflict, reloads, and honours the cancel.
import type { ScenarioInput } from "../sim/scenario/index.ts";

const scenario: ScenarioInput = {
  name: "hung-deployments",
  description: "Cancels through any node while owners write progress: stale-snapshot writes lose cancels; the version check keeps them",
  seed: 31,
  strategies: [
    { name: "pessimistic", label: "stale-snapshot-writes", overrides: { server: { bugs: { staleSnapshotWrites: true } } } },
    "optimistic",
  ],
  server: { nodes: 3, taskCap: 10, progressIntervalS: 10 },
  fleet: { listening: 60, environments: 6, projects: 24, roles: ["web", "db"], stepsPerProject: { min: 2, max: 3 }, scriptDurationS: { min: 60, max: 120 } },
  load: {
    startRateRps: 3, stages: [{ rateRps: 3, durationS: 20 }], preAllocatedVUs: 4, maxVUs: 20, // creating deployments must not fail; a cancel of a task that just finished (409) is an ordinary outcome
    thresholds: { "http_req_failed{name:POST /api/deployments}": ["rate<0.01"] },
    cancels: { ratePerS: 1, states: ["Executing"] },
  },
  invariants: ["all-accepted-terminal", "no-double-execution", "no-double-claim", "cancels-honoured"],
  drain: { timeoutS: 90 },
  expect: [
    { says: "stale-snapshot writes lose cancels: cancelled deployments run on to Success", strategy: "stale-snapshot-writes", metric: "checks.cancels-honoured.valid", op: "==", value: false },
    { says: "with the version check every accepted cancel ends the deployment", strategy: "optimistic", metric: "checks.cancels-honoured.valid", op: "==", value: true },
  ],
};

export default scenario;

/** The test's shorter run (scenarios/catalogue.test.ts). */
export const shortened = { load: { startRateRps: 3, stages: [{ rateRps: 3, durationS: 12 }], cancels: { ratePerS: 1, states: ["Executing"] } } };
