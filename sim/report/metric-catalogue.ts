// The named figures of a strategy that reports, compare, --baseline and --repeat judge: where each is
// read from a StrategySummary, its unit, which way is better, and the smallest change that counts
// (so 3 ms -> 5 ms is not a "67 % regression"). One table; adding a figure is one line.
import type { StrategySummary } from "../contracts/index.ts";

export interface MetricDef {
  key: string;
  label: string;
  unit: string;
  better: "lower" | "higher";
  /** Changes smaller than this (absolute, in the metric's unit) are never regressions. */
  minDelta: number;
  read(s: StrategySummary): number | null;
}

const fromMetrics = (key: string) => (s: StrategySummary) => s.metrics?.[key] ?? null;

export const METRICS: readonly MetricDef[] = [
  { key: "throughputPerMin", label: "throughput", unit: "Success/min", better: "higher", minDelta: 1, read: (s) => s.throughputPerMin },
  { key: "queueWaitP95Ms", label: "queue wait p95", unit: "ms", better: "lower", minDelta: 100, read: (s) => s.queueWaitMs.p95 },
  { key: "taskDurationP95Ms", label: "task duration p95", unit: "ms", better: "lower", minDelta: 100, read: (s) => s.taskDurationMs.p95 },
  { key: "failed", label: "failed tasks", unit: "tasks", better: "lower", minDelta: 0.5, read: (s) => s.failed },
  { key: "unfinished", label: "unfinished tasks", unit: "tasks", better: "lower", minDelta: 0.5, read: (s) => s.unfinished },
  { key: "timeToRecoverMs", label: "time to recover", unit: "ms", better: "lower", minDelta: 1000, read: (s) => s.timeToRecoverMs ?? null },
  { key: "hungTasks", label: "hung tasks", unit: "tasks", better: "lower", minDelta: 0.5, read: fromMetrics("hungTasks") },
  { key: "doubleExecutions", label: "double executions", unit: "executions", better: "lower", minDelta: 0.5, read: fromMetrics("doubleExecutions") },
  { key: "doubleClaims", label: "double claims", unit: "tasks", better: "lower", minDelta: 0.5, read: fromMetrics("doubleClaims") },
  { key: "rpcUnknownOutcomes", label: "RPCs with unknown outcome (timeouts, resets)", unit: "calls", better: "lower", minDelta: 0.5, read: fromMetrics("rpcUnknownOutcomes") },
  { key: "pollingConnectsPeakPerS", label: "polling connects, peak per second", unit: "per s", better: "lower", minDelta: 1, read: fromMetrics("pollingConnectsPeakPerS") },
  { key: "rpcRetries", label: "RPC retries", unit: "calls", better: "lower", minDelta: 0.5, read: fromMetrics("rpcRetries") },
  { key: "rpcFailures", label: "RPC failures", unit: "calls", better: "lower", minDelta: 0.5, read: fromMetrics("rpcFailures") },
  { key: "createErrorRatio", label: "create error ratio", unit: "ratio", better: "lower", minDelta: 0.005, read: fromMetrics("createErrorRatio") },
  { key: "createLatencyP95Ms", label: "create latency p95", unit: "ms", better: "lower", minDelta: 50, read: fromMetrics("createLatencyP95Ms") },
  { key: "mutexWaitP95Ms", label: "mutex wait p95", unit: "ms", better: "lower", minDelta: 10, read: fromMetrics("mutexWaitP95Ms") },
  { key: "rowLockWaitP95Ms", label: "row lock wait p95", unit: "ms", better: "lower", minDelta: 10, read: fromMetrics("rowLockWaitP95Ms") },
  { key: "conflicts", label: "version conflicts", unit: "conflicts", better: "lower", minDelta: 0.5, read: fromMetrics("conflicts") },
  { key: "retries", label: "write retries", unit: "retries", better: "lower", minDelta: 0.5, read: fromMetrics("retries") },
  { key: "dbLocksWaitingPeak", label: "DB lock waits (peak)", unit: "locks", better: "lower", minDelta: 0.5, read: fromMetrics("dbLocksWaitingPeak") },
  { key: "dbPoolWaitingPeak", label: "DB pool waiting (peak)", unit: "queries", better: "lower", minDelta: 0.5, read: fromMetrics("dbPoolWaitingPeak") },
  { key: "deadlocks", label: "deadlocks", unit: "deadlocks", better: "lower", minDelta: 0.5, read: fromMetrics("deadlocks") },
  { key: "healthTasks", label: "health-check tasks started", unit: "tasks", better: "higher", minDelta: 0.5, read: fromMetrics("healthTasks") },
  { key: "healthTaskDurationP50Ms", label: "health-check task duration p50 (slot held)", unit: "ms", better: "lower", minDelta: 100, read: fromMetrics("healthTaskDurationP50Ms") },
  { key: "healthTaskDurationP95Ms", label: "health-check task duration p95 (slot held)", unit: "ms", better: "lower", minDelta: 100, read: fromMetrics("healthTaskDurationP95Ms") },
  { key: "healthSlotShare", label: "share of task-cap slot time held by health checks", unit: "ratio", better: "lower", minDelta: 0.02, read: fromMetrics("healthSlotShare") },
];

export function metricDef(key: string): MetricDef | undefined {
  return METRICS.find((m) => m.key === key);
}

/** A value as people read it: integers plain, others to 3 significant digits; "–" for null. */
export function formatValue(v: number | null | undefined, unit = ""): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  const text = Number.isInteger(v) ? String(v) : Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3);
  return unit === "ratio" ? `${(v * 100).toPrecision(3)}%` : text;
}
