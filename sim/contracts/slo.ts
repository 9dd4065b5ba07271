// Service-level objectives of a scenario (its `slos` section) and their evaluation per strategy, per
// phase of the run: before the first fault, during faults, after the last heal. Pure types.

export const PHASES = ["before", "during", "after"] as const;
export type PhaseName = (typeof PHASES)[number];

/** Limits on one phase; each is optional. Ratios are in [0, 1]. */
export interface PhaseSloSpec {
  /** p95 of StartTime - QueueTime over accepted tasks queued in the phase. */
  maxQueueWaitP95Ms?: number;
  /** Success completions in the phase per minute of the phase. */
  minThroughputPerMin?: number;
  /** Accepted tasks queued in the phase that ended Failed/TimedOut/Canceled or never finished. */
  maxFailedRatio?: number;
  /** deployment:create requests in the phase that failed or timed out. */
  maxCreateErrorRatio?: number;
  /** p95 latency of deployment:create requests in the phase, as the load generator saw it. */
  maxCreateLatencyP95Ms?: number;
}

export interface SloSpec {
  before?: PhaseSloSpec;
  during?: PhaseSloSpec;
  after?: PhaseSloSpec;
  /** Run seconds from the last heal until the queue depth is back to its before-faults baseline. */
  maxTimeToRecoverS?: number;
}

/** Numbers of one phase. Times relative to the strategy's load start. */
export interface PhaseStats {
  startMs: number;
  endMs: number;
  tasksQueued: number;
  queueWaitP95Ms: number | null;
  throughputPerMin: number;
  /** Of the tasks queued in the phase, those that ended Failed or TimedOut or never ended (operator cancels are not failures). */
  failedRatio: number | null;
  createRequests: number;
  createErrorRatio: number | null;
  createLatencyP95Ms: number | null;
}

export type SloStatus = "pass" | "fail" | "unknown" | "skipped";

export interface SloResult {
  /** "during.maxQueueWaitP95Ms", "maxTimeToRecoverS". */
  name: string;
  phase: PhaseName | null;
  limit: number;
  observed: number | null;
  /** unknown: the phase had no data; skipped: the phase did not exist (e.g. no faults). Both are explained in detail. */
  status: SloStatus;
  detail: string;
}
