// StrategySummary.metrics: figures beyond the task counts, from the history (RPC outcomes, create
// requests), the checks' counts, the hung-task spans and the scraped series' whole-run totals.
import type { CheckResult, DeploymentCreateValue, HistoryOp, TaskEventRow } from "../contracts/index.ts";
import { percentiles, silentSpans } from "../contracts/index.ts";
import type { ScrapeDigest } from "./timeseries/scrape-series.ts";

export interface MetricsInput {
  history: readonly HistoryOp[];
  events: readonly TaskEventRow[];
  checks: Record<string, CheckResult>;
  scrape?: ScrapeDigest;
  hung?: { boundMs: number; untilMs: number };
}

export function strategyMetrics(input: MetricsInput): Record<string, number | null> {
  let rpcUnknownOutcomes = 0;
  let rpcFailures = 0;
  let rpcRetries = 0;
  let requests = 0;
  let errors = 0;
  const latencies: number[] = [];
  for (const op of input.history) {
    if (op.type === "invoke") {
      if (op.f.startsWith("rpc:") && ((op.value as { attempt?: number } | null)?.attempt ?? 1) > 1) rpcRetries++;
      continue;
    }
    if (op.f.startsWith("rpc:")) {
      // info: outcome unknown (timeouts, resets after the request was sent); fail: known not done
      if (op.type === "info") rpcUnknownOutcomes++;
      else if (op.type === "fail") rpcFailures++;
    } else if (op.f === "deployment:create") {
      requests++;
      if (op.type !== "ok") errors++;
      const latencyMs = (op.value as DeploymentCreateValue | null)?.latencyMs;
      if (typeof latencyMs === "number" && Number.isFinite(latencyMs)) latencies.push(latencyMs);
    }
  }
  const count = (check: string, key: string) => input.checks[check]?.counts?.[key] ?? null;
  const totals = input.scrape?.totals ?? {};
  const total = (key: string) => totals[key] ?? null;
  return {
    hungTasks: input.hung ? new Set(silentSpans(input.history, input.events, input.hung.boundMs, input.hung.untilMs).map((s) => s.taskId)).size : null,
    doubleExecutions: count("no-double-execution", "doubleExecuted"),
    doubleClaims: count("no-double-claim", "claimedTwice"),
    rpcUnknownOutcomes,
    rpcFailures,
    rpcRetries,
    createErrorRatio: requests === 0 ? null : errors / requests,
    createLatencyP95Ms: percentiles(latencies).p95,
    mutexWaitP95Ms: total("mutexWaitP95Ms"),
    rowLockWaitP95Ms: total("rowLockWaitP95Ms"),
    conflicts: total("conflictsPerS"),
    retries: total("retriesPerS"),
    dbLocksWaitingPeak: total("dbLocksWaiting"),
    dbPoolWaitingPeak: total("dbPoolWaiting"),
    deadlocks: total("deadlocks"),
    pollingConnectsPeakPerS: total("pollingConnectsPeakPerS"),
  };
}
