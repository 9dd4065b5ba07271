// Configuration handed to one reference-server node process (sim/server/main.ts) as JSON in argv[2].
// Every interval is already scaled by the scenario's timeScale; the server does no scaling.

export interface StrategyOptions {
  /** pessimistic: keep the cluster-wide mutex while a tentacle call is in flight (the naive variant). */
  holdLockAcrossRpc?: boolean;
  /** optimistic: compare-and-swap retries before an update gives up (0 = the naive variant). */
  maxRetries?: number;
}

export interface ServerNodeConfig {
  /** Unique node name, e.g. "node-1". */
  nodeName: string;
  /** Loopback address and port the REST API listens on. */
  host: string;
  port: number;
  databaseUrl: string;
  /** Name of the concurrency strategy (a file in sim/server/strategies/). */
  strategy: string;
  strategyOptions: StrategyOptions;
  /** Required value of the API key header. */
  apiKey: string;
  /** MaxConcurrentTasks for this node. */
  taskCap: number;
  /** Interval between queue polls of this node's task loop. */
  pollIntervalMs: number;
  /** Interval between heartbeats (LastSeen). */
  heartbeatIntervalMs: number;
  /** Size of this node's PostgreSQL pool. */
  dbPoolSize: number;
  /** How long a query waits for a free pool connection before failing ("max pool size reached"); default 15000, 0 = forever. */
  dbAcquireTimeoutMs?: number;
  /** RPC settings for calls to tentacles. */
  rpc: RpcSettings;
  /** NDJSON file this node appends its history ops (rpc calls) to. */
  historyFile: string;
}

/** Halibut-like client settings, already scaled. */
export interface RpcSettings {
  /** Time allowed to establish a TCP connection. */
  connectTimeoutMs: number;
  /** Time allowed from request sent to the first byte of the response. */
  receiveResponseTimeoutMs: number;
  /** First script status poll delay; grows by statusPollBackoffFactor up to statusPollMaxMs (domain.md: 300 ms x1.15 -> 5 s). */
  statusPollInitialMs: number;
  statusPollBackoffFactor: number;
  statusPollMaxMs: number;
  /** Idle keep-alive connections kept per tentacle. */
  maxPooledConnectionsPerTentacle: number;
}

/** Messages a child process sends its parent over the IPC channel. */
export type ChildMessage =
  | { type: "ready"; detail?: Record<string, unknown> }
  | { type: "fatal"; message: string };
