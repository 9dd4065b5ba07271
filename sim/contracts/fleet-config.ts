// Configuration handed to one fleet process (sim/fleet/main.ts) as JSON in argv[2], and the
// description of each tentacle it hosts. The same seed gives the same behaviour on every run.

export interface TentacleSpec {
  /** Machine id, e.g. "Machines-17"; also the tentacle's actor name in the history. */
  id: string;
  /** Address the tentacle itself listens on (its own loopback address). */
  listenHost: string;
  listenPort: number;
  /** Name of a FleetConfig.behaviours group; absent = the fleet's default behaviour. */
  behaviour?: string;
}

/** A polling tentacle: it long-polls each endpoint (one per HA node, each through its own proxy). */
export interface PollingTentacleSpec {
  /** Machine id = the polling subscription id. */
  id: string;
  /** Loopback address its connections come from (distinct source addresses, as distinct machines have). */
  sourceHost?: string;
  /** One per node it polls: where to connect (its proxy in front of that node's polling endpoint). */
  endpoints: PollingEndpointSpec[];
  behaviour?: string;
}

export interface PollingEndpointSpec {
  /** Node name, e.g. "node-2". */
  node: string;
  /** Base URL to poll, e.g. "http://127.23.0.5:10944". */
  url: string;
}

/** How a tentacle behaves; all durations already scaled (run milliseconds). Seeded by (fleet seed, ticket or tentacle id). */
export interface TentacleBehaviour {
  /** Script duration range; `shape` uniform (default) or lognormal (median = geometric mean, range = +/- 2 sigma, clamped). */
  scriptDurationMs: { min: number; max: number; shape?: "uniform" | "lognormal" };
  /** Probability a script exits non-zero. */
  scriptFailureRate: number;
  /** Probability a script never completes (hangs until canceled or the tentacle crashes). */
  hangRate?: number;
  /** Time to receive one MiB of an uploaded package (0 = instant). */
  uploadMsPerMiB?: number;
  /** Crashes at seeded exponential intervals with this mean, staying down downMs each time; running scripts die. */
  crash?: { meanIntervalMs: number; downMs: number };
  /** OctopusBypassDeploymentMutex: scripts skip the isolation mutex. */
  bypassDeploymentMutex?: boolean;
}

/** Tentacle-side Halibut settings, already scaled. */
export interface TentacleHalibutSettings {
  /** Idle time after which a listening tentacle closes a kept-alive connection (TcpListeningNextRequestIdleTimeout). */
  listeningIdleTimeoutMs: number;
  /** Polling: time to wait for the next request or null message before the connection counts as dead (TcpClientReceiveRequestTimeoutForPolling). */
  pollingReceiveRequestTimeoutMs: number;
  /** Polling: TCP connect timeout (TcpClientConnectTimeout). */
  connectTimeoutMs: number;
  /** Polling connections per node (1 in old Tentacles, N now). */
  pollingConnectionCount: number;
  /** Polling reconnect after a failure: at once (the socket-exhaustion bug) or Halibut's randomized backoff. */
  reconnect: "immediate" | "randomized-backoff";
  /** Randomized backoff bounds: delay = elapsed x (1 + rand), clamped to [min, max]. */
  reconnectMinMs: number;
  reconnectMaxMs: number;
  /** TCP keepalive idle time on tentacle sockets; 0 = keepalive off. */
  tcpKeepAliveIdleMs: number;
}

export interface FleetConfig {
  /** Actor-name prefix and seed for this fleet process. */
  fleetName: string;
  seed: number;
  tentacles: TentacleSpec[];
  /** Script duration is drawn uniformly from [min, max] per script, seeded by ticket. */
  scriptDurationMs: { min: number; max: number };
  /** Probability a script exits non-zero. */
  scriptFailureRate: number;
  /** NDJSON file the fleet appends its journal (script:run ops) to. */
  historyFile: string;
  /** Polling tentacles hosted by this process (may be the only ones: `tentacles` may then be empty). */
  pollingTentacles?: PollingTentacleSpec[];
  /** Named behaviour groups tentacles refer to; the default behaviour is scriptDurationMs + scriptFailureRate. */
  behaviours?: Record<string, TentacleBehaviour>;
  /** Absent = Halibut's production defaults, unscaled (sim/fleet/behaviour.ts). */
  halibut?: TentacleHalibutSettings;
  /** Where the process serves GET /metrics (Prometheus text); absent = it serves none. */
  metrics?: { host: string; port: number };
}

/** Messages the harness sends a fleet process over IPC after it is ready. */
export type FleetCommand =
  | { type: "usage"; requestId: number }
  /** Crash these tentacles now; each restarts after downMs. */
  | { type: "crash"; ids: string[]; downMs: number };

/** A fleet process's answer to a usage command. */
export interface FleetReport {
  type: "usage";
  requestId: number;
  rssBytes: number;
  /** process.cpuUsage() totals since the process started, microseconds. */
  cpuUserUs: number;
  cpuSystemUs: number;
  /** Polling connection attempts that failed so far. */
  pollingFailures: number;
}
