// Evaluates a scenario's SLOs (contracts/slo.ts) on one strategy's phase numbers and recovery time.
// pass/fail against each limit; "unknown" when the phase had no data for that figure; "skipped" when
// the phase did not happen (no faults: no during/after phase), which does not fail the verdict.
import type { PhaseName, PhaseSloSpec, PhaseStats, SloResult, SloSpec } from "../contracts/index.ts";
import { PHASES } from "../contracts/index.ts";

type Limit = keyof PhaseSloSpec;
const FIGURE: Record<Limit, { read: (p: PhaseStats) => number | null; max: boolean; what: string }> = {
  maxQueueWaitP95Ms: { read: (p) => p.queueWaitP95Ms, max: true, what: "queue wait p95 (ms)" },
  minThroughputPerMin: { read: (p) => p.throughputPerMin, max: false, what: "throughput (Success/min)" },
  maxFailedRatio: { read: (p) => p.failedRatio, max: true, what: "failed ratio" },
  maxCreateErrorRatio: { read: (p) => p.createErrorRatio, max: true, what: "create error ratio" },
  maxCreateLatencyP95Ms: { read: (p) => p.createLatencyP95Ms, max: true, what: "create latency p95 (ms)" },
};

export function evaluateSlos(spec: SloSpec | undefined, phases: Record<PhaseName, PhaseStats | null>, recoverMs: number | null | undefined): SloResult[] {
  const results: SloResult[] = [];
  for (const phase of PHASES) {
    for (const [limitName, limit] of Object.entries(spec?.[phase] ?? {}) as [Limit, number | undefined][]) {
      if (limit === undefined) continue;
      const name = `${phase}.${limitName}`;
      const { read, max, what } = FIGURE[limitName];
      const stats = phases[phase];
      const bound = `${max ? "<=" : ">="} ${limit}`;
      if (!stats) {
        results.push({ name, phase, limit, observed: null, status: "skipped", detail: `no ${phase} phase in this run (${phase === "before" ? "faults from the start" : "no faults"})` });
        continue;
      }
      const observed = read(stats);
      if (observed === null) {
        results.push({ name, phase, limit, observed, status: "unknown", detail: `${what} has no data in the ${phase} phase (${stats.tasksQueued} tasks queued, ${stats.createRequests} create requests)` });
        continue;
      }
      const ok = max ? observed <= limit : observed >= limit;
      results.push({ name, phase, limit, observed, status: ok ? "pass" : "fail", detail: `${what} ${round(observed)} ${ok ? "within" : "breaks"} ${bound} (${phase}: ${round(stats.startMs / 1000)}-${round(stats.endMs / 1000)} s)` });
    }
  }
  if (spec?.maxTimeToRecoverS !== undefined) {
    const limit = spec.maxTimeToRecoverS;
    const name = "maxTimeToRecoverS";
    if (recoverMs === undefined || (recoverMs === null && !phases.during)) {
      results.push({ name, phase: null, limit, observed: null, status: "skipped", detail: "no faults, so nothing to recover from" });
    } else if (recoverMs === null) {
      results.push({ name, phase: null, limit, observed: null, status: "fail", detail: "the queue never got back to its before-faults depth before the run ended" });
    } else {
      const s = recoverMs / 1000;
      results.push({ name, phase: null, limit, observed: s, status: s <= limit ? "pass" : "fail", detail: `queue back to its baseline ${round(s)} s after the last heal (limit ${limit} s)` });
    }
  }
  return results;
}

function round(v: number): number {
  return Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 1000) / 1000;
}
