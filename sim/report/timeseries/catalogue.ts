// Every time series a report can chart, in display order, with its title and unit. A series is charted
// when at least one strategy has it (e.g. mutex waits only exist where a strategy takes the mutex).
export interface SeriesDef {
  key: string;
  title: string;
  unit: string;
}

export const SERIES: readonly SeriesDef[] = [
  { key: "throughputPerMin", title: "Throughput", unit: "Success/min" },
  { key: "queueDepth", title: "Queue depth", unit: "tasks Queued" },
  { key: "executing", title: "Executing", unit: "tasks Executing or Cancelling" },
  { key: "queueWaitP95Ms", title: "Queue wait p95 of tasks started", unit: "ms" },
  { key: "createLatencyP95Ms", title: "Deployment create latency p95", unit: "ms" },
  { key: "createErrorsPerS", title: "Deployment create errors", unit: "per s" },
  { key: "mutexWaitP95Ms", title: "Cluster mutex wait p95", unit: "ms" },
  { key: "mutexHoldP95Ms", title: "Cluster mutex hold p95", unit: "ms" },
  { key: "rowLockWaitP95Ms", title: "Row lock wait p95", unit: "ms" },
  { key: "conflictsPerS", title: "Version conflicts", unit: "per s" },
  { key: "retriesPerS", title: "Write retries", unit: "per s" },
  { key: "rpcTimeoutsPerS", title: "RPC timeouts (outcome unknown)", unit: "per s" },
  { key: "rpcFailuresPerS", title: "RPC failures", unit: "per s" },
  { key: "rpcInFlight", title: "RPCs in flight", unit: "calls" },
  { key: "hungTasks", title: "Hung tasks (silent beyond the bound)", unit: "tasks" },
  { key: "dbWaitAdvisory", title: "DB sessions waiting on an advisory lock", unit: "sessions" },
  { key: "dbWaitRowLock", title: "DB sessions waiting on a row lock", unit: "sessions" },
  { key: "dbWaitTransactionId", title: "DB sessions waiting on a transaction", unit: "sessions" },
  { key: "dbLocksWaiting", title: "DB locks not granted", unit: "locks" },
  { key: "dbPoolWaiting", title: "Queries waiting for a pool connection", unit: "queries" },
  { key: "deadlocks", title: "Deadlocks", unit: "per bin" },
  { key: "toxicsActive", title: "Active Toxiproxy toxics", unit: "toxics" },
  { key: "proxiesDisabled", title: "Disabled Toxiproxy proxies", unit: "proxies" },
];
