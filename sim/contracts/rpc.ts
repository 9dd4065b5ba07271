// Wire types of the Halibut-like RPC between server nodes and tentacles (HTTP/1.1, JSON bodies).
// Script services are idempotent by the server-issued ticket: a retried start runs the script once.

export const RPC_PATHS = {
  startScript: "/rpc/script/start",
  getStatus: "/rpc/script/status",
  cancelScript: "/rpc/script/cancel",
  completeScript: "/rpc/script/complete",
  health: "/rpc/health",
} as const;

/** Reader/writer isolation on the target (Tentacle's ScriptIsolationMutex). */
export type ScriptIsolation = "FullIsolation" | "NoIsolation";

export interface StartScriptRequest {
  /** Server-issued, unique per (task, step, target); makes start idempotent. */
  ticket: string;
  taskId: string;
  stepName: string;
  targetId: string;
  /** Server node issuing the call. */
  node: string;
  isolation: ScriptIsolation;
}

export type ScriptState = "Pending" | "Running" | "Complete";

export interface ScriptStatusResponse {
  ticket: string;
  state: ScriptState;
  /** Set when state is Complete: 0 success, non-zero failure. */
  exitCode: number | null;
}

export interface TicketRequest {
  ticket: string;
}

/** Body of every non-2xx RPC response (e.g. 404 for an unknown ticket, 400 for a malformed body). */
export interface RpcErrorResponse {
  error: string;
}
