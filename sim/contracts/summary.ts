// summary.json: the machine-readable result of one run (all strategies), written by sim/report and
// read by CI, compare and baseline. schemaVersion changes only when a field changes meaning.
import type { Validity } from "./checks.ts";
import type { Percentiles } from "./quantiles.ts";

export interface K6Outcome {
  /** Exit code of the k6 process (0 ok, 99 thresholds crossed; see ecosystem.md). */
  exitCode: number;
  /** Number of thresholds whose `ok` was false in the k6 summary. */
  thresholdsFailed: number;
  /** The crossed thresholds as "<metric>: <expression>". */
  failedThresholds: string[];
  /** http_reqs count (null when the summary is absent). */
  httpReqs: number | null;
  /** http_req_failed rate in [0, 1] (null when absent). */
  httpReqFailedRate: number | null;
  /** dropped_iterations count (0 when k6 dropped none; null when the summary is absent). */
  iterationsDropped: number | null;
}

export interface StrategySummary {
  /** Distinct task ids accepted by the load (ok `deployment:create`). */
  accepted: number;
  /** Accepted tasks in Success. */
  completed: number;
  /** Accepted tasks in Failed, TimedOut or Canceled. */
  failed: number;
  /** Accepted tasks in no terminal state or absent from the final state. */
  unfinished: number;
  /** completed per minute over [loadStartMs, last Success completion of an accepted task]. */
  throughputPerMin: number;
  /** StartTime - QueueTime over accepted tasks that started (ms, nearest rank). */
  queueWaitMs: Percentiles;
  /** CompletedTime - StartTime over completed (Success) accepted tasks (ms, nearest rank). */
  taskDurationMs: Percentiles;
  checks: Record<string, { valid: Validity; summary: string }>;
  k6?: K6Outcome;
}

export interface FaultWindowSummary {
  /** Strategy run whose history held this window. */
  strategy: string;
  kind: string;
  target: string;
  /** Applied / healed, ms relative to that strategy's load start; endMs null when never healed. */
  startMs: number;
  endMs: number | null;
}

export interface RunSummary {
  schemaVersion: 1;
  scenario: string;
  seed: number;
  /** ISO-8601 time the run started. */
  startedAt: string;
  durationMs: number;
  strategies: Record<string, StrategySummary>;
  faults: FaultWindowSummary[];
  verdict: { ok: boolean; reasons: string[] };
}
