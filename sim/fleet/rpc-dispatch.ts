// The tentacle's RPC services, independent of transport: (path, JSON body) -> {status, body}, used by
// the listening HTTP handler and by polling connections alike. Malformed bodies get 400, unknown
// tickets 404, unknown paths 404, all as RpcErrorResponse.

import { RPC_PATHS, type RpcErrorResponse, type StartScriptRequest, type UploadFileRequest } from "../contracts/index.ts";
import type { Tentacle } from "./tentacle.ts";

export interface RpcAnswer {
  status: number;
  body: unknown;
}

export class BadRequest extends Error {}

export async function dispatchRpc(tentacle: Tentacle, path: string, body: unknown): Promise<RpcAnswer> {
  try {
    switch (path) {
      case RPC_PATHS.health:
        return { status: 200, body: { tentacle: tentacle.id, ok: true } };
      case RPC_PATHS.startScript:
        return { status: 200, body: await tentacle.startAndWait(parseStart(asObject(body))) };
      case RPC_PATHS.getStatus:
      case RPC_PATHS.completeScript: {
        const ticket = requireString(asObject(body), "ticket");
        const status = tentacle.status(ticket);
        return status ? { status: 200, body: status } : unknownTicket(tentacle, ticket);
      }
      case RPC_PATHS.cancelScript: {
        const ticket = requireString(asObject(body), "ticket");
        const status = tentacle.cancel(ticket);
        return status ? { status: 200, body: status } : unknownTicket(tentacle, ticket);
      }
      case RPC_PATHS.uploadFile:
        return { status: 200, body: await tentacle.upload(parseUpload(asObject(body))) };
      default:
        return { status: 404, body: error(`no RPC at ${path}; expected one of ${Object.values(RPC_PATHS).join(", ")}`) };
    }
  } catch (err) {
    if (err instanceof BadRequest) return { status: 400, body: error(err.message) };
    return { status: 500, body: error(`tentacle ${tentacle.id}: ${(err as Error).message}`) };
  }
}

function error(message: string): RpcErrorResponse {
  return { error: message };
}

function unknownTicket(tentacle: Tentacle, ticket: string): RpcAnswer {
  return { status: 404, body: error(`tentacle ${tentacle.id} has no script with ticket ${JSON.stringify(ticket)}`) };
}

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new BadRequest("request body: expected a JSON object");
  return body as Record<string, unknown>;
}

function requireString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== "string" || value === "") throw new BadRequest(`${field}: expected a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}

function optionalNonNegative(body: Record<string, unknown>, field: string): number | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !(value >= 0)) throw new BadRequest(`${field}: expected a number >= 0, got ${JSON.stringify(value)}`);
  return value;
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
  const waitForCompletionMs = optionalNonNegative(body, "waitForCompletionMs");
  return { ticket, taskId, stepName, targetId, node, isolation, ...(waitForCompletionMs === undefined ? {} : { waitForCompletionMs }) };
}

function parseUpload(body: Record<string, unknown>): UploadFileRequest {
  const sizeBytes = optionalNonNegative(body, "sizeBytes");
  if (sizeBytes === undefined) throw new BadRequest("sizeBytes: expected a number >= 0, got undefined");
  return {
    fileId: requireString(body, "fileId"), taskId: requireString(body, "taskId"), targetId: requireString(body, "targetId"),
    node: requireString(body, "node"), sizeBytes,
  };
}
