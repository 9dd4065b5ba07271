// ha-polling-topology (domain.md (e) 8): in HA, a node can hand work to a polling tentacle only through
// its own in-memory queue, so every polling tentacle must poll every node. Tentacles that poll only
// node 1 never collect requests queued on the other nodes: those RPCs fail after the polling
// request queue timeout (2 min, scaled), and so do the deployments other nodes picked up.
import type { ScenarioInput } from "../sim/scenario/index.ts";

const scenario: ScenarioInput = {
  name: "ha-polling-topology",
  description: "Polling tentacles that poll only one of three nodes: deployments picked up by the other nodes fail",
  seed: 17,
  timeScale: 1 / 30,
  strategies: [
    { name: "optimistic", label: "polls-every-node" },
    { name: "optimistic", label: "polls-one-node", overrides: { fleet: { pollOneNode: { count: 30, node: 1 } } } },
  ],
  server: { nodes: 3, taskCap: 5 },
  fleet: { listening: 0, polling: 30, environments: 3, projects: 9, roles: ["web"], stepsPerProject: { min: 1, max: 1 }, scriptDurationS: { min: 15, max: 30 } },
  load: { startRateRps: 2, stages: [{ rateRps: 2, durationS: 15 }], preAllocatedVUs: 4, maxVUs: 20, thresholds: { http_req_failed: ["rate<0.01"] } },
  invariants: ["all-accepted-terminal", "no-double-execution", "no-double-claim", "legal-transitions", "task-cap", "once-per-ticket"],
  drain: { timeoutS: 60 },
  expect: [
    { says: "tentacles polling one node make deployments picked up elsewhere fail", strategy: "polls-one-node", metric: "failed", op: ">", value: 0 },
    { says: "polling every node, none fail", strategy: "polls-every-node", metric: "failed", op: "==", value: 0 },
  ],
};

export default scenario;

/** The test's shorter run (scenarios/catalogue.test.ts). */
export const shortened = { load: { startRateRps: 2, stages: [{ rateRps: 2, durationS: 10 }] } };
