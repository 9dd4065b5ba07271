// Compare-and-swap write of HasPendingInterruptions (manual intervention set or cleared through the
// API). Returns the new version slice, or null when the version moved on.
import type { Queryable } from "../db.ts";
import { TASK_VERSION_COLUMNS, type TaskVersion } from "../task-record.ts";

export async function updateTaskInterruption(db: Queryable, taskId: string, expectedVersion: number, pending: boolean): Promise<TaskVersion | null> {
  const result = await db.query<TaskVersion>({
    name: "update_task_interruption",
    text: `update server_task set has_pending_interruptions = $3, last_updated_time = clock_timestamp(), version = version + 1
      where id = $1 and version = $2
      returning ${TASK_VERSION_COLUMNS}`,
    values: [taskId, expectedVersion, pending],
  });
  return result.rows[0] ?? null;
}
