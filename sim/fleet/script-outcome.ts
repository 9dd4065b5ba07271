// How a script behaves, decided by (fleet seed, ticket) alone: its duration and its exit code. The
// same ticket gets the same outcome on every run and on every retry. Pure.

import { seededRng, uniformInt } from "../contracts/index.ts";

/** Exit code of a script that the fleet made fail. */
export const FAILED_EXIT_CODE = 1;
/** Exit code of a script canceled while it ran (128 + SIGINT, as Tentacle reports it). */
export const CANCELED_EXIT_CODE = 130;

export interface ScriptBehaviour {
  /** Inclusive range the duration is drawn from. */
  scriptDurationMs: { min: number; max: number };
  /** Probability in [0, 1] that the script exits non-zero. */
  scriptFailureRate: number;
}

export interface ScriptOutcome {
  durationMs: number;
  exitCode: number;
}

/** Draws duration first, then failure, from the RNG keyed by (seed, ticket). */
export function scriptOutcome(seed: number, ticket: string, behaviour: ScriptBehaviour): ScriptOutcome {
  const rng = seededRng(seed, ticket);
  const durationMs = uniformInt(rng, behaviour.scriptDurationMs.min, behaviour.scriptDurationMs.max);
  const exitCode = rng() < behaviour.scriptFailureRate ? FAILED_EXIT_CODE : 0;
  return { durationMs, exitCode };
}
