// The listening tentacle's RPC surface over HTTP/1.1 JSON (sim/contracts/rpc.ts): POST <RPC path>
// with a JSON body, answered by dispatchRpc; GET/HEAD health. Bodies that are not JSON get 400.

import type { IncomingMessage, ServerResponse } from "node:http";
import { RPC_PATHS, type RpcErrorResponse } from "../contracts/index.ts";
import { BadRequest, dispatchRpc } from "./rpc-dispatch.ts";
import type { Tentacle } from "./tentacle.ts";

/** Largest request body accepted; RPC bodies are a few hundred bytes. */
const MAX_BODY_BYTES = 64 * 1024;

export async function handleRpc(tentacle: Tentacle, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = req.url ?? "/";
  try {
    if (path === RPC_PATHS.health && (req.method === "GET" || req.method === "HEAD")) {
      return reply(res, 200, { tentacle: tentacle.id, ok: true });
    }
    if (req.method !== "POST") return reply(res, 405, error(`${req.method} ${path}: expected POST`));
    const answer = await dispatchRpc(tentacle, path, await readJson(req));
    reply(res, answer.status, answer.body);
  } catch (err) {
    if (err instanceof BadRequest) return reply(res, 400, error(err.message));
    reply(res, 500, error(`tentacle ${tentacle.id}: ${(err as Error).message}`));
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function error(message: string): RpcErrorResponse {
  return { error: message };
}

/** The body as JSON (events, not `for await`: the async iterator was ~8% of the fleet's CPU under load). */
function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      req.off("data", onData);
      req.resume();
      reject(new BadRequest(`request body exceeds ${MAX_BODY_BYTES} bytes`));
    };
    req.on("data", onData);
    req.on("error", reject);
    req.on("close", () => {
      if (!req.complete) reject(new BadRequest("request body was cut off before its end"));
    });
    req.on("end", () => {
      if (size > MAX_BODY_BYTES) return;
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      } catch (err) {
        reject(new BadRequest(`request body is not JSON: ${(err as Error).message}`));
      }
    });
  });
}
