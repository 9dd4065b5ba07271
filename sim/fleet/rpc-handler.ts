// The listening tentacle's RPC surface over HTTP/1.1 JSON (sim/contracts/rpc.ts): POST <RPC path>
// with a JSON body, answered by dispatchRpc; GET/HEAD health. Bodies that are not JSON get 400.
// Transport-free: http-connection.ts reads the request and writes the answer.

import type { HttpRequest } from "../transport/index.ts";
import { RPC_PATHS, type RpcErrorResponse } from "../contracts/index.ts";
import { BadRequest, dispatchRpc, type RpcAnswer } from "./rpc-dispatch.ts";
import type { Tentacle } from "./tentacle.ts";

/** Largest request body accepted; RPC bodies are a few hundred bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

export async function handleRpc(tentacle: Tentacle, request: HttpRequest): Promise<RpcAnswer> {
  const { method, path } = request;
  try {
    if (path === RPC_PATHS.health && (method === "GET" || method === "HEAD")) return { status: 200, body: { tentacle: tentacle.id, ok: true } };
    if (method !== "POST") return { status: 405, body: error(`${method} ${path}: expected POST`) };
    return await dispatchRpc(tentacle, path, parseJson(request.body));
  } catch (err) {
    if (err instanceof BadRequest) return { status: 400, body: error(err.message) };
    return { status: 500, body: error(`tentacle ${tentacle.id}: ${(err as Error).message}`) };
  }
}

export function error(message: string): RpcErrorResponse {
  return { error: message };
}

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8"));
  } catch (err) {
    throw new BadRequest(`request body is not JSON: ${(err as Error).message}`);
  }
}
