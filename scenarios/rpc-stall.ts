// rpc-stall (the talk's problem 2; domain.md (b) and (e) 10): a tentacle's TCP connection is black-holed
// mid-RPC (packets dropped, nothing closed). The call hangs until Halibut's receive-response timeout:
// 10 min with the production defaults, 5 min with the recommended values. Deployments on those
// tentacles sit Executing with no progress that long: hung deployments, shorter under the fix.
import type { ScenarioInput } from "../sim/scenario/index.ts";

const scenario: ScenarioInput = {
  name: "rpc-stall",
  description: "Black-holed TCP mid-RPC: calls hang until the receive timeout (10 min default vs 5 min recommended, scaled)",
  seed: 11,
  strategies: [
    { name: "optimistic", label: "default-timeouts" },
    { name: "optimistic", label: "recommended-timeouts", overrides: { server: { rpc: { preset: "recommended" } } } },
  ],
  server: { nodes: 2, taskCap: 10 },
  fleet: { listening: 60, environments: 6, projects: 12, roles: ["web", "db"], stepsPerProject: { min: 1, max: 1 }, scriptDurationS: { min: 30, max: 60 } },
  load: { startRateRps: 3, stages: [{ rateRps: 3, durationS: 20 }], preAllocatedVUs: 4, maxVUs: 20, thresholds: { http_req_failed: ["rate<0.01"] } },
  faults: [{ atS: 3, forS: 14, kind: "black-hole", target: { fraction: 0.15 }, attributes: {} }],
  // 7 production minutes without progress counts as hung: the 10-minute default timeout crosses it, 5 minutes does not.
  slos: { hungTaskBoundS: 420 },
  invariants: ["all-accepted-terminal", "no-double-execution", "no-double-claim", "legal-transitions", "task-cap", "once-per-ticket", "no-hung-tasks"],
  drain: { timeoutS: 60 },
  expect: [
    { says: "with the default timeouts, black-holed calls leave deployments hung (no progress for > 7 min, scaled)", strategy: "default-timeouts", metric: "metrics.hungTasks", op: ">", value: 0 },
    { says: "the hung-task check catches them", strategy: "default-timeouts", metric: "checks.no-hung-tasks.valid", op: "==", value: false },
    { says: "with the recommended timeouts no deployment hangs that long", strategy: "recommended-timeouts", metric: "metrics.hungTasks", op: "==", value: 0 },
    { says: "both see the RPC timeouts themselves (outcome unknown)", strategy: "recommended-timeouts", metric: "metrics.rpcUnknownOutcomes", op: ">", value: 0 },
  ],
};

export default scenario;

/** The test's shorter run (scenarios/catalogue.test.ts). */
export const shortened = {
  load: { startRateRps: 3, stages: [{ rateRps: 3, durationS: 14 }] },
  faults: [{ atS: 2, forS: 11, kind: "black-hole", target: { fraction: 0.15 }, attributes: {} }],
};
