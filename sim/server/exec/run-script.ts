// Runs one step's script on one target: StartScript (idempotent by ticket; the tentacle holds the reply
// up to startScriptWaitMs for the script to finish), then GetStatus polls with backoff (initial,
// x factor, capped) until Complete. Returns the exit code; RPC errors propagate. uploadPackage sends a
// package (file transfer RPC with a nominal size) to one target.
import { setTimeout as sleep } from "node:timers/promises";
import {
  RPC_PATHS, type RpcSettings, type ScriptStatusResponse, type StartScriptRequest, type UploadFileRequest, type UploadFileResponse,
} from "../../contracts/index.ts";
import { RpcError } from "../../transport/index.ts";
import type { RpcClient } from "./rpc-client.ts";

const SCRIPT_STATES: ReadonlySet<string> = new Set(["Pending", "Running", "Complete"]);

export interface ScriptTarget {
  id: string;
  endpoint: string;
}

export async function runScript(
  rpc: RpcClient,
  settings: RpcSettings,
  request: StartScriptRequest,
  target: ScriptTarget,
  signal?: AbortSignal,
): Promise<number> {
  const common = { endpoint: target.endpoint, targetId: target.id, taskId: request.taskId, ticket: request.ticket };
  const waitMs = request.waitForCompletionMs ?? settings.startScriptWaitMs ?? 0;
  const body: StartScriptRequest = waitMs > 0 ? { ...request, waitForCompletionMs: waitMs } : request;
  let status = checked(await rpc.call<ScriptStatusResponse>(
    { ...common, service: "start-script", path: RPC_PATHS.startScript, body }, signal));
  let delayMs = settings.statusPollInitialMs;
  while (status.state !== "Complete") {
    await sleep(delayMs, undefined, { signal });
    delayMs = Math.min(delayMs * settings.statusPollBackoffFactor, settings.statusPollMaxMs);
    status = checked(await rpc.call<ScriptStatusResponse>(
      { ...common, service: "get-status", path: RPC_PATHS.getStatus, body: { ticket: request.ticket } }, signal));
  }
  if (typeof status.exitCode !== "number") throw new RpcError("fail", "tentacle reported Complete without an exitCode", { kind: "bad-reply" });
  return status.exitCode;
}

/**
 * Uploads a package to one target before a deployment's first step (call once per target, e.g. with
 * fileId `${taskId}/${node}/package/${targetId}`). Idempotent by fileId, so a retried upload is received once.
 */
export async function uploadPackage(rpc: RpcClient, request: UploadFileRequest, target: ScriptTarget, signal?: AbortSignal): Promise<UploadFileResponse> {
  const response = await rpc.call<UploadFileResponse>({
    service: "upload-file", endpoint: target.endpoint, path: RPC_PATHS.uploadFile, body: request,
    targetId: target.id, taskId: request.taskId, ticket: request.fileId,
  }, signal);
  if (response === null || typeof response !== "object" || response.fileId !== request.fileId) {
    throw new RpcError("fail", `tentacle sent an invalid UploadFileResponse: ${JSON.stringify(response).slice(0, 200)}`, { kind: "bad-reply" });
  }
  return response;
}

function checked(status: ScriptStatusResponse): ScriptStatusResponse {
  if (status === null || typeof status !== "object" || !SCRIPT_STATES.has(status.state)) {
    throw new RpcError("fail", `tentacle sent an invalid ScriptStatusResponse: ${JSON.stringify(status).slice(0, 200)}`, { kind: "bad-reply" });
  }
  return status;
}
