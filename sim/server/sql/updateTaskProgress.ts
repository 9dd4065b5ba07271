// Compare-and-swap progress stamp (last_updated_time) of a running task; returns the new version,
// or null when the version moved on.
import type { Queryable } from "../db.ts";

export async function updateTaskProgress(db: Queryable, taskId: string, expectedVersion: number): Promise<number | null> {
  const result = await db.query<{ version: number }>({
    name: "update_task_progress",
    text: `update server_task set last_updated_time = clock_timestamp(), version = version + 1
      where id = $1 and version = $2
      returning version`,
    values: [taskId, expectedVersion],
  });
  return result.rows[0]?.version ?? null;
}
