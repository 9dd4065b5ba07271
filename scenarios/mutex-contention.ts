// mutex-contention (the talk's problem 1, domain.md (c) 1 and (e) 2): a cluster-wide mutex held across
// tentacle RPCs makes every node's pickup and every task update wait behind the slowest tentacle.
// Slow tentacles (latency) stall the whole cluster under the naive pessimistic variant; row-level
// pessimistic locking and optimistic concurrency keep working.
import type { ScenarioInput } from "../sim/scenario/index.ts";

const scenario: ScenarioInput = {
  name: "mutex-contention",
  description: "A cluster-wide mutex held across RPCs: 300 ms latency on 30% of tentacles stalls pickup for everyone (queue wait)",
  seed: 7,
  strategies: [
    { name: "pessimistic", label: "mutex-across-rpc", options: { holdLockAcrossRpc: true } },
    "pessimistic",
    "optimistic",
  ],
  server: { nodes: 3, taskCap: 10 },
  fleet: { listening: 120, environments: 6, projects: 12, roles: ["web", "db"], stepsPerProject: { min: 1, max: 2 }, scriptDurationS: { min: 30, max: 60 } },
  load: { startRateRps: 4, stages: [{ rateRps: 4, durationS: 30 }], preAllocatedVUs: 4, maxVUs: 20, thresholds: { http_req_failed: ["rate<0.01"] } },
  faults: [{ atS: 5, forS: 20, kind: "latency", target: { fraction: 0.3 }, attributes: { latencyMs: 300 } }],
  drain: { timeoutS: 90 },
  expect: [
    { says: "holding the mutex across RPCs makes queue wait p95 at least 3x optimistic's", strategy: "mutex-across-rpc", metric: "queueWaitMs.p95", op: ">", than: "optimistic", factor: 3 },
    { says: "the fix, row locks without the mutex across RPCs, removes the stall (3x lower p95)", strategy: "mutex-across-rpc", metric: "queueWaitMs.p95", op: ">", than: "pessimistic", factor: 3 },
    { says: "optimistic runs every task exactly once", strategy: "optimistic", metric: "checks.no-double-execution.valid", op: "==", value: true },
  ],
};

export default scenario;

/** The test's shorter run (scenarios/catalogue.test.ts): same symptom, less load. */
export const shortened = {
  load: { startRateRps: 4, stages: [{ rateRps: 4, durationS: 12 }] },
  faults: [{ atS: 2, forS: 10, kind: "latency", target: { fraction: 0.3 }, attributes: { latencyMs: 300 } }],
  fleet: { listening: 60 },
};
