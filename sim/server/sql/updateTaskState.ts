// Compare-and-swap write of a task's state: applies only when the version still matches, bumps it,
// stamps start/completed/last-updated times. Returns the new row, or null when the version moved on.
import type { TaskState } from "../../contracts/index.ts";
import type { Queryable } from "../db.ts";
import type { ServerTaskRecord } from "../task-record.ts";
import { TASK_COLUMNS, toTaskRecord, type TaskRow } from "./taskRow.ts";

export interface TaskStateWrite {
  taskId: string;
  expectedVersion: number;
  state: TaskState;
  /** Set server_node (null keeps the current owner). */
  serverNode: string | null;
  /** Stamp completed_time (the new state is terminal). */
  completes: boolean;
  /** Set error_message (null keeps the current one). */
  errorMessage: string | null;
}

export async function updateTaskState(db: Queryable, write: TaskStateWrite): Promise<ServerTaskRecord | null> {
  const result = await db.query<TaskRow>({
    name: "update_task_state",
    text: `update server_task set
        state = $3::text,
        server_node = coalesce($4, server_node),
        start_time = case when $3::text = 'Executing' then clock_timestamp() else start_time end,
        completed_time = case when $5::boolean then clock_timestamp() else completed_time end,
        error_message = coalesce($6, error_message),
        last_updated_time = clock_timestamp(),
        version = version + 1
      where id = $1 and version = $2
      returning ${TASK_COLUMNS}`,
    values: [write.taskId, write.expectedVersion, write.state, write.serverNode, write.completes, write.errorMessage],
  });
  const row = result.rows[0];
  return row ? toTaskRecord(row) : null;
}
