// Kayenta-style judgement of one metric between two samples (repeats): Mann-Whitney U for the p-value,
// Hodges-Lehmann for the shift and its confidence interval. "higher"/"lower" only when p < alpha AND
// the interval clears a margin of effectFraction x |shift| (Kayenta's MannWhitneyClassifier, 0.25);
// otherwise "no significant difference", saying when the sample is too small to ever be significant.
import type { RankTest } from "../../contracts/index.ts";
import { hodgesLehmann } from "./hodges-lehmann.ts";
import { mannWhitneyU } from "./mann-whitney.ts";

export interface RankTestOptions {
  alpha?: number;
  confLevel?: number;
  effectFraction?: number;
}

type Meta = Pick<RankTest, "control" | "experiment" | "metric" | "better">;

export function rankTest(meta: Meta, control: readonly number[], experiment: readonly number[], o: RankTestOptions = {}): RankTest {
  const { alpha = 0.05, confLevel = 0.95, effectFraction = 0.25 } = o;
  const n = { control: control.length, experiment: experiment.length };
  const base = { ...meta, n, confLevel };
  const label = `${meta.experiment} vs ${meta.control}, ${meta.metric}`;
  const same = [...control].sort((a, b) => a - b).join() === [...experiment].sort((a, b) => a - b).join();
  if (n.control === 0 || n.experiment === 0 || same) {
    const why = same ? "identical samples" : "a side has no values";
    return { ...base, u: (n.control * n.experiment) / 2, pValue: 1, method: "identical", estimate: same ? 0 : null, ciLow: same ? 0 : null, ciHigh: same ? 0 : null, classification: "no significant difference", verdict: `${label}: no significant difference (${why})` };
  }
  const mw = mannWhitneyU(experiment, control);
  const hl = hodgesLehmann(experiment, control, confLevel);
  const margin = effectFraction * Math.abs(hl.estimate);
  const significant = mw.pValue < alpha;
  const classification = significant && hl.ciLow > margin ? "higher" : significant && hl.ciHigh < -margin ? "lower" : "no significant difference";
  const worse = classification !== "no significant difference" && (classification === "higher") === (meta.better === "lower");
  const ci = `${Math.round(confLevel * 100)}% CI ${fmt(hl.ciLow)} .. ${fmt(hl.ciHigh)}`;
  const stats = `p = ${fmt(mw.pValue)}, ${mw.method}, n = ${n.experiment}/${n.control}`;
  const floor = mw.method === "exact" ? minExactP(n.experiment, n.control) : 0;
  const small = classification === "no significant difference" && floor >= alpha ? `; with n = ${n.experiment}/${n.control} the smallest attainable p is ${fmt(floor)}` : "";
  const verdict = classification === "no significant difference"
    ? `${label}: no significant difference (shift ${fmt(hl.estimate)}, ${ci}, ${stats}${small})`
    : `${label}: ${classification} (${worse ? "worse" : "better"}) by ${fmt(hl.estimate)} (${ci}, ${stats})`;
  return { ...base, u: mw.u, pValue: mw.pValue, method: mw.method, estimate: hl.estimate, ciLow: hl.ciLow, ciHigh: hl.ciHigh, classification, verdict };
}

/** Is this classification a move in the bad direction for a metric where `better` is the good one? */
export function isWorse(test: Pick<RankTest, "classification" | "better">): boolean {
  return test.classification !== "no significant difference" && (test.classification === "higher") === (test.better === "lower");
}

/** The smallest two-sided exact p-value samples of m and n values can reach: 2 / C(m + n, m). */
export function minExactP(m: number, n: number): number {
  let c = 1;
  for (let i = 1; i <= m; i++) c = (c * (n + i)) / i;
  return Math.min(1, 2 / c);
}

function fmt(v: number): string {
  if (v !== 0 && Math.abs(v) < 0.001) return v.toExponential(2);
  return Math.abs(v) >= 100 ? v.toFixed(0) : String(Math.round(v * 1000) / 1000);
}
