// Configuration handed to one reference-server node process (sim/server/main.ts) as JSON in argv[2].
// Every interval is already scaled by the scenario's timeScale; the server does no scaling.

/** The concurrency strategies a node can run (sim/server/strategies/index.ts has one factory per name). */
export const STRATEGY_NAMES = ["pessimistic", "optimistic"] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];
export const isStrategyName = (name: string): name is StrategyName => (STRATEGY_NAMES as readonly string[]).includes(name);

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
  /** A node not seen for this long is offline (no leader, no capacity); default 10 x heartbeatIntervalMs. */
  offlineAfterMs?: number;
  /** The leader fails Executing/Cancelling tasks of a node not seen for this long (HA doc: 1 h); default 120 x heartbeatIntervalMs. */
  reclaimAfterMs?: number;
  /** Interval of each running task's progress write (LastUpdatedTime, log flush, cancel/interruption check); default pollIntervalMs. */
  progressIntervalMs?: number;
  /** The leader queues a Health task touching every tentacle this often; 0 or absent = never. */
  healthCheckIntervalMs?: number;
  /** The leader counts a running task as hung when its LastUpdatedTime is older than this; default 10 x progressIntervalMs. */
  hungTaskAfterMs?: number;
  /**
   * A task's progress and final writes (and its executor's database reads) ride out database errors:
   * retried with jittered exponential backoff from 50 ms up to dbRetryMaxDelayMs, until this long after
   * the first attempt; default hungTaskAfterMs. A final write still not written then stays with the node,
   * which writes it once its database answers again (sim/server/README.md, "Database blips").
   */
  dbRetryForMs?: number;
  /** Longest pause between two attempts of a retried database operation; default progressIntervalMs. */
  dbRetryMaxDelayMs?: number;
  /**
   * The leader fails a running task of an online node once it has seen it hung (no write for
   * hungTaskAfterMs), on an online owner and at the same version, for this long; default hungTaskAfterMs.
   * Must exceed the time an owner needs to write once its database is back (dbRetryMaxDelayMs, pollIntervalMs).
   */
  failHungTaskAfterMs?: number;
  /** Targets a step (or health check) runs on at once (Octopus.Action.MaxParallelism); default 10. */
  maxParallelism?: number;
  /** Production bugs to reproduce; all off by default. */
  bugs?: ServerBugs;
}

/** Switches that reproduce production incidents (domain.md (c)); each off unless true. */
export interface ServerBugs {
  /** Pickup reads the queue and marks tasks Executing with no lock and no version check (2023.3: one task executed on several nodes). */
  pickupWithoutLock?: boolean;
  /** A node's executor writes its task blindly from memory, so a paused node that resumes overwrites a task reclaimed meanwhile. */
  noFencingOnResume?: boolean;
  /** The progress writer saves a stale copy of the task row (state, HasPendingInterruptions): lost cancel, stale interruption flag. */
  staleSnapshotWrites?: boolean;
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
  // The fields below are optional; sim/server/rpc/settings.ts fills absent ones with Halibut's production
  // defaults (unscaled), except `retry` and `pollingListen`, which are off when absent.
  /** TcpClientTimeout: inactivity allowed while sending a request / while reading a response after its first byte. */
  sendTimeoutMs?: number;
  receiveTimeoutMs?: number;
  /** TcpClientPooledConnectionTimeout: an idle pooled connection is closed after this. */
  pooledConnectionTimeoutMs?: number;
  /** Halibut's listening connect retry (before the request could have been processed): RetryCountLimit, RetryListeningSleepInterval, ConnectionErrorRetryTimeout. */
  connectRetry?: { countLimit: number; sleepMs: number; timeoutMs: number };
  /** TCP keepalive idle time on the node's sockets; 0 = off. */
  tcpKeepAliveIdleMs?: number;
  /** PollingQueueWaitTimeout: a waiting poll gets a null message after this. */
  pollingQueueWaitTimeoutMs?: number;
  /** PollingRequestQueueTimeout: a request not collected by the polling tentacle within this fails. */
  pollingRequestQueueTimeoutMs?: number;
  /** MaximumActiveTcpConnectionsPerPollingSubscription; 0 = unlimited. */
  maxConnectionsPerPollingSubscription?: number;
  /** Where this node's polling endpoint listens (Halibut's 10943); absent = no polling endpoint. */
  pollingListen?: { host: string; port: number };
  /** Octopus's RPC retry layer: retry retryable failures until durationMs after the first attempt, sleeping min(attempt, sleepMaxSteps) x sleepStepMs. Absent = no retries. */
  retry?: { durationMs: number; sleepStepMs: number; sleepMaxSteps: number };
  /** How long StartScript asks the tentacle to wait for the script to finish before replying (Tentacle: 5 s). */
  startScriptWaitMs?: number;
  /** Halibut heartbeat (NEXT/PROCEED/END control messages) settings, carried for reports; not modelled on the wire. */
  heartbeat?: { enabled: boolean; sendTimeoutMs: number; receiveTimeoutMs: number };
}

/** Messages a child process sends its parent over the IPC channel. */
export type ChildMessage =
  | { type: "ready"; detail?: Record<string, unknown> }
  | { type: "fatal"; message: string };

/** What the harness sends a child (node, fleet) first over IPC: its config, never in argv. */
export type ParentMessage = { type: "config"; config: unknown };
