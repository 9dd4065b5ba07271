// double-pickup (domain.md (e) 1; the 2023.3 incident, I#8356): pickup without the database write lock.
// Several nodes read the same Queued tasks and each starts them: one task executing on two nodes,
// its scripts run twice. With the lock every task is claimed once.
import type { ScenarioInput } from "../sim/scenario/index.ts";

const scenario: ScenarioInput = {
  name: "double-pickup",
  description: "Pickup without the write lock (2023.3): tasks claimed by two nodes, scripts run twice; with the lock, exactly once",
  seed: 29,
  strategies: [
    { name: "pessimistic", label: "pickup-without-lock", overrides: { server: { bugs: { pickupWithoutLock: true } } } },
    "pessimistic",
  ],
  // four nodes polling every 3 production seconds (50 ms here) make the unlocked read race often
  server: { nodes: 4, taskCap: 10, pollIntervalS: 3 },
  fleet: { listening: 60, environments: 6, projects: 24, roles: ["web", "db"], stepsPerProject: { min: 1, max: 2 }, scriptDurationS: { min: 20, max: 40 } },
  load: { startRateRps: 8, stages: [{ rateRps: 8, durationS: 20 }], preAllocatedVUs: 4, maxVUs: 20, thresholds: { http_req_failed: ["rate<0.01"] } },
  invariants: ["all-accepted-terminal", "no-double-execution", "no-double-claim", "once-per-ticket"],
  drain: { timeoutS: 60 },
  expect: [
    { says: "without the lock, tasks are claimed by more than one node", strategy: "pickup-without-lock", metric: "checks.no-double-claim.valid", op: "==", value: false },
    { says: "and their scripts run twice on the same target", strategy: "pickup-without-lock", metric: "checks.no-double-execution.valid", op: "==", value: false },
    { says: "with the lock, every task is claimed once", strategy: "pessimistic", metric: "checks.no-double-claim.valid", op: "==", value: true },
    { says: "with the lock, every script runs once", strategy: "pessimistic", metric: "checks.no-double-execution.valid", op: "==", value: true },
  ],
};

export default scenario;

/** The test's shorter run (scenarios/catalogue.test.ts). */
export const shortened = { load: { startRateRps: 8, stages: [{ rateRps: 8, durationS: 10 }] } };
