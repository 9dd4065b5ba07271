// Executes a Deploy task: targets = machines in the task's environment with the project's target
// role; each step runs on all targets in parallel, steps in order. Returns null on success or the
// error message that fails the task (which step, which target, why).
import type pg from "pg";
import type { RpcSettings } from "../../contracts/index.ts";
import type { Log } from "../log.ts";
import { selectProject } from "../sql/selectProject.ts";
import { selectTargets } from "../sql/selectTargets.ts";
import type { ServerTaskRecord } from "../task-record.ts";
import type { TaskWriter } from "../task-writer.ts";
import { RpcError } from "./http-post-json.ts";
import type { RpcClient } from "./rpc-client.ts";
import { runScript, type ScriptTarget } from "./run-script.ts";

export interface DeployDeps {
  pool: pg.Pool;
  nodeName: string;
  rpc: RpcClient;
  rpcSettings: RpcSettings;
  writer: TaskWriter;
  log: Log;
}

export async function executeDeploy(deps: DeployDeps, task: ServerTaskRecord, signal: AbortSignal): Promise<string | null> {
  if (!task.projectId || !task.environmentId) return `task ${task.id} has no project or environment`;
  const project = await selectProject(deps.pool, task.projectId);
  if (!project) return `project ${task.projectId} not found`;
  const targets = await selectTargets(deps.pool, task.environmentId, project.targetRole);
  if (targets.length === 0) return `no targets in role ${project.targetRole} in environment ${task.environmentId}`;
  for (const stepName of project.stepNames) {
    const errors = await Promise.all(targets.map((target) => runStep(deps, task.id, stepName, target, signal)));
    const failed = errors.filter((error): error is string => error !== null);
    if (signal.aborted) return `node ${deps.nodeName} shut down during step "${stepName}"`;
    if (failed.length > 0) {
      return `step "${stepName}" failed on ${failed.length} of ${targets.length} targets; first: ${failed[0]}`;
    }
    const progress = await deps.writer.touch(task.id);
    if (!progress.ok) deps.log("warn", "task:progress:unwritten", { taskId: task.id, reason: progress.reason });
  }
  return null;
}

/** Runs one step on one target; null on exit code 0, else why it failed. */
async function runStep(deps: DeployDeps, taskId: string, stepName: string, target: ScriptTarget, signal: AbortSignal) {
  const ticket = `${taskId}/${stepName}/${target.id}`;
  try {
    const exitCode = await runScript(deps.rpc, deps.rpcSettings, {
      ticket, taskId, stepName, targetId: target.id, node: deps.nodeName, isolation: "FullIsolation",
    }, target, signal);
    return exitCode === 0 ? null : `target ${target.id}: script exited with code ${exitCode}`;
  } catch (error) {
    const kind = error instanceof RpcError ? `RPC ${error.outcome === "info" ? "outcome unknown" : "failed"}` : "error";
    return `target ${target.id}: ${kind}: ${error instanceof Error ? error.message : String(error)}`;
  }
}
