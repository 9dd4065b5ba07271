// Wire types of the Halibut-like RPC between server nodes and tentacles (HTTP/1.1, JSON bodies).
// Script services are idempotent by the server-issued ticket: a retried start runs the script once.

export const RPC_PATHS = {
  startScript: "/rpc/script/start",
  getStatus: "/rpc/script/status",
  cancelScript: "/rpc/script/cancel",
  completeScript: "/rpc/script/complete",
  health: "/rpc/health",
  /** File transfer (package upload) with a nominal size; see UploadFileRequest. */
  uploadFile: "/rpc/file/upload",
} as const;

/** How the server reaches a machine: it calls a listening tentacle; a polling tentacle calls it. */
export type MachineMode = "listening" | "polling";

/** Endpoint scheme of polling machines (Halibut's `poll://<subscription>/`): the subscription is the machine id. */
export const POLLING_ENDPOINT_PREFIX = "poll://";

/** The endpoint the server stores for a polling machine, e.g. "poll://Machines-17/". */
export function pollingEndpoint(machineId: string): string {
  return `${POLLING_ENDPOINT_PREFIX}${machineId}/`;
}

/** The subscription id of a `poll://` endpoint, or null for a listening (http) endpoint. */
export function pollingSubscriptionOf(endpoint: string): string | null {
  if (!endpoint.startsWith(POLLING_ENDPOINT_PREFIX)) return null;
  const id = endpoint.slice(POLLING_ENDPOINT_PREFIX.length).replace(/\/$/, "");
  return id === "" ? null : id;
}

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
  /** Tentacle holds the reply until the script completes or this long passes (Tentacle's 5 s StartScript wait); 0/absent = reply at once. */
  waitForCompletionMs?: number;
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

/** Body of RPC_PATHS.uploadFile: a package transfer. Idempotent by fileId; the transfer time comes from sizeBytes and the tentacle's upload rate. */
export interface UploadFileRequest {
  /** Server-issued, unique per (task, target, package). */
  fileId: string;
  taskId: string;
  targetId: string;
  node: string;
  /** Nominal size of the package in bytes (only a few bytes travel; the tentacle takes the time the size needs). */
  sizeBytes: number;
}

export interface UploadFileResponse {
  fileId: string;
  sizeBytes: number;
  /** Time the tentacle spent receiving (0 when the file was already there). */
  receiveMs: number;
}

// ---- Polling (HTTP/1.1 long-poll between a polling tentacle and one node's polling endpoint) ----

export const POLLING_PATHS = {
  /** POST /poll/<subscription>: body PollBody; the reply (PollReply) is held until a request is queued or the null-message interval passes. */
  poll: "/poll/",
  /** GET: PollingStatus of the node (for readiness and tests). */
  status: "/polling/status",
} as const;

/** One RPC request handed to a polling tentacle. */
export interface PolledRequest {
  /** Node-unique request id; the response carries it back. */
  id: string;
  /** One of RPC_PATHS. */
  path: string;
  body: unknown;
}

/** The tentacle's answer to a PolledRequest, sent with its next poll. */
export interface PolledResponse {
  id: string;
  /** HTTP-like status: 200 ok, 4xx/5xx the service refused or failed. */
  status: number;
  body: unknown;
}

export interface PollBody {
  response?: PolledResponse;
}

/** `request: null` is Halibut's null message (nothing queued within the polling queue wait timeout). */
export interface PollReply {
  request: PolledRequest | null;
}

export interface PollingStatus {
  node: string;
  /** Subscriptions with at least one open polling connection. */
  subscriptions: number;
  /** Open polling connections. */
  connections: number;
  /** Requests queued and not yet collected. */
  queued: number;
}
