// One operation in a run's history (Jepsen-style). Every actor appends these as NDJSON lines; the
// merged history.ndjson is what a run hands to the checkers. Pure types, importable from k6.

/** invoke: an operation began; ok/fail: it finished with a known outcome; info: outcome unknown (timeouts, crashes) or a plain event. */
export type OpType = "invoke" | "ok" | "fail" | "info";

export interface HistoryOp<V = unknown> {
  /** Wall-clock time in ms since the Unix epoch. */
  time: number;
  /** Who did it: "k6", "node-1", "tentacle-0042", "faults", "run". */
  actor: string;
  type: OpType;
  /** What was done, colon-named: "deployment:create", "script:run", "rpc:start-script", "fault:latency". */
  f: string;
  value: V;
}

/** value of `deployment:create` ops written by the load generator. */
export interface DeploymentCreateValue {
  /** The task id returned by the server (ok ops only). */
  taskId?: string;
  projectId: string;
  environmentId: string;
  tenantId?: string;
  /** HTTP status seen (ok/fail). */
  status?: number;
  error?: string;
  /** Time from request sent to response (or network error) seen by the load generator. */
  latencyMs?: number;
  /** k6's iteration number in the whole test (unique across instances that split the load). */
  iteration?: number;
}

/** value of `task:cancel` ops written by the load generator (an operator pressing Cancel). */
export interface TaskCancelValue {
  taskId: string;
  status?: number;
  error?: string;
}

/** value of `task:interruption` ops written by the load generator (a manual intervention set or cleared). */
export interface TaskInterruptionValue {
  taskId: string;
  /** The HasPendingInterruptions value written. */
  pending: boolean;
  status?: number;
  error?: string;
}

/**
 * value of `task:interruption-flag` ops written by server nodes (actor: the node) for the writes of
 * HasPendingInterruptions a checker must order by version: `ok` when a node committed a flag write
 * made through the API (PUT /interruption, just before answering), `info` when the owner's progress
 * write saved a copy of the row older than the row it overwrote (the staleSnapshotWrites bug).
 */
export interface InterruptionFlagWriteValue {
  taskId: string;
  /** The HasPendingInterruptions value the write left in the row. */
  pending: boolean;
  /** The task row's version this write produced (every write of the row bumps it by one). */
  version: number;
  /** The version of the copy the writer wrote from: version - 1 when it saw every earlier write; lower when it overwrote writes it never saw. */
  seenVersion: number;
  /** api: an operator's set or clear; progress: the owner's progress write. */
  writer: "api" | "progress";
}

/** value of `script:run` ops journaled by a tentacle: one invoke when a script starts, one ok/fail when it ends. */
export interface ScriptRunValue {
  ticket: string;
  taskId: string;
  stepName: string;
  targetId: string;
  /** Name of the server node that asked for the script. */
  node: string;
  exitCode?: number;
  /** Why the outcome is unknown (info ops), e.g. "fleet stopped while the script ran". */
  error?: string;
}

/** value of `rpc:<service>` ops written by server nodes for every call they make to a tentacle. */
export interface RpcCallValue {
  targetId: string;
  taskId: string;
  /** The script ticket the call is about (pairs an invoke with its ok/fail/info via opKey). */
  ticket?: string;
  /** Time from request sent to response received (ok/fail/info). */
  durationMs?: number;
  error?: string;
  /** 1-based attempt of Octopus's retry layer (absent on the first attempt when retries are off). */
  attempt?: number;
  /** Why a call failed, e.g. "response-timeout", "queue-timeout", "connection-reset" (see RpcErrorKind in the server). */
  errorKind?: string;
  /** listening or polling. */
  mode?: "listening" | "polling";
}

/** value of `fault:<kind>` ops written by the fault timeline: an invoke when applying begins, ok when healed (info when applying or healing failed). */
export interface FaultWindowValue {
  kind: string;
  /** Human-readable target, e.g. "tentacles 10/50 (fraction 0.2)". */
  target: string;
  /** Names of the concrete things the fault hit (proxy names, node names). */
  targets: string[];
  attributes: Record<string, unknown>;
  /** When the step was due (load start + atS), ms since the epoch; the invoke's time is when applying began. */
  plannedAtMs?: number;
  /** On the closing op: when applying finished (the fault fully in effect), ms since the epoch. */
  appliedAtMs?: number;
  /** On the closing op: when healing began; the closing op's time is when it finished. */
  healStartedAtMs?: number;
  /** On info ops: why applying or healing failed. */
  error?: string;
}

/** Toxics the fault timeline adds are named with this prefix; any other toxic was added by hand (a "manual" fault window). */
export const TIMELINE_TOXIC_PREFIX = "taskstorm-";

/** Terminal (ok/fail/info) ops name their invoke by `f` + the same key; this helper builds that key. */
export function opKey(op: HistoryOp<{ ticket?: string; taskId?: string }>): string {
  return `${op.actor}|${op.f}|${op.value.ticket ?? op.value.taskId ?? ""}`;
}
