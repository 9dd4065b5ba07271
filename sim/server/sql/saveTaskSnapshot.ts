// THE staleSnapshotWrites BUG: saves a whole in-memory copy of the task (state, interruption flag)
// over the row with no version check, the way an ORM "save" of a stale entity does. Whatever other
// writers changed since the copy was read (a cancel, an approved interruption) is lost.
import type { Queryable } from "../db.ts";
import { TASK_VERSION_COLUMNS, type TaskVersion } from "../task-record.ts";

export async function saveTaskSnapshot(db: Queryable, snapshot: TaskVersion): Promise<TaskVersion | null> {
  const result = await db.query<TaskVersion>({
    name: "save_task_snapshot",
    text: `update server_task set state = $2, has_pending_interruptions = $3, last_updated_time = clock_timestamp(),
        version = version + 1
      where id = $1
      returning ${TASK_VERSION_COLUMNS}`,
    values: [snapshot.id, snapshot.state, snapshot.hasPendingInterruptions],
  });
  return result.rows[0] ?? null;
}
