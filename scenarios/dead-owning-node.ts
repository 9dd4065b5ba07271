// dead-owning-node (domain.md (e) 5; HA doc, I#3586): a node is killed (kill -9, no shutdown hook) while
// it executes deployments. They "look in process": Executing, no progress, until the leader reclaims
// them after the grace period (1 hour in production; 10 minutes here, scaled) and fails them. No
// deployment is left hanging for ever, under either strategy.
import type { ScenarioInput } from "../sim/scenario/index.ts";

const scenario: ScenarioInput = {
  name: "dead-owning-node",
  description: "kill -9 a node mid-execution: its deployments hang in Executing until a peer reclaims them and fails them",
  seed: 41,
  strategies: ["pessimistic", "optimistic"],
  server: { nodes: 3, taskCap: 10, offlineAfterS: 120, reclaimAfterS: 600 },
  fleet: { listening: 60, environments: 6, projects: 24, roles: ["web", "db"], stepsPerProject: { min: 2, max: 3 }, scriptDurationS: { min: 60, max: 120 } },
  load: { startRateRps: 3, stages: [{ rateRps: 3, durationS: 15 }], preAllocatedVUs: 4, maxVUs: 20, thresholds: {} },
  faults: [{ atS: 4, forS: 30, kind: "kill", target: { nodes: ["node-1"] }, attributes: { restartOnHeal: false } }],
  // 4 production minutes without progress counts as hung: the 10-minute reclaim crosses it.
  slos: { hungTaskBoundS: 240 },
  invariants: ["all-accepted-terminal", "no-double-execution", "no-double-claim", "legal-transitions", "no-hung-tasks"],
  drain: { timeoutS: 60 },
  expect: [
    { says: "the dead node's deployments hang (no progress beyond the bound) until reclaimed", strategy: "pessimistic", metric: "metrics.hungTasks", op: ">", value: 0 },
    { says: "the hung-task check sees them", strategy: "pessimistic", metric: "checks.no-hung-tasks.valid", op: "==", value: false },
    { says: "a peer reclaims and fails them", strategy: "pessimistic", metric: "failed", op: ">", value: 0 },
    { says: "nothing stays hung for ever (pessimistic)", strategy: "pessimistic", metric: "unfinished", op: "==", value: 0 },
    { says: "the same under optimistic", strategy: "optimistic", metric: "metrics.hungTasks", op: ">", value: 0 },
    { says: "the hung-task check sees them (optimistic)", strategy: "optimistic", metric: "checks.no-hung-tasks.valid", op: "==", value: false },
    { says: "nothing stays hung for ever (optimistic)", strategy: "optimistic", metric: "unfinished", op: "==", value: 0 },
  ],
};

export default scenario;

/** The test's shorter run (scenarios/catalogue.test.ts). */
export const shortened = { load: { startRateRps: 3, stages: [{ rateRps: 3, durationS: 10 }] } };
