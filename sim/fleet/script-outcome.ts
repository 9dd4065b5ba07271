// How a script behaves, decided by (fleet seed, ticket) alone: its duration, its exit code and whether
// it hangs. The same ticket gets the same outcome on every run and on every retry. Pure.

import { seededRng, uniformInt, type Rng, type TentacleBehaviour } from "../contracts/index.ts";

/** Exit code of a script that the fleet made fail. */
export const FAILED_EXIT_CODE = 1;
/** Exit code of a script canceled while it ran (128 + SIGINT, as Tentacle reports it). */
export const CANCELED_EXIT_CODE = 130;
/** Exit code of a script killed because its tentacle crashed (128 + SIGKILL). */
export const CRASHED_EXIT_CODE = 137;

export type ScriptBehaviour = Pick<TentacleBehaviour, "scriptDurationMs" | "scriptFailureRate" | "hangRate">;

export interface ScriptOutcome {
  durationMs: number;
  exitCode: number;
  /** The script never completes on its own. */
  hangs: boolean;
}

/** Draws duration first, then failure, then hang, from the RNG keyed by (seed, ticket). */
export function scriptOutcome(seed: number, ticket: string, behaviour: ScriptBehaviour): ScriptOutcome {
  const rng = seededRng(seed, ticket);
  const durationMs = drawDurationMs(rng, behaviour.scriptDurationMs);
  const exitCode = rng() < behaviour.scriptFailureRate ? FAILED_EXIT_CODE : 0;
  const hangs = (behaviour.hangRate ?? 0) > 0 && rng() < (behaviour.hangRate ?? 0);
  return { durationMs, exitCode, hangs };
}

/** uniform in [min, max]; lognormal with median sqrt(min*max) and [min, max] at +/- 2 sigma, clamped. */
export function drawDurationMs(rng: Rng, range: TentacleBehaviour["scriptDurationMs"]): number {
  const { min, max } = range;
  if (range.shape !== "lognormal" || max <= min) return uniformInt(rng, min, max);
  const low = Math.max(min, 1);
  const median = Math.sqrt(low * max);
  const sigma = Math.log(max / low) / 4;
  // Box-Muller: a standard normal from two uniforms (1 - u keeps the log finite).
  const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return Math.min(max, Math.max(min, Math.round(median * Math.exp(sigma * z))));
}
