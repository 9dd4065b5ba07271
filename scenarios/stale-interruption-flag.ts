// stale-interruption-flag (domain.md (e) 4, problem 3; I#7396): operators set a manual intervention on
// running deployments through any node and clear it holdS later, while the owner keeps writing progress.
// A writer that saves a stale copy of the task row reverts the acknowledged flag (the owner never pauses,
// or a cleared intervention comes back and the task waits forever); the version check keeps every write.
import type { ScenarioInput } from "../sim/scenario/index.ts";

const scenario: ScenarioInput = {
  name: "stale-interruption-flag",
  description: "Manual interventions set and cleared through any node while owners write progress: stale-snapshot writes revert the flag; the version check keeps it",
  seed: 41,
  strategies: [
    { name: "pessimistic", label: "stale-snapshot-writes", overrides: { server: { bugs: { staleSnapshotWrites: true } } } },
    "optimistic",
  ],
  // progress every 10 s (167 ms run time), well inside the 1 s hold: a stale save lands between the set and the clear
  server: { nodes: 3, taskCap: 10, progressIntervalS: 10 },
  fleet: { listening: 60, environments: 6, projects: 24, roles: ["web", "db"], stepsPerProject: { min: 2, max: 3 }, scriptDurationS: { min: 60, max: 120 } },
  load: {
    startRateRps: 3, stages: [{ rateRps: 3, durationS: 20 }], preAllocatedVUs: 4, maxVUs: 20,
    // creating deployments must not fail; an intervention on a task that just finished (409) is an ordinary outcome
    thresholds: { "http_req_failed{name:POST /api/deployments}": ["rate<0.01"] },
    interruptions: { ratePerS: 2, holdS: 1 },
  },
  // not all-accepted-terminal: a reverted clear leaves its task waiting forever, by design of the bug
  invariants: ["no-double-execution", "no-double-claim", "interruptions-honoured"],
  drain: { timeoutS: 30 },
  expect: [
    { says: "stale-snapshot writes undo acknowledged interruption flag writes", strategy: "stale-snapshot-writes", metric: "checks.interruptions-honoured.valid", op: "==", value: false },
    { says: "with the version check every acknowledged set and clear holds", strategy: "optimistic", metric: "checks.interruptions-honoured.valid", op: "==", value: true },
  ],
};

export default scenario;

/** The test's shorter run (scenarios/catalogue.test.ts). */
export const shortened = { load: { startRateRps: 3, stages: [{ rateRps: 3, durationS: 8 }], interruptions: { ratePerS: 2, holdS: 1 } }, drain: { timeoutS: 5 } };
