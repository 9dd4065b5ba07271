// Series derived from the history: deployment-create latency and errors as the load saw them, RPC
// timeouts (info: outcome unknown) and failures per second, and tasks hung (silent beyond the bound).
import type { DeploymentCreateValue, HistoryOp, TaskEventRow } from "../../contracts/index.ts";
import { percentiles, silentSpans } from "../../contracts/index.ts";
import { binOf, coverage, ratePerS, type Axis, type Series } from "./axis.ts";

export interface HistorySeries {
  createLatencyP95Ms: Series;
  createErrorsPerS: Series;
  rpcTimeoutsPerS: Series;
  rpcFailuresPerS: Series;
  /** Absent without a hung-task bound. */
  hungTasks?: Series;
}

export function historySeries(axis: Axis, history: readonly HistoryOp[], events: readonly TaskEventRow[], hung?: { boundMs: number; untilMs: number }): HistorySeries {
  const latencies: number[][] = Array.from({ length: axis.bins }, () => []);
  const createErrors = new Float64Array(axis.bins);
  const timeouts = new Float64Array(axis.bins);
  const failures = new Float64Array(axis.bins);
  for (const op of history) {
    if (op.type === "invoke") continue;
    const b = binOf(axis, op.time);
    if (b < 0) continue;
    if (op.f === "deployment:create") {
      const latencyMs = (op.value as DeploymentCreateValue | null)?.latencyMs;
      if (typeof latencyMs === "number" && Number.isFinite(latencyMs)) latencies[b]!.push(latencyMs);
      if (op.type !== "ok") createErrors[b]!++;
    } else if (op.f.startsWith("rpc:")) {
      if (op.type === "info") timeouts[b]!++;
      else if (op.type === "fail") failures[b]!++;
    }
  }
  const out: HistorySeries = {
    createLatencyP95Ms: latencies.map((l) => percentiles(l).p95),
    createErrorsPerS: ratePerS(axis, createErrors),
    rpcTimeoutsPerS: ratePerS(axis, timeouts),
    rpcFailuresPerS: ratePerS(axis, failures),
  };
  if (hung) {
    const spans = silentSpans(history, events, hung.boundMs, hung.untilMs);
    out.hungTasks = coverage(axis, spans.map((s) => [s.fromMs + hung.boundMs, s.endedBy === "end-of-observation" ? Infinity : s.untilMs] as const));
  }
  return out;
}
