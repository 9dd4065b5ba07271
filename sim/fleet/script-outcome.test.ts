import { describe, expect, it } from "vitest";
import { FAILED_EXIT_CODE, scriptOutcome } from "./script-outcome.ts";

describe("scriptOutcome", () => {
  const behaviour = { scriptDurationMs: { min: 100, max: 200 }, scriptFailureRate: 0.25 };

  it("is a function of (seed, ticket)", () => {
    expect(scriptOutcome(7, "ticket-1", behaviour)).toEqual(scriptOutcome(7, "ticket-1", behaviour));
    const tickets = Array.from({ length: 50 }, (_, i) => `ticket-${i}`);
    const bySeed = (seed: number) => tickets.map((t) => scriptOutcome(seed, t, behaviour).durationMs);
    expect(bySeed(7)).not.toEqual(bySeed(8));
  });

  it("draws durations within the range and fails at about the configured rate", () => {
    const outcomes = Array.from({ length: 4000 }, (_, i) => scriptOutcome(1, `t-${i}`, behaviour));
    const durations = outcomes.map((o) => o.durationMs);
    expect(Math.min(...durations)).toBe(100);
    expect(Math.max(...durations)).toBe(200);
    expect(new Set(outcomes.map((o) => o.exitCode))).toEqual(new Set([0, FAILED_EXIT_CODE]));
    const failed = outcomes.filter((o) => o.exitCode !== 0).length / outcomes.length;
    expect(Math.abs(failed - 0.25)).toBeLessThan(0.03);
  });

  it("never fails at rate 0 and always fails at rate 1", () => {
    expect(scriptOutcome(1, "x", { ...behaviour, scriptFailureRate: 0 }).exitCode).toBe(0);
    expect(scriptOutcome(1, "x", { ...behaviour, scriptFailureRate: 1 }).exitCode).toBe(FAILED_EXIT_CODE);
  });
});
