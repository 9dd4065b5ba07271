// Reads the numbers the report needs from a k6 handleSummary JSON (k6 v2 shape: metrics.<name>.values
// and metrics.<name>.thresholds.<expr>.ok). Tolerant: a missing or odd summary gives nulls, not errors.
import type { K6Outcome, K6Threshold } from "../contracts/index.ts";

interface K6Metric {
  values?: Record<string, unknown>;
  thresholds?: Record<string, { ok?: unknown }>;
}

/** Builds the k6 part of a strategy summary from the exit code and the parsed summary (if any). */
export function k6Outcome(exitCode: number, summary?: unknown): K6Outcome {
  const metrics = readMetrics(summary);
  const failedThresholds: string[] = [];
  const thresholds: K6Threshold[] = [];
  for (const [metric, m] of Object.entries(metrics ?? {})) {
    for (const [expr, result] of Object.entries(m.thresholds ?? {})) {
      if (result?.ok === false) failedThresholds.push(`${metric}: ${expr}`);
      thresholds.push({ metric, expression: expr, ok: result?.ok !== false, observed: observedFor(expr, m.values ?? {}) });
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
    // absent when k6 wrote no summary, so summaries without one read as before
    ...(metrics ? { thresholds, vusMax: value("vus_max", "max") ?? value("vus_max", "value") } : {}),
  };
}

/** A number from a k6 summary (metrics.<metric>.values.<key>), null when absent. */
export function k6Value(summary: unknown, metric: string, key: string): number | null {
  const v = readMetrics(summary)?.[metric]?.values?.[key];
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/** The values a threshold expression reads ("p(95)<500" reads p(95)), as "p(95)=812.4"; all values when none matches. */
function observedFor(expression: string, values: Record<string, unknown>): string {
  const fmt = (k: string, v: unknown) => `${k}=${typeof v === "number" ? Math.round(v * 10_000) / 10_000 : String(v)}`;
  const used = Object.keys(values).filter((k) => expression.replace(/\s/g, "").startsWith(k));
  return (used.length ? used : Object.keys(values)).map((k) => fmt(k, values[k])).join(", ") || "no values";
}

function readMetrics(summary: unknown): Record<string, K6Metric> | undefined {
  if (typeof summary !== "object" || summary === null) return undefined;
  const metrics = (summary as { metrics?: unknown }).metrics;
  return typeof metrics === "object" && metrics !== null ? (metrics as Record<string, K6Metric>) : undefined;
}
