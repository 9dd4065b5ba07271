// polling-starvation (domain.md (e) 7; I#8670, I#9973, T#1263): a polling tentacle with ONE polling
// connection handles one RPC at a time, so slow package uploads keep other requests waiting in the
// node's queue past the polling request queue timeout (2 min, scaled): "did not collect the request
// within the allowed time". Five connections (today's default for workers) drain the same work.
import type { ScenarioInput } from "../sim/scenario/index.ts";

const scenario: ScenarioInput = {
  name: "polling-starvation",
  description: "Worker-like polling tentacles with 1 polling connection and slow uploads: requests not collected in time fail deployments; 5 connections fix it",
  seed: 23,
  strategies: [
    { name: "optimistic", label: "one-connection", overrides: { server: { rpc: { overrides: { pollingConnectionCount: 1 } } } } },
    { name: "optimistic", label: "five-connections", overrides: { server: { rpc: { overrides: { pollingConnectionCount: 5 } } } } },
  ],
  server: { nodes: 1, taskCap: 40 },
  fleet: {
    listening: 0, polling: 4, environments: 1, projects: 40, roles: ["worker"], stepsPerProject: { min: 1, max: 1 },
    scriptDurationS: { min: 30, max: 60 }, packageSizeMiB: 30, uploadSPerMiB: 1, bypassDeploymentMutex: true,
  },
  load: { startRateRps: 4, stages: [{ rateRps: 4, durationS: 15 }], preAllocatedVUs: 4, maxVUs: 20, thresholds: { http_req_failed: ["rate<0.01"] } },
  invariants: ["all-accepted-terminal", "no-double-execution", "no-double-claim", "legal-transitions", "task-cap", "once-per-ticket"],
  drain: { timeoutS: 90 },
  expect: [
    { says: "with one polling connection, requests wait past the collection timeout and deployments fail", strategy: "one-connection", metric: "failed", op: ">", value: 0 },
    { says: "with five connections, none fail", strategy: "five-connections", metric: "failed", op: "==", value: 0 },
  ],
};

export default scenario;

/** The test's shorter run (scenarios/catalogue.test.ts). */
export const shortened = { load: { startRateRps: 4, stages: [{ rateRps: 4, durationS: 8 }] } };
