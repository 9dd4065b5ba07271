// The scenario's `slos` section: limits per phase of the run (before faults, during, after the last
// heal), the time allowed to recover, and the hung-task bound. Matches SloSpec in contracts/slo.ts.
import { z } from "zod";

const nonNegative = z.number().min(0);
const ratio = z.number().min(0).max(1);

export const phaseSloSchema = z.object({
  maxQueueWaitP95Ms: nonNegative.optional(),
  minThroughputPerMin: nonNegative.optional(),
  maxFailedRatio: ratio.optional(),
  maxCreateErrorRatio: ratio.optional(),
  maxCreateLatencyP95Ms: nonNegative.optional(),
}).strict();

export const sloSchema = z.object({
  before: phaseSloSchema.optional(),
  during: phaseSloSchema.optional(),
  after: phaseSloSchema.optional(),
  /** RUN seconds from the last heal until the queue depth is back to its before-faults baseline. */
  maxTimeToRecoverS: z.number().gt(0).optional(),
  /** PRODUCTION seconds (scaled by timeScale) a task may sit Executing/Cancelling without progress before it counts as hung. */
  hungTaskBoundS: z.number().gt(0),
}).strict();
