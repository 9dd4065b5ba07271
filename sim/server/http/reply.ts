// What a route handler returns, and how the server writes it (JSON by default). A HEAD request gets
// the same status and headers, content-length included, and no body (node:http drops it).
import type http from "node:http";

export interface Reply {
  status: number;
  /** Serialised as JSON unless `text` is given. */
  json?: unknown;
  text?: string;
  contentType?: string;
  /** Extra response headers, e.g. Allow on a 405. */
  headers?: Record<string, string>;
}

export const jsonReply = (status: number, json: unknown): Reply => ({ status, json });

export function writeReply(res: http.ServerResponse, reply: Reply): void {
  const body = reply.text ?? JSON.stringify(reply.json ?? null);
  res.writeHead(reply.status, {
    ...reply.headers,
    "content-type": reply.contentType ?? "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}
