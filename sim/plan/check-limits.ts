// The limits the checkers judge against, derived from the scenario (CheckInput.limits): the task cap
// per node, the hung-task bound (production seconds scaled to run ms), the end of observation.
import type { CheckLimits, FinalState } from "../contracts/index.ts";
import { scaledMs, type ScenarioSpec } from "../scenario/index.ts";

export function hungTaskBoundMs(spec: Pick<ScenarioSpec, "slos" | "timeScale">): number {
  return scaledMs(spec.slos.hungTaskBoundS, spec.timeScale);
}

export function checkLimitsOf(spec: Pick<ScenarioSpec, "slos" | "timeScale" | "server">, finalState: FinalState): CheckLimits {
  return {
    taskCapPerNode: spec.server.taskCap,
    hungTaskBoundMs: hungTaskBoundMs(spec),
    ...(finalState.capturedAtMs === undefined ? {} : { observedUntilMs: finalState.capturedAtMs }),
  };
}
