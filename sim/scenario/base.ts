// The base scenario every scenario file is merged over (Jepsen's noop-test): one node, a handful of
// tentacles, a trickle of load, no faults. Scenarios override only what they need.

import type { z } from "zod";
import type { scenarioSchema } from "./schema.ts";

export const baseScenario: Omit<z.input<typeof scenarioSchema>, "name" | "description"> = {
  seed: 1,
  timeScale: 1 / 60,
  strategies: ["pessimistic", "optimistic"],
  server: {
    nodes: 1,
    taskCap: 5,
    pollIntervalS: 20,
    heartbeatIntervalS: 30,
    dbPoolSize: 10,
    rpc: { preset: "default", overrides: {}, maxPooledConnectionsPerTentacle: 5 },
  },
  fleet: {
    listening: 10,
    environments: 2,
    projects: 4,
    roles: ["web"],
    stepsPerProject: { min: 1, max: 1 },
    scriptDurationS: { min: 0, max: 0 },
    scriptFailureRate: 0,
  },
  load: { startRateRps: 1, stages: [{ rateRps: 1, durationS: 5 }], preAllocatedVUs: 2, maxVUs: 10, thresholds: {} },
  faults: [],
  invariants: [
    "all-accepted-terminal", "no-double-execution", "no-double-claim", "legal-transitions",
    "task-cap", "concurrency-tag", "no-hung-tasks", "once-per-ticket",
  ],
  expect: [],
  // 15 production minutes: beyond the 10-minute Halibut read timeout, so a stall the server does not end is a hang.
  slos: { hungTaskBoundS: 900 },
  drain: { timeoutS: 30 },
};
