// Error replies ({ErrorMessage, Field?, ErrorId?}). A failure that is not the client's (a database
// error, a bug) goes back as a generic message with an error id; the cause goes only to the node's log,
// under that id, so no PostgreSQL text ever reaches an API client.
import { randomBytes } from "node:crypto";
import type { ApiErrorResource } from "../../contracts/index.ts";
import type { Log } from "../log.ts";
import { jsonReply, type Reply } from "./reply.ts";

export function errorReply(status: number, message: string, field?: string): Reply {
  const body: ApiErrorResource = field === undefined ? { ErrorMessage: message } : { ErrorMessage: message, Field: field };
  return jsonReply(status, body);
}

/** Logs `cause` as `event` under a new error id and replies `${what} (error id …)`, naming `field` when given. */
export function loggedErrorReply(
  log: Log, status: number, event: string, what: string, cause: unknown, fields: Record<string, unknown> = {}, field?: string,
): Reply {
  const errorId = randomBytes(8).toString("hex");
  log(status >= 500 ? "error" : "warn", event, { errorId, ...fields, error: cause });
  const body: ApiErrorResource = { ErrorMessage: `${what} (error id ${errorId}; the node's log has the cause)`, ErrorId: errorId };
  return jsonReply(status, field === undefined ? body : { ...body, Field: field });
}
