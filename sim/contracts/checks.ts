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

/** What every checker reads: the merged history and the state captured after drain. */
export interface CheckInput {
  history: HistoryOp[];
  finalState: FinalState;
  /** Task ids the load saw accepted; when absent, derived from ok `deployment:create` ops. */
  acceptedTaskIds?: string[];
}

/** A pure invariant checker (Jepsen `Checker`): no I/O, linear in the history. */
export type Checker = (input: CheckInput) => CheckResult;
