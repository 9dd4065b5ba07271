// The error every RPC attempt fails with, over HTTP (post-json.ts) or a polling queue: `outcome` says
// whether the tentacle may have acted, "fail" (known not done / refused) or "info" (unknown: timeouts,
// resets, aborts); `kind` says what happened; `retryable` whether Octopus's retry layer retries it.

export type RpcOutcome = "fail" | "info";

/** What went wrong; every kind but the last four is a transport failure Octopus's retry layer retries. */
export type RpcErrorKind =
  | "connect-refused"
  | "connect-timeout"
  | "send-timeout"
  | "response-timeout"
  | "receive-timeout"
  | "connection-reset"
  | "queue-timeout"
  | "polling-disconnected"
  | "node-stopping"
  | "http-status"
  | "bad-reply"
  | "aborted"
  | "unknown";

const RETRYABLE: ReadonlySet<RpcErrorKind> = new Set([
  "connect-refused", "connect-timeout", "send-timeout", "response-timeout", "receive-timeout",
  "connection-reset", "queue-timeout", "polling-disconnected",
]);

export class RpcError extends Error {
  readonly outcome: RpcOutcome;
  readonly kind: RpcErrorKind;
  constructor(outcome: RpcOutcome, message: string, options?: ErrorOptions & { kind?: RpcErrorKind }) {
    super(message, options);
    this.name = "RpcError";
    this.outcome = outcome;
    this.kind = options?.kind ?? "unknown";
  }

  /** A transport failure (HalibutClientException that is retryable), not an answer from the service. */
  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}
