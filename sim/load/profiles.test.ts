import { describe, expect, it } from "vitest";
import { LOAD_PROFILE_NAMES, loadProfile } from "./profiles.ts";

describe("loadProfile", () => {
  it("smoke is one constant stage starting at the peak", () => {
    expect(loadProfile("smoke", 5, 3)).toEqual({ startRateRps: 5, stages: [{ rateRps: 5, durationS: 3 }] });
  });

  it("average ramps up, holds and ramps down in 1/8, 6/8, 1/8 of the time", () => {
    expect(loadProfile("average", 40, 80)).toEqual({
      startRateRps: 0,
      stages: [{ rateRps: 40, durationS: 10 }, { rateRps: 40, durationS: 60 }, { rateRps: 0, durationS: 10 }],
    });
  });

  it("spike has no plateau", () => {
    expect(loadProfile("spike", 100, 30).stages).toEqual([{ rateRps: 100, durationS: 20 }, { rateRps: 0, durationS: 10 }]);
  });

  it("every profile's stages are whole seconds >= 1 that sum to the duration and peak at peakRps", () => {
    for (const name of LOAD_PROFILE_NAMES) {
      for (let durationS = 3; durationS <= 200; durationS++) {
        const { stages } = loadProfile(name, 7, durationS);
        expect(stages.reduce((sum, s) => sum + s.durationS, 0)).toBe(durationS);
        for (const s of stages) expect(Number.isInteger(s.durationS) && s.durationS >= 1).toBe(true);
        expect(Math.max(...stages.map((s) => s.rateRps))).toBe(7);
      }
    }
  });

  it("rejects unknown names and impossible arguments, naming them", () => {
    expect(() => loadProfile("breakpoint", 1, 10)).toThrow(/load profile: got "breakpoint", expected one of smoke, average/);
    expect(() => loadProfile("average", 0, 10)).toThrow(/peakRps: got 0, expected a positive number/);
    expect(() => loadProfile("average", 1, 2)).toThrow(/durationS: got 2, expected an integer >= 3/);
  });
});
