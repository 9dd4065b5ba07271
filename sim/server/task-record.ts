// The server's in-memory view of one server_task row (times as Date, as pg returns timestamptz).
import type { TaskState } from "../contracts/index.ts";

export interface ServerTaskRecord {
  id: string;
  name: string;
  description: string;
  state: TaskState;
  projectId: string | null;
  environmentId: string | null;
  concurrencyTag: string | null;
  serverNode: string | null;
  queueTime: Date;
  startTime: Date | null;
  completedTime: Date | null;
  lastUpdatedTime: Date;
  errorMessage: string | null;
  /** Bumped by every write; the optimistic strategy compares-and-swaps on it. */
  version: number;
}

/** The part of a task every concurrency-controlled write starts from. */
export interface TaskVersion {
  id: string;
  state: TaskState;
  version: number;
}
