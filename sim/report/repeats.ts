// --repeat N: gathers each metric of the catalogue over the repeats of a run, per strategy, and tests
// every other strategy against the first one (the control) with a rank test per metric.
import type { RankTest, RepeatAnalysis, RunSummary } from "../contracts/index.ts";
import { METRICS } from "./metric-catalogue.ts";
import { rankTest } from "./stats/rank-test.ts";

export function analyzeRepeats(runs: readonly RunSummary[]): RepeatAnalysis {
  const samples: RepeatAnalysis["samples"] = {};
  for (const run of runs) {
    for (const [strategy, s] of Object.entries(run.strategies)) {
      const perMetric = (samples[strategy] ??= {});
      for (const m of METRICS) (perMetric[m.key] ??= []).push(m.read(s));
    }
  }
  const [control, ...others] = Object.keys(samples);
  const tests: RankTest[] = [];
  for (const experiment of control === undefined ? [] : others) {
    for (const m of METRICS) {
      const y = (samples[control!]![m.key] ?? []).filter((v): v is number => v !== null);
      const x = (samples[experiment]![m.key] ?? []).filter((v): v is number => v !== null);
      if (x.length === 0 && y.length === 0) continue;
      tests.push(rankTest({ control: control!, experiment, metric: m.label, better: m.better }, y, x));
    }
  }
  return { count: runs.length, samples, tests };
}
