// The result shape every invariant checker returns (Jepsen-style three-valued verdict).
import type { HistoryOp } from "./history.ts";
import type { FinalState } from "./task.ts";

export type Validity = true | false | "unknown";

export interface CheckResult {
  valid: Validity;
  /** One line a person can read: what was checked and what was seen. */
  summary: string;
  /** Evidence: offending tasks, times, nodes (bounded in size). */
  evidence?: unknown[];
  /** Counts the checker computed (e.g. tasks examined). */
  counts?: Record<string, number>;
}

/** false outranks "unknown", which outranks true. */
export function mergeValidity(a: Validity, b: Validity): Validity {
  if (a === false || b === false) return false;
  if (a === "unknown" || b === "unknown") return "unknown";
  return true;
}

/** Limits some checkers judge against, derived from the scenario by the runner (absent: that checker says "unknown"). */
export interface CheckLimits {
  /** MaxConcurrentTasks of every node (the scenario's server.taskCap). */
  taskCapPerNode?: number;
  /** A task Executing or Cancelling with no progress for longer than this is hung (run ms, already scaled). */
  hungTaskBoundMs?: number;
  /** Live tasks are judged up to this instant, ms since the epoch (default: finalState.capturedAtMs, else the last time seen). */
  observedUntilMs?: number;
  /** How far the clocks of the run's hosts may disagree after correction: checkers comparing times across hosts allow this much. */
  clockToleranceMs?: number;
}

/** What every checker reads: the merged history and the state captured after drain. */
export interface CheckInput {
  history: HistoryOp[];
  finalState: FinalState;
  /** Task ids the load saw accepted; when absent, derived from ok `deployment:create` ops. */
  acceptedTaskIds?: string[];
  limits?: CheckLimits;
}

/** A pure invariant checker (Jepsen `Checker`): no I/O, linear in the history. */
export type Checker = (input: CheckInput) => CheckResult;
