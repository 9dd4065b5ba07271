// Compares a candidate run's summary with a baseline summary (taskstorm compare, run --baseline):
// per strategy present in both and per metric of the catalogue, a regression is a change in the bad
// direction beyond max(tolerance x |baseline|, the metric's minDelta). When both sides carry repeats,
// each metric is judged by a rank test instead (stats/rank-test.ts), and a regression must be both
// significant and beyond the tolerance. Checks and SLOs that passed in the baseline and no longer pass
// are regressions too. Timing metrics are not judged across machines (provenance-check.ts) unless
// allowed, nor for a column whose measurement was invalid on either side. A column the candidate could
// not measure (failedColumns) is a regression, never a silent absence.
import { quantile, type MetricDelta, type RankTest, type RunComparison, type RunSummary } from "../contracts/index.ts";
import { formatValue, METRICS } from "./metric-catalogue.ts";
import { checkProvenance, isTimingMetric } from "./provenance-check.ts";
import { isWorse, rankTest } from "./stats/rank-test.ts";

export interface CompareOptions {
  /** Relative tolerance, default 0.1 (10 %). */
  tolerance?: number;
  /** How the baseline is named in the result, e.g. its path. */
  baselineLabel?: string;
  /** Judge timing metrics even when the two runs' machines or versions differ. */
  allowDifferentMachines?: boolean;
}

export function compareSummaries(baseline: RunSummary, candidate: RunSummary, o: CompareOptions = {}): RunComparison {
  const tolerance = o.tolerance ?? 0.1;
  const deltas: MetricDelta[] = [];
  const tests: RankTest[] = [];
  const regressions: string[] = [];
  const provenance = checkProvenance(baseline.provenance, candidate.provenance, o.allowDifferentMachines);
  const shared = Object.keys(candidate.strategies).filter((s) => Object.hasOwn(baseline.strategies, s));
  for (const f of candidate.failedColumns ?? []) regressions.push(`${f.strategy}: not measured in this run (${f.kind === "infrastructure" ? "infrastructure failed" : "evidence missing or damaged"}: ${f.message})`);
  if (shared.length === 0) regressions.push(`no strategy in common with the baseline (baseline: ${Object.keys(baseline.strategies).join(", ")}; this run: ${Object.keys(candidate.strategies).join(", ")})`);
  for (const strategy of shared) {
    const b = baseline.strategies[strategy]!;
    const c = candidate.strategies[strategy]!;
    const bSamples = baseline.repeats?.samples[strategy];
    const cSamples = candidate.repeats?.samples[strategy];
    const invalid = b.validity?.valid === false || c.validity?.valid === false;
    const judge = (m: (typeof METRICS)[number]) => !isTimingMetric(m) || (provenance.timingJudged && !invalid);
    for (const m of METRICS) {
      if (bSamples && cSamples) {
        const x = (cSamples[m.key] ?? []).filter((v): v is number => v !== null);
        const y = (bSamples[m.key] ?? []).filter((v): v is number => v !== null);
        if (x.length === 0 || y.length === 0) continue;
        const t = rankTest({ control: `baseline ${strategy}`, experiment: strategy, metric: m.label, better: m.better }, y, x);
        tests.push(t);
        if (isWorse(t) && judge(m) && beyondTolerance(t.estimate, quantile(y, 0.5), tolerance, m.minDelta)) regressions.push(`${strategy}: ${t.verdict}, beyond the ${(tolerance * 100).toFixed(0)}% tolerance`);
        continue;
      }
      const d = delta(strategy, m, m.read(b), m.read(c), tolerance, judge(m));
      if (d.outcome === "missing" && d.baseline === null && d.candidate === null) continue;
      deltas.push(d);
      if (d.outcome === "regression") {
        const rel = d.relative === null ? "" : ` (${d.relative > 0 ? "+" : ""}${(d.relative * 100).toFixed(0)}%)`;
        regressions.push(`${strategy}: ${m.label} regressed ${formatValue(d.baseline)} -> ${formatValue(d.candidate)} ${m.unit}${rel}, beyond the ${(tolerance * 100).toFixed(0)}% tolerance`);
      }
    }
    for (const [name, check] of Object.entries(b.checks)) {
      const now = c.checks[name];
      if (check.valid === true && now && now.valid !== true) regressions.push(`${strategy}: check ${name} passed in the baseline and is now ${now.valid === false ? "invalid" : "unknown"}: ${now.summary}`);
    }
    for (const slo of b.slos ?? []) {
      const now = c.slos?.find((s) => s.name === slo.name);
      if (slo.status === "pass" && now && now.status === "fail") regressions.push(`${strategy}: SLO ${slo.name} passed in the baseline and now fails: ${now.detail}`);
    }
  }
  const invalidColumns = shared.filter((s) => baseline.strategies[s]!.validity?.valid === false || candidate.strategies[s]!.validity?.valid === false);
  const note = invalidColumns.length ? `${provenance.note}; timing of ${invalidColumns.join(", ")} not judged: measurement invalid on one side` : provenance.note;
  return { baseline: o.baselineLabel ?? "baseline", tolerance, deltas, ...(tests.length ? { tests } : {}), regressions, provenance: { ...provenance, note } };
}

/** A shift beyond max(tolerance x |reference|, minDelta): significant is not enough, it must matter. */
function beyondTolerance(shift: number | null, reference: number | null, tolerance: number, minDelta: number): boolean {
  return shift !== null && Math.abs(shift) > Math.max(tolerance * Math.abs(reference ?? 0), minDelta);
}

function delta(strategy: string, m: (typeof METRICS)[number], baseline: number | null, candidate: number | null, tolerance: number, judged = true): MetricDelta {
  const base = { strategy, metric: m.key, better: m.better, baseline, candidate };
  if (baseline === null || candidate === null) return { ...base, delta: null, relative: null, outcome: "missing" };
  const d = candidate - baseline;
  const relative = baseline === 0 ? null : d / Math.abs(baseline);
  const beyond = Math.abs(d) > Math.max(tolerance * Math.abs(baseline), m.minDelta);
  const worse = m.better === "lower" ? d > 0 : d < 0;
  return { ...base, delta: d, relative, outcome: !beyond ? "unchanged" : !judged ? "not judged" : worse ? "regression" : "improvement" };
}
