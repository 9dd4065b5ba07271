// Reads one task's version slice without locking (the optimistic strategy's reload).
import type { Queryable } from "../db.ts";
import { TASK_VERSION_COLUMNS, type TaskVersion } from "../task-record.ts";

export async function selectTaskVersion(db: Queryable, taskId: string): Promise<TaskVersion | null> {
  const result = await db.query<TaskVersion>({
    name: "select_task_version",
    text: `select ${TASK_VERSION_COLUMNS} from server_task where id = $1`,
    values: [taskId],
  });
  return result.rows[0] ?? null;
}
