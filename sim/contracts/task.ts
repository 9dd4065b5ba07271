// The ServerTask model as the harness sees it: states, the legal transition table, and the rows
// captured from the database at the end of a run. Pure data and functions.

export const TASK_STATES = ["Queued", "Executing", "Cancelling", "Success", "Failed", "Canceled", "TimedOut"] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const TERMINAL_STATES: ReadonlySet<TaskState> = new Set(["Success", "Failed", "Canceled", "TimedOut"]);

/** Legal transitions (domain.md (a)): from -> allowed targets. */
export const LEGAL_TRANSITIONS: Readonly<Record<TaskState, readonly TaskState[]>> = {
  Queued: ["Executing", "Canceled", "TimedOut"],
  Executing: ["Success", "Failed", "Cancelling"],
  Cancelling: ["Canceled", "Failed"],
  Success: [],
  Failed: [],
  Canceled: [],
  TimedOut: [],
};

export function isTerminal(state: TaskState): boolean {
  return TERMINAL_STATES.has(state);
}

export function isLegalTransition(from: TaskState, to: TaskState): boolean {
  return LEGAL_TRANSITIONS[from].includes(to);
}

/** One ServerTask row as captured at the end of a run. Times are ms since the epoch (null when not reached). */
export interface TaskRow {
  id: string;
  name: string;
  state: TaskState;
  projectId: string | null;
  environmentId: string | null;
  concurrencyTag: string | null;
  serverNode: string | null;
  queueTimeMs: number;
  startTimeMs: number | null;
  completedTimeMs: number | null;
  errorMessage: string | null;
  version: number;
  tenantId?: string | null;
  /** A manual intervention waits on the task (HasPendingInterruptions). */
  hasPendingInterruptions?: boolean;
  /** Last progress or state write (LastUpdatedTime), ms since the epoch. */
  lastUpdatedTimeMs?: number;
  queueTimeExpiryMs?: number | null;
}

/** One appended state transition (the task-events table). */
export interface TaskEventRow {
  taskId: string;
  fromState: TaskState | null;
  toState: TaskState;
  node: string | null;
  timeMs: number;
  reason: string | null;
}

/** What the runner captures from the database after drain; checkers read it, never the database. */
export interface FinalState {
  tasks: TaskRow[];
  events: TaskEventRow[];
  /** When the capture began, ms since the epoch (absent in captures made before this field existed). */
  capturedAtMs?: number;
}
