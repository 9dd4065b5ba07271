// transient-reset (domain.md (e) 11, "Resilient Tentacle Communications"): connections to some tentacles
// are reset (TCP RST) in short bursts. Without Octopus's RPC retry layer the step fails; with it
// (retry for 2 m 30 s, min(attempt, 10) s apart) the step succeeds, and because StartScript is
// idempotent by its ticket the script still runs exactly once.
import type { ScenarioInput } from "../sim/scenario/index.ts";

const burst = (atS: number) => ({ atS, forS: 1, kind: "reset-peer", target: { fraction: 0.3 }, attributes: {} });

const scenario: ScenarioInput = {
  name: "transient-reset",
  description: "Short TCP reset bursts on 30% of tentacles: steps fail without RPC retries, succeed with them, scripts run once",
  seed: 13,
  strategies: [
    { name: "optimistic", label: "rpc-retries" },
    { name: "optimistic", label: "no-rpc-retries", overrides: { server: { rpc: { overrides: { rpcRetryEnabled: false } } } } },
  ],
  server: { nodes: 2, taskCap: 10 },
  fleet: { listening: 60, environments: 6, projects: 12, roles: ["web", "db"], stepsPerProject: { min: 1, max: 2 }, scriptDurationS: { min: 30, max: 90 } },
  load: { startRateRps: 3, stages: [{ rateRps: 3, durationS: 20 }], preAllocatedVUs: 4, maxVUs: 20, thresholds: { http_req_failed: ["rate<0.01"] } },
  faults: [burst(3), burst(7), burst(11), burst(15)],
  invariants: ["all-accepted-terminal", "no-double-execution", "no-double-claim", "legal-transitions", "task-cap", "once-per-ticket"],
  drain: { timeoutS: 60 },
  expect: [
    { says: "without RPC retries, reset connections fail deployments", strategy: "no-rpc-retries", metric: "failed", op: ">", value: 0 },
    { says: "with RPC retries, no deployment fails", strategy: "rpc-retries", metric: "failed", op: "==", value: 0 },
    { says: "with RPC retries, calls were retried", strategy: "rpc-retries", metric: "metrics.rpcRetries", op: ">", value: 0 },
    { says: "and every retried script ran once (ticket idempotency)", strategy: "rpc-retries", metric: "checks.once-per-ticket.valid", op: "==", value: true },
  ],
};

export default scenario;

/** The test's shorter run (scenarios/catalogue.test.ts). */
export const shortened = { load: { startRateRps: 3, stages: [{ rateRps: 3, durationS: 12 }] }, faults: [burst(3), burst(7)] };
