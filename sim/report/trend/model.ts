// What trend.html and trend.md show, from run summaries in time order: each headline metric per column
// across runs with the band its baseline allowed (baseline ± tolerance, when the run was compared),
// checks and expectations per run, provenance changes between consecutive runs, and the columns whose
// measurement was invalid. Pure.
import type { RunSummary } from "../../contracts/index.ts";
import { METRICS, type MetricDef } from "../metric-catalogue.ts";
import { timingDifferences } from "../provenance-check.ts";

export interface TrendRun {
  /** Where it came from (a run folder or summary.json), as given. */
  label: string;
  startedAt: string;
  commit: string | null;
  ok: boolean;
  reasons: string[];
  /** Columns whose measurement was invalid: greyed out. */
  invalidColumns: string[];
  /** How this run's provenance differs from the previous run's (timing-relevant differences). */
  provenanceChanges: string[];
  /** Per column, the checks that did not pass. */
  failedChecks: Record<string, string[]>;
  expectations: { says: string; holds: boolean }[];
}

export interface TrendSeries {
  metric: MetricDef;
  /** Per column, one value per run (null: absent). */
  values: Record<string, (number | null)[]>;
  /** Per column, per run: [low, high] its baseline allowed, or null when the run had no baseline. */
  bands: Record<string, ([number, number] | null)[]>;
}

export interface TrendModel {
  /** The scenarios of the runs (one, normally: a trend compares a scenario with itself). */
  scenarios: string[];
  runs: TrendRun[];
  columns: string[];
  series: TrendSeries[];
}

export function buildTrend(inputs: readonly { label: string; summary: RunSummary }[]): TrendModel {
  const sorted = [...inputs].sort((a, b) => a.summary.startedAt.localeCompare(b.summary.startedAt));
  const columns = [...new Set(sorted.flatMap((r) => Object.keys(r.summary.strategies)))];
  const runs = sorted.map(({ label, summary }, i): TrendRun => {
    const prev = sorted[i - 1]?.summary.provenance;
    const cur = summary.provenance;
    return {
      label, startedAt: summary.startedAt, commit: cur?.taskstorm.commit ?? null, ok: summary.verdict.ok, reasons: summary.verdict.reasons,
      invalidColumns: Object.entries(summary.strategies).filter(([, s]) => s.validity?.valid === false).map(([c]) => c),
      provenanceChanges: prev && cur ? timingDifferences(prev, cur).map((d) => d.replace(" (baseline)", " (before)").replace(" (this run)", " (now)")) : [],
      failedChecks: Object.fromEntries(Object.entries(summary.strategies).map(([c, s]) => [c, Object.entries(s.checks).filter(([, r]) => r.valid !== true).map(([n]) => n)])),
      expectations: (summary.expectations ?? []).map((e) => ({ says: e.says, holds: e.holds })),
    };
  });
  const series: TrendSeries[] = [];
  for (const metric of METRICS) {
    const values: TrendSeries["values"] = {};
    const bands: TrendSeries["bands"] = {};
    for (const c of columns) {
      values[c] = sorted.map(({ summary }) => {
        const s = summary.strategies[c];
        return s ? metric.read(s) : null;
      });
      bands[c] = sorted.map(({ summary }) => {
        const d = summary.baseline?.deltas.find((x) => x.strategy === c && x.metric === metric.key);
        // a zero baseline's band is only the metric's floor (0 .. minDelta): nothing to see, so none
        if (!d || d.baseline === null || d.baseline === 0) return null;
        const slack = Math.max(summary.baseline!.tolerance * Math.abs(d.baseline), metric.minDelta);
        return [Math.max(0, d.baseline - slack), d.baseline + slack];
      });
    }
    if (Object.values(values).some((v) => v.some((x) => x !== null))) series.push({ metric, values, bands });
  }
  return { scenarios: [...new Set(sorted.map((r) => r.summary.scenario))], runs, columns, series };
}
