// reconnect-storm (domain.md (e) 9; I#6482, I#3190): a node restarts while hundreds of polling tentacles
// poll it. Reconnecting immediately and in lockstep (the bug behind socket exhaustion) hits the node
// with a connect spike; Halibut's randomized backoff (delay = elapsed x (1 + rand), 5 s to 2 min)
// spreads the same reconnects out.
import type { ScenarioInput } from "../sim/scenario/index.ts";

const scenario: ScenarioInput = {
  name: "reconnect-storm",
  description: "A node restart under 300 polling tentacles: immediate reconnects spike, randomized backoff smooths",
  seed: 19,
  timeScale: 1 / 10,
  strategies: [
    { name: "optimistic", label: "immediate-reconnect", overrides: { server: { rpc: { overrides: { pollingReconnect: "immediate" } } } } },
    { name: "optimistic", label: "randomized-backoff", overrides: { server: { rpc: { overrides: { pollingReconnect: "randomized-backoff" } } } } },
  ],
  server: { nodes: 2, taskCap: 10 },
  fleet: { listening: 0, polling: 300, environments: 6, projects: 12, roles: ["web"], stepsPerProject: { min: 1, max: 1 }, scriptDurationS: { min: 5, max: 10 } },
  load: { startRateRps: 1, stages: [{ rateRps: 1, durationS: 20 }], preAllocatedVUs: 4, maxVUs: 20, thresholds: {} },
  faults: [{ atS: 5, forS: 5, kind: "kill", target: { nodes: ["node-1"] }, attributes: {} }],
  invariants: ["no-double-execution", "no-double-claim", "legal-transitions", "task-cap", "once-per-ticket"],
  drain: { timeoutS: 60 },
  // Each immediate reconnect to the killed node is refused at once and retried at once: the fleet spins a
  // full core while the node is down (real tentacles spin their own CPUs). A saturated fleet can only
  // deliver fewer connects, so it lowers the peak the expectation says is higher; it cannot make it pass.
  // Measured: fleet-1 at >= 0.9 cores in 31% of samples in 3 of 5 shortened runs on a quiet machine.
  expectedSaturation: [{ strategy: "immediate-reconnect", parts: ["fleet"], why: "immediate reconnects to a down node spin the tentacles' fleet; a saturated fleet only lowers immediate-reconnect's connect peak" }],
  expect: [
    // Measured: 300 vs 62-70 connects/s (4.3-4.8x) on a quiet machine; 182 vs 66 (2.8x) in a loaded CI
    // run, where the restarting node accepted the storm over more than one second.
    { says: "immediate reconnects peak at least 2x higher than randomized backoff", strategy: "immediate-reconnect", metric: "metrics.pollingConnectsPeakPerS", op: ">", than: "randomized-backoff", factor: 2 },
  ],
};

export default scenario;

/** The test's shorter run (scenarios/catalogue.test.ts). */
export const shortened = { load: { startRateRps: 1, stages: [{ rateRps: 1, durationS: 14 }] }, faults: [{ atS: 4, forS: 4, kind: "kill", target: { nodes: ["node-1"] }, attributes: {} }] };
