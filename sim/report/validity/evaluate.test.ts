// Measurement validity from hand-made harness samples: a saturated fleet, machine or conductor, k6
// dropping iterations and scrape gaps make a column invalid, each with its reason; a saturated node
// (the system under test) is only noted; samples outside the load window do not count.
import { describe, expect, it } from "vitest";
import type { HarnessSamples, TimedValue } from "./digest.ts";
import { measurementValidity } from "./evaluate.ts";

const T0 = 1_000_000;
/** n samples a second apart from T0, valued by index. */
const series = (n: number, value: (i: number) => number): TimedValue[] => Array.from({ length: n }, (_, i) => ({ timeMs: T0 + i * 1000, value: value(i) }));
const idle = (n = 60): HarnessSamples => ({
  roundsMs: series(n, () => 0).map((x) => x.timeMs),
  conductorLoopP99S: series(n, () => 0.011), conductorLoopMaxS: series(n, () => 0.02),
  machineBusy: series(n, () => 0.5),
  partCpuS: { conductor: series(n, (i) => i * 0.1), "fleet-1": series(n, (i) => i * 0.3), "node-1": series(n, (i) => i * 0.4), postgres: series(n, (i) => i * 0.2) },
  loopLagP99S: { "node-1": series(n, () => 0.012) },
});
const window = { windowStartMs: T0, windowEndMs: T0 + 59_000 };

