// Runs one step's script on one target: StartScript (idempotent by ticket), then GetStatus polls with
// backoff (initial, x factor, capped) until Complete. Returns the exit code; RPC errors propagate.
import { setTimeout as sleep } from "node:timers/promises";
import { RPC_PATHS, type RpcSettings, type ScriptStatusResponse, type StartScriptRequest } from "../../contracts/index.ts";
import { RpcError } from "./http-post-json.ts";
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
  let status = checked(await rpc.call<ScriptStatusResponse>(
    { ...common, service: "start-script", path: RPC_PATHS.startScript, body: request }, signal));
  let delayMs = settings.statusPollInitialMs;
  while (status.state !== "Complete") {
    await sleep(delayMs, undefined, { signal });
    delayMs = Math.min(delayMs * settings.statusPollBackoffFactor, settings.statusPollMaxMs);
    status = checked(await rpc.call<ScriptStatusResponse>(
      { ...common, service: "get-status", path: RPC_PATHS.getStatus, body: { ticket: request.ticket } }, signal));
  }
  if (typeof status.exitCode !== "number") throw new RpcError("fail", "tentacle reported Complete without an exitCode");
  return status.exitCode;
}

function checked(status: ScriptStatusResponse): ScriptStatusResponse {
  if (status === null || typeof status !== "object" || !SCRIPT_STATES.has(status.state)) {
    throw new RpcError("fail", `tentacle sent an invalid ScriptStatusResponse: ${JSON.stringify(status).slice(0, 200)}`);
  }
  return status;
}
