// Reads the numbers the report needs from a k6 handleSummary JSON (k6 v2 shape: metrics.<name>.values
// and metrics.<name>.thresholds.<expr>.ok). Tolerant: a missing or odd summary gives nulls, not errors.
import type { K6Outcome } from "../contracts/index.ts";

interface K6Metric {
  values?: Record<string, unknown>;
  thresholds?: Record<string, { ok?: unknown }>;
}

/** Builds the k6 part of a strategy summary from the exit code and the parsed summary (if any). */
export function k6Outcome(exitCode: number, summary?: unknown): K6Outcome {
  const metrics = readMetrics(summary);
  const failedThresholds: string[] = [];
  for (const [metric, m] of Object.entries(metrics ?? {})) {
    for (const [expr, result] of Object.entries(m.thresholds ?? {})) {
      if (result?.ok === false) failedThresholds.push(`${metric}: ${expr}`);
    }
  }
  const value = (metric: string, key: string): number | null => {
    const v = metrics?.[metric]?.values?.[key];
    return typeof v === "number" && Number.isFinite(v) ? v : null;
  };
  return {
    exitCode,
    thresholdsFailed: failedThresholds.length,
    failedThresholds,
    httpReqs: value("http_reqs", "count"),
    httpReqFailedRate: value("http_req_failed", "rate"),
    // k6 emits dropped_iterations only when it dropped some.
    iterationsDropped: metrics ? (value("dropped_iterations", "count") ?? 0) : null,
  };
}

function readMetrics(summary: unknown): Record<string, K6Metric> | undefined {
  if (typeof summary !== "object" || summary === null) return undefined;
  const metrics = (summary as { metrics?: unknown }).metrics;
  return typeof metrics === "object" && metrics !== null ? (metrics as Record<string, K6Metric>) : undefined;
}