describe("measurementValidity", () => {
  it("trusts an idle harness and reports its monitors", () => {
    const v = measurementValidity({ harness: idle(), ...window });
    expect(v).toMatchObject({ valid: true, reasons: [] });
    expect(v.monitors).toMatchObject({ windowS: 59, conductorLoopDelayP99Ms: 11, conductorLoopDelayMaxMs: 20, machineCpuBusyP50: 0.5, machineSaturatedShare: 0, harnessCpuShare: 0.4, scrapeGapMaxMs: 1000 });
    expect(v.monitors.parts["fleet-1"]).toEqual({ peakCores: 0.3, saturatedShare: 0, loopLagP99MaxMs: null });
    expect(v.monitors.parts["node-1"]!.loopLagP99MaxMs).toBe(12);
  });

  it("calls a saturated fleet, machine and conductor invalid, and only notes a saturated node", () => {
    const h = idle();
    h.partCpuS["fleet-1"] = series(60, (i) => i * 0.98);
    h.partCpuS["node-1"] = series(60, (i) => i * 1.0);
    h.machineBusy = series(60, (i) => (i < 40 ? 0.99 : 0.6));
    h.conductorLoopP99S = series(60, (i) => (i % 5 === 0 ? 0.4 : 0.011));
    const v = measurementValidity({ harness: h, ...window });
    expect(v.valid).toBe(false);
    expect(v.reasons).toEqual([
      expect.stringMatching(/^conductor event loop stalled \(delay p99 >= 250 ms\) in 20% of samples \(limit 10%\), worst p99 400 ms/),
      expect.stringMatching(/^machine CPU saturated \(>= 97% busy\) in 67% of the load window \(limit 50%\)/),
      "fleet-1 saturated its core (>= 0.9 cores) in 100% of samples (limit 25%), peak 0.98 cores",
    ]);
    expect(v.notes).toContain("node-1 saturated its core (>= 0.9 cores) in 100% of samples (limit 25%), peak 1 cores: the system under test, a finding rather than a harness fault");
  });

  it("only notes a fleet the scenario says the column saturates by design, and still holds the machine and other parts against it", () => {
    const h = idle();
    h.partCpuS["fleet-1"] = series(60, (i) => i * 0.98);
    h.partCpuS.k6 = series(60, (i) => i * 0.95);
    const expectedSaturation = [{ strategy: "immediate-reconnect", parts: ["fleet" as const], why: "the storm spins the tentacles" }];
    const v = measurementValidity({ harness: h, ...window, expectedSaturation });
    expect(v.reasons).toEqual(["k6 saturated its core (>= 0.9 cores) in 100% of samples (limit 25%), peak 0.95 cores"]);
    expect(v.notes).toContain("fleet-1 saturated its core (>= 0.9 cores) in 100% of samples (limit 25%), peak 0.98 cores: expected by the scenario (the storm spins the tentacles)");
    expect(measurementValidity({ harness: h, ...window, expectedSaturation: [{ ...expectedSaturation[0]!, parts: ["toxiproxy"] }] }).reasons).toHaveLength(2);
  });

  it("calls a fleet that answers late invalid even when starved of CPU (its CPU share low)", () => {
    const h = idle();
    h.loopLagP99S["fleet-1"] = series(60, (i) => (i % 3 === 0 ? 0.02 : 0.8));
    const v = measurementValidity({ harness: h, ...window });
    expect(v.reasons).toEqual(["fleet-1 answered a health RPC 250 ms or later in 67% of samples (limit 25%), worst 800 ms: its event loop was saturated and tentacles answered late"]);
    expect(v.monitors.parts["fleet-1"]).toMatchObject({ peakCores: 0.3, saturatedShare: 0, loopLagP99MaxMs: 800 });
  });

  it("judges k6's dropped iterations (naming VU exhaustion) and scrape gaps, within the load window only", () => {
    const h = idle();
    h.roundsMs = [...h.roundsMs.filter((t) => t < T0 + 20_000 || t > T0 + 30_000), T0 + 200_000];
    h.machineBusy = [...h.machineBusy, { timeMs: T0 + 200_000, value: 1 }];
    const k6Summary = { metrics: { iterations: { values: { count: 950 } }, dropped_iterations: { values: { count: 50 } }, vus_max: { values: { value: 20, min: 4, max: 20 } } } };
    const v = measurementValidity({ harness: h, ...window, k6Summary, maxVUs: 20 });
    expect(v.reasons).toEqual([
      "scrapes missed 19% of the load window (gaps > 2500 ms, longest 12000 ms; limit 10%)",
      "k6 dropped 50 of 1000 planned iterations (5%, limit 1% and 5): the arrival rate was not delivered; VUs exhausted (20 of maxVUs 20): raise load.maxVUs or lower the rate",
    ]);
    expect(v.monitors).toMatchObject({ k6DroppedIterations: 50, k6DroppedRatio: 0.05, k6VusMax: 20, k6MaxVUs: 20, machineSaturatedShare: 0 });
  });

  it("counts iterations dropped because the system under test answered slowly as a finding, not a harness fault", () => {
    // mutex-contention's mutex-across-rpc column (flakiness run 2026-12-05): API calls waited on the mutex
    const metrics = (iterationP95Ms: number) => ({
      iterations: { values: { count: 38, rate: 2.55 } }, dropped_iterations: { values: { count: 9, rate: 0.6 } },
      vus_max: { values: { value: 13, min: 4, max: 13 } }, iteration_duration: { values: { "p(95)": iterationP95Ms } },
    });
    const slow = measurementValidity({ harness: idle(), ...window, k6Summary: { metrics: metrics(5233) }, maxVUs: 20 });
    expect(slow.valid).toBe(true);
    expect(slow.notes).toContainEqual("k6 dropped 9 of 47 planned iterations while they took p95 5233 ms: at 3.1/s that needs about 17 VUs, k6 had 13 and could not start more in time; the system under test answered slowly (a finding, not a harness fault)");
    const fast = measurementValidity({ harness: idle(), ...window, k6Summary: { metrics: metrics(40) }, maxVUs: 20 });
    expect(fast.reasons).toEqual(["k6 dropped 9 of 47 planned iterations (19%, limit 1% and 5): the arrival rate was not delivered"]);
    const saturated = idle();
    saturated.machineBusy = saturated.machineBusy.map((x) => ({ ...x, value: 1 }));
    const starved = measurementValidity({ harness: saturated, ...window, k6Summary: { metrics: metrics(5233) }, maxVUs: 20 });
    expect(starved.reasons).toContainEqual("k6 dropped 9 of 47 planned iterations (19%, limit 1% and 5): the arrival rate was not delivered");
  });

  it("tolerates the one or two iterations k6 drops while its VUs start", () => {
    const k6Summary = { metrics: { iterations: { values: { count: 40 } }, dropped_iterations: { values: { count: 1 } } } };
    const v = measurementValidity({ harness: idle(), ...window, k6Summary, maxVUs: 20 });
    expect(v).toMatchObject({ valid: true, notes: ["k6 dropped 1 iterations"] });
  });

  it("judges only k6 for a run folder without harness samples", () => {
    const v = measurementValidity({ ...window, k6Summary: { metrics: { iterations: { values: { count: 10 } } } } });
    expect(v).toMatchObject({ valid: true, notes: [expect.stringMatching(/^no harness samples/)] });
  });
});
