// What a route handler returns, and how the server writes it (JSON by default).
import type http from "node:http";

export interface Reply {
  status: number;
  /** Serialised as JSON unless `text` is given. */
  json?: unknown;
  text?: string;
  contentType?: string;
}

export const jsonReply = (status: number, json: unknown): Reply => ({ status, json });

export function writeReply(res: http.ServerResponse, reply: Reply): void {
  const body = reply.text ?? JSON.stringify(reply.json ?? null);
  res.writeHead(reply.status, {
    "content-type": reply.contentType ?? "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}
