// The limits the checkers judge against, derived from the scenario (CheckInput.limits): the task cap
// per node, the hung-task bound (production seconds scaled to run ms), the end of observation.
import type { CheckLimits, FinalState } from "../contracts/index.ts";
import { scaledMs, type ScenarioSpec } from "../scenario/index.ts";

export function hungTaskBoundMs(spec: Pick<ScenarioSpec, "slos" | "timeScale">): number {
  return scaledMs(spec.slos.hungTaskBoundS, spec.timeScale);
}

/** `clockToleranceMs`: how far the clocks of the run's hosts may disagree (0 on one machine). */
export function checkLimitsOf(spec: Pick<ScenarioSpec, "slos" | "timeScale" | "server">, finalState: FinalState, clockToleranceMs = 0): CheckLimits {
  return {
    taskCapPerNode: spec.server.taskCap,
    hungTaskBoundMs: hungTaskBoundMs(spec),
    ...(clockToleranceMs > 0 ? { clockToleranceMs } : {}),
    ...(finalState.capturedAtMs === undefined ? {} : { observedUntilMs: finalState.capturedAtMs }),
  };
}
