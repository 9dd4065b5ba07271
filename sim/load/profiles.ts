// Named load profiles (quickpizza's load-options): each turns a peak arrival rate and a total
// duration into ramping-arrival-rate stages. Pure; stage durations are whole seconds summing to the total.

import type { LoadStage } from "../contracts/index.ts";
import { errors } from "../lib/errors.ts";

export const LOAD_PROFILE_NAMES = ["smoke", "average", "stress", "spike", "soak"] as const;
export type LoadProfileName = (typeof LOAD_PROFILE_NAMES)[number];

export interface LoadProfileShape {
  /** Arrival rate at time zero, as a fraction of the peak. */
  startFraction: number;
  /** Each stage: the fraction of the total duration it lasts and its end rate as a fraction of the peak. */
  stages: ReadonlyArray<{ timeFraction: number; rateFraction: number }>;
}

/** The shapes, after quickpizza's SmokeOptions/AverageStages/StressStages/SpikeStages/SoakStages. */
export const LOAD_PROFILES: Readonly<Record<LoadProfileName, LoadProfileShape>> = {
  /** Constant low rate: does the system work at all. */
  smoke: { startFraction: 1, stages: [{ timeFraction: 1, rateFraction: 1 }] },
  /** Ramp up (5m), hold (30m), ramp down (5m). */
  average: { startFraction: 0, stages: [{ timeFraction: 1 / 8, rateFraction: 1 }, { timeFraction: 6 / 8, rateFraction: 1 }, { timeFraction: 1 / 8, rateFraction: 0 }] },
  /** Slower ramp to an above-average peak (10m), hold (30m), ramp down (5m). */
  stress: { startFraction: 0, stages: [{ timeFraction: 10 / 45, rateFraction: 1 }, { timeFraction: 30 / 45, rateFraction: 1 }, { timeFraction: 5 / 45, rateFraction: 0 }] },
  /** Sudden surge with no plateau (2m up, 1m down). */
  spike: { startFraction: 0, stages: [{ timeFraction: 2 / 3, rateFraction: 1 }, { timeFraction: 1 / 3, rateFraction: 0 }] },
  /** Short ramps around a long plateau (5m, 8h, 5m). */
  soak: { startFraction: 0, stages: [{ timeFraction: 1 / 20, rateFraction: 1 }, { timeFraction: 18 / 20, rateFraction: 1 }, { timeFraction: 1 / 20, rateFraction: 0 }] },
};

export interface LoadProfileWorkload {
  startRateRps: number;
  stages: LoadStage[];
}

/** Stages of profile `name` peaking at `peakRps` over `durationS` seconds (at least one second per stage). */
export function loadProfile(name: string, peakRps: number, durationS: number): LoadProfileWorkload {
  const shape = (LOAD_PROFILES as Record<string, LoadProfileShape | undefined>)[name];
  if (!shape) throw errors.invalidArgument("load profile", name, `one of ${LOAD_PROFILE_NAMES.join(", ")}`);
  if (!(Number.isFinite(peakRps) && peakRps > 0)) throw errors.invalidArgument(`load profile ${name}: peakRps`, peakRps, "a positive number");
  if (!Number.isInteger(durationS) || durationS < shape.stages.length) {
    throw errors.invalidArgument(`load profile ${name}: durationS`, durationS, `an integer >= ${shape.stages.length} (one second per stage)`);
  }
  const seconds = splitSeconds(durationS, shape.stages.map((s) => s.timeFraction));
  return {
    startRateRps: shape.startFraction * peakRps,
    stages: shape.stages.map((stage, i) => ({ rateRps: stage.rateFraction * peakRps, durationS: seconds[i]! })),
  };
}

/** Splits `totalS` whole seconds by `fractions`: each part >= 1, rounding error absorbed by the longest part. */
function splitSeconds(totalS: number, fractions: readonly number[]): number[] {
  const parts = fractions.map((f) => Math.max(1, Math.round(f * totalS)));
  const longest = parts.indexOf(Math.max(...parts));
  parts[longest] = parts[longest]! + totalS - parts.reduce((a, b) => a + b, 0);
  return parts;
}
