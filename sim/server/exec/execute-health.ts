// Executes a Health task: runs the health script on every machine (NoIsolation, so it shares the
// target with running deployments rather than waiting for them), maxParallelism at a time. Fails,
// naming the first, when any machine is unhealthy.
import type pg from "pg";
import { selectMachines } from "../sql/selectMachines.ts";
import { stoppedMessage } from "./interruption.ts";
import { mapWithLimit } from "../../lib/limit.ts";
import { runTargetScript, type TargetScriptDeps } from "./target-script.ts";
import type { Executor } from "./task-run.ts";

export const HEALTH_STEP_NAME = "Health check";

export interface HealthDeps extends TargetScriptDeps {
  pool: pg.Pool;
  maxParallelism: number;
}

export function makeHealthExecutor(deps: HealthDeps): Executor {
  return async (handle) => {
    const machines = await handle.retrying("machines", () => selectMachines(deps.pool));
    handle.log(`Checking the health of ${machines.length} machines`);
    const errors = await mapWithLimit(machines, deps.maxParallelism, (machine) =>
      handle.signal.aborted ? Promise.resolve("not checked") : runTargetScript(deps, handle, HEALTH_STEP_NAME, machine, "NoIsolation"));
    if (handle.signal.aborted) return stoppedMessage(deps.nodeName, handle, HEALTH_STEP_NAME);
    const unhealthy = errors.filter((error): error is string => error !== null);
    if (unhealthy.length > 0) return `${unhealthy.length} of ${machines.length} machines unhealthy; first: ${unhealthy[0]}`;
    handle.log(`All ${machines.length} machines healthy`);
    return null;
  };
}
