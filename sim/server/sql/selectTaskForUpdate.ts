// Reads one task's version slice and row-locks it until the transaction ends (pessimistic writes).
import type { Queryable } from "../db.ts";
import { TASK_VERSION_COLUMNS, type TaskVersion } from "../task-record.ts";

export async function selectTaskForUpdate(db: Queryable, taskId: string): Promise<TaskVersion | null> {
  const result = await db.query<TaskVersion>({
    name: "select_task_for_update",
    text: `select ${TASK_VERSION_COLUMNS} from server_task where id = $1 for update`,
    values: [taskId],
  });
  return result.rows[0] ?? null;
}
