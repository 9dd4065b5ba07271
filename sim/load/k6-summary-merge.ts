// One k6 summary from the summaries of several instances (k6 aggregates nothing across instances,
// grafana/k6-operator#812): counters and rates add up, a threshold holds only if it held in every
// instance, and a trend's statistics, which cannot be merged, are the worst (largest) instance's.
// Pure: summaries in, summary out, in k6 v2's handleSummary shape (metrics.<name>.values/thresholds).

interface Metric {
  type?: string;
  contains?: string;
  values?: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

export interface MergedK6Summary {
  /** How many instance summaries went in (instances whose summary is missing are not counted). */
  instances: number;
  /** Per metric: how its values were merged. */
  merged: Record<string, "sum" | "rate" | "max">;
  metrics: Record<string, Metric>;
}

const metricsOf = (summary: unknown): Record<string, Metric> => {
  const metrics = (summary as { metrics?: unknown } | null)?.metrics;
  return typeof metrics === "object" && metrics !== null ? (metrics as Record<string, Metric>) : {};
};

export function mergeK6Summaries(summaries: readonly unknown[]): MergedK6Summary {
  const present = summaries.filter((s) => typeof s === "object" && s !== null);
  const merged: MergedK6Summary = { instances: present.length, merged: {}, metrics: {} };
  for (const summary of present) {
    for (const [name, metric] of Object.entries(metricsOf(summary))) {
      const into = (merged.metrics[name] ??= { ...(metric.type ? { type: metric.type } : {}), ...(metric.contains ? { contains: metric.contains } : {}), values: {}, thresholds: {} });
      const how = metric.type === "counter" ? "sum" : metric.type === "rate" ? "rate" : "max";
      merged.merged[name] = how;
      for (const [key, value] of Object.entries(metric.values ?? {})) {
        if (typeof value !== "number") continue;
        const before = into.values![key];
        into.values![key] = before === undefined ? value : how === "max" ? Math.max(before, value) : before + value;
      }
      for (const [expr, result] of Object.entries(metric.thresholds ?? {})) {
        into.thresholds![expr] = { ok: (into.thresholds![expr]?.ok ?? true) && result?.ok !== false };
      }
    }
  }
  for (const [name, how] of Object.entries(merged.merged)) {
    const values = merged.metrics[name]!.values!;
    if (how === "rate" && values.passes !== undefined && values.fails !== undefined) {
      values.rate = values.passes + values.fails === 0 ? 0 : values.passes / (values.passes + values.fails);
    }
    if (how === "sum" && values.rate !== undefined) delete values.rate; // a per-second rate of the sum is not the sum of rates over different spans
  }
  return merged;
}
