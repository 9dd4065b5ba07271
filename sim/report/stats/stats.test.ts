// Reference values: p-values and U from scipy 1.17.1, `scipy.stats.mannwhitneyu(x, y, alternative="two-sided")`
// (method "auto"); the exact interval [6, 39] and estimate 22.5 from R's wilcox.test(conf.int = TRUE) as
// quoted in spinnaker/kayenta kayenta-mannwhitney MannWhitneyRSuite; the asymptotic intervals from R's
// wilcox.test algorithm re-run in Python (scipy.stats.rankdata + scipy.optimize.brentq, xtol 1e-12).
import { describe, expect, it } from "vitest";
import { hodgesLehmann } from "./hodges-lehmann.ts";
import { exactUCounts, mannWhitneyU } from "./mann-whitney.ts";
import { normalQuantile, normalSf } from "./normal.ts";
import { isWorse, minExactP, rankTest } from "./rank-test.ts";

const HW_X = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46]; // Hollander & Wolfe, R's ?wilcox.test example
const HW_Y = [1.15, 0.88, 0.9, 0.74, 1.21];

describe("normal distribution", () => {
  it("matches known values", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalSf(1.959963984540054)).toBeCloseTo(0.025, 14);
    expect(normalSf(5)).toBeCloseTo(2.866515718791939e-7, 18);
    expect(normalSf(-0.3)).toBeCloseTo(0.6179114221889527, 14);
  });
});

describe("Mann-Whitney U (scipy reference values)", () => {
  const cases: [number[], number[], number, number, "exact" | "asymptotic"][] = [
    [[10, 20, 30, 40], [1, 2, 3, 4], 16, 0.02857142857142857, "exact"],
    [HW_X, HW_Y, 35, 0.2544122544122544, "exact"],
    [[1.1, 2.2, 3.3], [4.4, 5.5, 6.6], 0, 0.1, "exact"],
    [[1, 2, 3, 4, 5], [3, 4, 5, 6, 7], 4.5, 0.11384629800665805, "asymptotic"],
    [[12, 15, 11, 18, 14, 16, 13, 17, 19, 20], [22, 25, 21, 28, 24, 26, 23, 27, 29, 30, 31, 12], 8.5, 0.0007687995228968091, "asymptotic"],
    [[1, 1, 2, 2, 3], [2, 3, 3, 4, 4], 3, 0.05241162867102868, "asymptotic"],
    [[5, 5, 5], [5, 5, 5], 4.5, 1, "asymptotic"],
  ];
  it.each(cases)("U and two-sided p of %j vs %j", (x, y, u, p, method) => {
    const r = mannWhitneyU(x, y);
    expect(r.u).toBe(u);
    expect(r.pValue).toBeCloseTo(p, 12);
    expect(r.method).toBe(method);
  });

  it("has the exact null distribution (Gaussian binomial coefficients)", () => {
    expect([...exactUCounts(2, 2)]).toEqual([1, 1, 2, 1, 1]);
    expect(exactUCounts(4, 4).reduce((a, b) => a + b, 0)).toBe(70);
    expect(minExactP(3, 3)).toBeCloseTo(0.1, 15);
  });
});

describe("Hodges-Lehmann shift and interval", () => {
  it("matches R's exact interval", () => {
    expect(hodgesLehmann([10, 20, 30, 40], [1, 2, 3, 4])).toEqual({ estimate: 22.5, ciLow: 6, ciHigh: 39, achievedConfLevel: 1 - 2 / 70 });
    // n = 3/3 cannot reach 95 %: R widens to all differences (achieved 90 %)
    expect(hodgesLehmann([1.1, 2.2, 3.3], [4.4, 5.5, 6.6])).toMatchObject({ ciLow: -5.5, ciHigh: expect.closeTo(-1.1, 12), achievedConfLevel: 0.9 });
  });

  it.each([
    [[1, 2, 3, 4, 5], [3, 4, 5, 6, 7], -2, -5, 1],
    [[12, 15, 11, 18, 14, 16, 13, 17, 19, 20], [22, 25, 21, 28, 24, 26, 23, 27, 29, 30, 31, 12], -10, -13, -6],
    [[1, 1, 2, 2, 3], [2, 3, 3, 4, 4], -1, -3, 0],
  ])("matches R's asymptotic interval for %j vs %j", (x, y, estimate, low, high) => {
    const r = hodgesLehmann(x, y);
    expect(r.estimate).toBe(estimate);
    expect(r.ciLow).toBeCloseTo(low, 8);
    expect(r.ciHigh).toBeCloseTo(high, 8);
  });
});

describe("rankTest (Kayenta-style classification)", () => {
  const meta = { control: "pessimistic", experiment: "optimistic", metric: "queueWaitP95Ms", better: "lower" as const };
  it("says higher and worse when the experiment is clearly slower", () => {
    const t = rankTest(meta, [100, 110, 105, 98, 102], [300, 320, 310, 305, 299]);
    expect(t.classification).toBe("higher");
    expect(isWorse(t)).toBe(true);
    expect(t.pValue).toBeCloseTo(2 / 252, 12);
    expect(t.verdict).toBe("optimistic vs pessimistic, queueWaitP95Ms: higher (worse) by 202 (95% CI 194 .. 218, p = 0.008, exact, n = 5/5)");
  });

  it("says no significant difference for overlapping samples, and why three repeats can never be significant", () => {
    expect(rankTest(meta, [100, 120, 110, 105, 95], [102, 118, 111, 99, 108]).classification).toBe("no significant difference");
    const small = rankTest(meta, [1, 2, 3], [10, 20, 30]);
    expect(small.classification).toBe("no significant difference");
    expect(small.verdict).toContain("with n = 3/3 the smallest attainable p is 0.1");
    expect(rankTest(meta, [0, 0, 0], [0, 0, 0])).toMatchObject({ method: "identical", pValue: 1, classification: "no significant difference" });
  });

  it("calls a drop of a higher-is-better metric worse", () => {
    const t = rankTest({ ...meta, metric: "throughputPerMin", better: "higher" }, [60, 61, 62, 63, 64, 65], [30, 31, 32, 33, 34, 35]);
    expect(t.classification).toBe("lower");
    expect(isWorse(t)).toBe(true);
  });
});
