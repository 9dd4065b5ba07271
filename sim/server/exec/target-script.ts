// Runs one script on one target for a running task (deploy step or health check) and says how it
// went in one line. A ticket is unique per (task, node, step, target): a retried call runs the
// script once, but a second node executing the same task (double pickup) runs it again. When the
// task's cancel stops the script, the tentacle is told to cancel it. Also the package upload.
import { RPC_PATHS, type RpcSettings, type ScriptIsolation, type ScriptStatusResponse } from "../../contracts/index.ts";
import { RpcError } from "../../transport/index.ts";
import type { RpcClient } from "./rpc-client.ts";
import { runScript, uploadPackage, type ScriptTarget } from "./run-script.ts";
import type { TaskHandle } from "./task-handle.ts";

export interface TargetScriptDeps {
  nodeName: string;
  rpc: RpcClient;
  rpcSettings: RpcSettings;
}

/** Time a cancel RPC may take once the task's own calls were aborted. */
const CANCEL_TIMEOUT_MS = 5_000;

export function scriptTicket(taskId: string, nodeName: string, stepName: string, targetId: string): string {
  return `${taskId}/${nodeName}/${stepName}/${targetId}`;
}

/** null on exit code 0, else why it failed ("target X: ..."). */
export async function runTargetScript(
  deps: TargetScriptDeps,
  handle: TaskHandle,
  stepName: string,
  target: ScriptTarget,
  isolation: ScriptIsolation,
): Promise<string | null> {
  const taskId = handle.task.id;
  const ticket = scriptTicket(taskId, deps.nodeName, stepName, target.id);
  try {
    const exitCode = await runScript(deps.rpc, deps.rpcSettings, {
      ticket, taskId, stepName, targetId: target.id, node: deps.nodeName, isolation,
    }, target, handle.signal);
    if (exitCode === 0) return null;
    handle.log(`target ${target.id}: script exited with code ${exitCode}`, "Error");
    return `target ${target.id}: script exited with code ${exitCode}`;
  } catch (error) {
    if (handle.abortReason === "canceled") await cancelScript(deps, taskId, ticket, target, handle);
    const kind = error instanceof RpcError ? `RPC ${error.outcome === "info" ? "outcome unknown" : "failed"}` : "error";
    const message = `target ${target.id}: ${kind}: ${error instanceof Error ? error.message : String(error)}`;
    if (!handle.signal.aborted) handle.log(message, "Error");
    return message;
  }
}

async function cancelScript(deps: TargetScriptDeps, taskId: string, ticket: string, target: ScriptTarget, handle: TaskHandle): Promise<void> {
  try {
    const status = await deps.rpc.call<ScriptStatusResponse>({
      service: "cancel-script", endpoint: target.endpoint, path: RPC_PATHS.cancelScript, body: { ticket },
      targetId: target.id, taskId, ticket,
    }, AbortSignal.timeout(CANCEL_TIMEOUT_MS));
    handle.log(`target ${target.id}: script canceled (${status.state}, exit code ${status.exitCode})`, "Warning");
  } catch (error) {
    handle.log(`target ${target.id}: cancel failed: ${error instanceof Error ? error.message : String(error)}`, "Warning");
  }
}

/** Uploads the deployment's package to one target (file transfer RPC); null when received, else why not. */
export async function uploadTargetPackage(deps: TargetScriptDeps, handle: TaskHandle, target: ScriptTarget, sizeBytes: number): Promise<string | null> {
  const taskId = handle.task.id;
  try {
    const response = await uploadPackage(deps.rpc, {
      fileId: `${taskId}/${deps.nodeName}/package/${target.id}`, taskId, targetId: target.id, node: deps.nodeName, sizeBytes,
    }, target, handle.signal);
    handle.log(`target ${target.id}: package of ${sizeBytes} bytes received in ${response.receiveMs} ms`);
    return null;
  } catch (error) {
    const message = `target ${target.id}: package upload failed: ${error instanceof Error ? error.message : String(error)}`;
    if (!handle.signal.aborted) handle.log(message, "Error");
    return message;
  }
}
