// The server's in-memory view of one server_task row (times as Date, as pg returns timestamptz), and
// the slice of it every concurrency-controlled write starts from.
import type { TaskState } from "../contracts/index.ts";

export interface ServerTaskRecord {
  id: string;
  /** Task type: "Deploy", "Health". */
  name: string;
  description: string;
  state: TaskState;
  projectId: string | null;
  environmentId: string | null;
  tenantId: string | null;
  concurrencyTag: string | null;
  /** The node that owns (executes) the task. */
  serverNode: string | null;
  queueTime: Date;
  /** The task must start before this, else it becomes TimedOut (null = no limit). */
  queueTimeExpiry: Date | null;
  startTime: Date | null;
  completedTime: Date | null;
  lastUpdatedTime: Date;
  errorMessage: string | null;
  hasPendingInterruptions: boolean;
  /** The concurrency token: bumped by every write; the optimistic strategy compares-and-swaps on it. */
  version: number;
}

/** The part of a task every concurrency-controlled write starts from (and the owner's fencing reads). */
export interface TaskVersion {
  id: string;
  state: TaskState;
  version: number;
  serverNode: string | null;
  hasPendingInterruptions: boolean;
}

/** Columns of a TaskVersion as selected by sql/ functions. */
export const TASK_VERSION_COLUMNS = `id, state, version, server_node as "serverNode", has_pending_interruptions as "hasPendingInterruptions"`;
