// Executes a Deploy task: targets = machines in the task's environment with the project's target
// role; the project's package is uploaded to every target first (when it has one); steps in order,
// each on all targets at most maxParallelism at a time; waits before a step
// while a manual intervention is pending. Returns null on success or the error message that fails
// the task (which step, which target, why).
import type { PlanLookup } from "./plan-cache.ts";
import { mapWithLimit } from "../../lib/limit.ts";
import { runTargetScript, uploadTargetPackage, type TargetScriptDeps } from "./target-script.ts";
import type { Executor } from "./task-run.ts";
import { stoppedMessage, waitWhileInterrupted } from "./interruption.ts";

export interface DeployDeps extends TargetScriptDeps {
  /** Project and targets of a deployment (cached briefly per node). */
  plans: PlanLookup;
  maxParallelism: number;
  /** How often a paused task re-checks its interruption flag (its progress interval). */
  pauseCheckMs: number;
}

export function makeDeployExecutor(deps: DeployDeps): Executor {
  return async (handle) => {
    const { task } = handle;
    if (!task.projectId || !task.environmentId) return `task ${task.id} has no project or environment`;
    const { projectId, environmentId } = task;
    const plan = await handle.retrying("deploy plan", () => deps.plans(projectId, environmentId));
    if (!plan) return `project ${task.projectId} not found`;
    const { project, targets } = plan;
    if (targets.length === 0) return `no targets in role ${project.targetRole} in environment ${task.environmentId}`;
    handle.log(`Deploying ${project.name} to ${targets.length} targets in ${task.environmentId} (${project.stepNames.length} steps)`);
    const packageSizeBytes = project.packageSizeBytes ?? 0;
    if (packageSizeBytes > 0) {
      const errors = await mapWithLimit(targets, deps.maxParallelism, (target) => uploadTargetPackage(deps, handle, target, packageSizeBytes));
      if (handle.signal.aborted) return stoppedMessage(deps.nodeName, handle, "Acquire packages");
      const failed = errors.filter((error): error is string => error !== null);
      if (failed.length > 0) return `package upload failed on ${failed.length} of ${targets.length} targets; first: ${failed[0]}`;
    }
    for (const [index, stepName] of project.stepNames.entries()) {
      await waitWhileInterrupted(handle, deps.pauseCheckMs);
      if (handle.signal.aborted) return stoppedMessage(deps.nodeName, handle, stepName);
      handle.log(`Step "${stepName}" started on ${targets.length} targets`);
      const errors = await mapWithLimit(targets, deps.maxParallelism, (target) =>
        runTargetScript(deps, handle, stepName, target, "FullIsolation"));
      if (handle.signal.aborted) return stoppedMessage(deps.nodeName, handle, stepName);
      const failed = errors.filter((error): error is string => error !== null);
      if (failed.length > 0) return `step "${stepName}" failed on ${failed.length} of ${targets.length} targets; first: ${failed[0]}`;
      handle.log(`Step "${stepName}" succeeded`);
      if (index < project.stepNames.length - 1) await handle.progress();
    }
    return null;
  };
}
