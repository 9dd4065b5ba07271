// The wire contract of `taskstorm agent`, the service on each host of a run that starts, signals and
// reads that host's parts for the conductor. Every request carries the run's token
// (`authorization: Bearer <token>`); bodies are JSON and unknown fields are refused.
import type { FleetConfig } from "./fleet-config.ts";
import type { LoadPlan } from "./load-plan.ts";
import type { ServerNodeConfig } from "./server-config.ts";

export const AGENT_PATHS = {
  lease: "/v1/lease",
  clock: "/v1/clock",
  parts: "/v1/parts",
  files: "/v1/files",
  usage: "/v1/usage",
  shutdown: "/v1/shutdown",
} as const;

/** Env var through which an agent gives its host's clock skew to the node and fleet processes it starts (lib/clock.ts). */
export const CLOCK_SKEW_ENV = "TASKSTORM_CLOCK_SKEW_MS";

/** Header carrying the run's token: `authorization: Bearer <token>`. */
export const AGENT_AUTH_HEADER = "authorization";

export type AgentSignal = "SIGKILL" | "SIGTERM" | "SIGSTOP" | "SIGCONT";

/**
 * A part to start. Paths inside configs (historyFile, summaryFile) and `logFile` are relative to the
 * agent's own folder on its host; the conductor fetches them back with GET /v1/files/<path>.
 */
export type AgentPartRequest = { name: string; logFile: string } & (
  | { role: "node"; config: ServerNodeConfig }
  | { role: "fleet"; config: FleetConfig }
  | { role: "toxiproxy"; config: { port: number; seed: number } }
  | { role: "postgres"; config: { port: number; allowClients: string; maxConnections?: number } }
  | { role: "k6"; config: { plan: LoadPlan; segment: { index: number; count: number }; paused: boolean; restPort?: number; tags?: Record<string, string> } }
);

export type AgentPartRole = AgentPartRequest["role"];

/** What a started part reported: node {url}; toxiproxy {apiUrl}; postgres {url, adminUrl}; k6 {restUrl?}. */
export interface AgentPartStarted {
  name: string;
  pid: number;
  ready: Record<string, unknown>;
}

export interface AgentPartExit {
  code: number | null;
  signal: string | null;
}

export interface AgentPartStatus {
  name: string;
  role: AgentPartRole;
  pid: number;
  /** "stopped": SIGSTOPped (the kernel says T). */
  state: "running" | "stopped" | "exited";
  exit: AgentPartExit | null;
}

export interface AgentFile {
  /** Relative to the agent's folder. */
  path: string;
  sizeBytes: number;
}

export interface AgentUsage {
  /** Per part still known to the agent: its process's CPU time and resident memory. */
  parts: { name: string; pid: number; cpuMs: number; rssBytes: number }[];
  /** Everything on the host (every process in its network namespace): CPU time and resident memory. */
  host: { cpuMs: number; rssBytes: number };
  /** The machine's 1-minute load average and its CPUs. */
  loadAverage1m: number;
  cpus: number;
}
