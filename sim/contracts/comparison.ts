// Comparisons between runs (compare, --baseline) and between repeats (--repeat N, Mann-Whitney U with
// a Hodges-Lehmann confidence interval, Kayenta-style). Stored in summary.json. Pure types.
import type { ProvenanceCheck } from "./provenance.ts";

/** One metric of one strategy, baseline vs candidate, judged against a tolerance. */
export interface MetricDelta {
  strategy: string;
  metric: string;
  /** Which way is better for this metric. */
  better: "lower" | "higher";
  baseline: number | null;
  candidate: number | null;
  /** candidate - baseline (null when either is missing). */
  delta: number | null;
  /** delta / |baseline| (null when baseline is 0 or missing). */
  relative: number | null;
  /** "not judged": a timing change between runs on different machines, or with an invalid measurement. */
  outcome: "regression" | "improvement" | "unchanged" | "missing" | "not judged";
}

export interface RunComparison {
  /** Where the baseline came from (a path, or "repeats"). */
  baseline: string;
  /** Relative tolerance, e.g. 0.1 = 10 %. */
  tolerance: number;
  deltas: MetricDelta[];
  /** When both sides had repeats: rank tests (control = baseline) instead of a tolerance. */
  tests?: RankTest[];
  /** One line per regression; non-empty makes the verdict fail. */
  regressions: string[];
  /** The two runs' provenance compared: whether timing metrics were judged, and why. */
  provenance?: ProvenanceCheck;
}

/** Mann-Whitney U test of experiment vs control with the Hodges-Lehmann shift and its confidence interval. */
export interface RankTest {
  control: string;
  experiment: string;
  metric: string;
  better: "lower" | "higher";
  n: { control: number; experiment: number };
  /** U of the experiment sample (pairs where experiment > control, ties 1/2). */
  u: number;
  pValue: number;
  method: "exact" | "asymptotic" | "identical";
  /** Hodges-Lehmann estimate of experiment - control, and its confidence interval (null when all values tie). */
  estimate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  confLevel: number;
  classification: "higher" | "lower" | "no significant difference";
  /** One line a person can read. */
  verdict: string;
}

export interface RepeatAnalysis {
  count: number;
  /** Per strategy, per metric, one value per repeat (null when a repeat lacked it). */
  samples: Record<string, Record<string, (number | null)[]>>;
  /** Every other strategy against the first one, per metric. */
  tests: RankTest[];
}
