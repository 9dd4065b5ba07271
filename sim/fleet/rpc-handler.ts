// The tentacle RPC surface over HTTP/1.1 JSON (sim/contracts/rpc.ts): start, status, cancel and
// complete a script, and health. Malformed bodies get 400, unknown tickets 404, both as RpcErrorResponse.

import type { IncomingMessage, ServerResponse } from "node:http";
import { RPC_PATHS, type RpcErrorResponse, type StartScriptRequest } from "../contracts/index.ts";
import type { Tentacle } from "./tentacle.ts";

/** Largest request body accepted; RPC bodies are a few hundred bytes. */
const MAX_BODY_BYTES = 64 * 1024;

class BadRequest extends Error {}

export async function handleRpc(tentacle: Tentacle, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    if (req.url === RPC_PATHS.health && (req.method === "GET" || req.method === "HEAD")) {
      return reply(res, 200, { tentacle: tentacle.id, ok: true });
    }
    if (req.method !== "POST") return reply(res, 405, error(`${req.method} ${req.url}: expected POST`));
    switch (req.url) {
      case RPC_PATHS.startScript:
        return reply(res, 200, tentacle.start(parseStart(await readJson(req))));
      case RPC_PATHS.getStatus:
      case RPC_PATHS.completeScript: {
        const ticket = parseTicket(await readJson(req));
        const status = tentacle.status(ticket);
        return status ? reply(res, 200, status) : reply(res, 404, unknownTicket(tentacle, ticket));
      }
      case RPC_PATHS.cancelScript: {
        const ticket = parseTicket(await readJson(req));
        const status = tentacle.cancel(ticket);
        return status ? reply(res, 200, status) : reply(res, 404, unknownTicket(tentacle, ticket));
      }
      default:
        return reply(res, 404, error(`no RPC at ${req.url}; expected one of ${Object.values(RPC_PATHS).join(", ")}`));
    }
  } catch (err) {
    if (err instanceof BadRequest) return reply(res, 400, error(err.message));
    reply(res, 500, error(`tentacle ${tentacle.id}: ${(err as Error).message}`));
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function error(message: string): RpcErrorResponse {
  return { error: message };
}

function unknownTicket(tentacle: Tentacle, ticket: string): RpcErrorResponse {
  return error(`tentacle ${tentacle.id} has no script with ticket ${JSON.stringify(ticket)}`);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BadRequest(`request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch (err) {
    throw new BadRequest(`request body is not JSON: ${(err as Error).message}`);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new BadRequest("request body: expected a JSON object");
  return body as Record<string, unknown>;
}

function requireString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== "string" || value === "") {
    throw new BadRequest(`${field}: expected a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}

function parseTicket(body: Record<string, unknown>): string {
  return requireString(body, "ticket");
}

function parseStart(body: Record<string, unknown>): StartScriptRequest {
  const ticket = requireString(body, "ticket");
  const taskId = requireString(body, "taskId");
  const stepName = requireString(body, "stepName");
  const targetId = requireString(body, "targetId");
  const node = requireString(body, "node");
  const isolation = body.isolation;
  if (isolation !== "FullIsolation" && isolation !== "NoIsolation") {
    throw new BadRequest(`isolation: expected "FullIsolation" or "NoIsolation", got ${JSON.stringify(isolation)}`);
  }
  return { ticket, taskId, stepName, targetId, node, isolation };
}
