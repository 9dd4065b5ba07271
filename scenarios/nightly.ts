// nightly: the enterprise-scale run for a nightly CI job (domain.md (d): 3-4 nodes, caps 20-40,
// thousands of tentacles; a fifth polling here to stay within 2 cores), arrivals
// ramping to 8 deployments/s, and mixed faults: latency, a black hole, TCP resets, a killed node, a
// slow database link. About 4-5 minutes per column; no `expect` (it is a regression run: compare it
// with --baseline, repeat it with --repeat). timeScale 1/10 keeps idle polling traffic affordable.
// Calibration (seed 2026, measured): a deployment runs ~15 scripts, so a per-script failure rate of
// 0.01 failed ~13% of deployments by itself and hid the faults; 0.001 fails ~1.3%. The resets last 10 s,
// inside the retry window (2 m 30 s x 1/10 = 15 s), and retries absorb them. What fails, per column
// (of ~1,470): ~20 black-holed calls that outlive the retry window and fail when the heal resets them
// (domain.md (e) 10), ~6 polling requests never collected, ~17 tasks orphaned by node-2's kill, ~20
// script failures; operator cancels (~46) end Canceled and are not counted by the failed-ratio SLO.
import type { ScenarioInput } from "../sim/scenario/index.ts";

const scenario: ScenarioInput = {
  name: "nightly",
  description: "Enterprise scale: 3 nodes x cap 20, 2,500 tentacles (500 polling), up to 8 deployments/s for 4 min (~70% of capacity), mixed faults",
  seed: 2026,
  timeScale: 1 / 10,
  strategies: ["pessimistic", "optimistic"],
  server: { nodes: 3, taskCap: 20, dbPoolSize: 20 },
  fleet: {
    // 25 environments x 10 roles: about 10 targets per deployment, one wave at maxParallelism 10
    listening: 2000, polling: 500, segments: 4, environments: 25, projects: 120,
    roles: ["web", "api", "db", "cache", "queue", "worker", "batch", "search", "edge", "auth"],
    stepsPerProject: { min: 1, max: 2 }, scriptDurationS: { min: 10, max: 40 }, scriptDurationShape: "lognormal", scriptFailureRate: 0.001,
  },
  load: {
    startRateRps: 2, stages: [{ rateRps: 8, durationS: 120 }, { rateRps: 8, durationS: 90 }, { rateRps: 2, durationS: 30 }],
    preAllocatedVUs: 20, maxVUs: 100, // creating deployments must not fail; a cancel of a task that just finished (409) is an ordinary outcome
    thresholds: { "http_req_failed{name:POST /api/deployments}": ["rate<0.02"] },
    cancels: { ratePerS: 0.2, states: ["Queued", "Executing"] },
    dashboards: { vus: 5, intervalS: 5 },
  },
  faults: [
    { atS: 30, forS: 60, kind: "latency", target: { fraction: 0.1 }, attributes: { latencyMs: 200, jitterMs: 50 } },
    { atS: 80, forS: 40, kind: "black-hole", target: { segment: "dc-2", fraction: 0.05 }, attributes: {} },
    { atS: 120, forS: 10, kind: "reset-peer", target: { mode: "listening", fraction: 0.05 }, attributes: {} },
    { atS: 150, forS: 20, kind: "kill", target: { nodes: ["node-2"] }, attributes: {} },
    { atS: 180, forS: 30, kind: "latency", target: { database: ["node-3"] }, attributes: { latencyMs: 20 } },
  ],
  slos: { hungTaskBoundS: 1200, after: { maxFailedRatio: 0.05 } },
  invariants: ["all-accepted-terminal", "no-double-execution", "no-double-claim", "legal-transitions", "task-cap", "once-per-ticket", "cancels-honoured"],
  drain: { timeoutS: 180 },
};

export default scenario;
