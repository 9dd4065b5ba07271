// Reads one task by id (no lock), or null when it does not exist.
import type { Queryable } from "../db.ts";
import type { ServerTaskRecord } from "../task-record.ts";
import { TASK_COLUMNS, toTaskRecord, type TaskRow } from "./taskRow.ts";

export async function selectTask(db: Queryable, taskId: string): Promise<ServerTaskRecord | null> {
  const result = await db.query<TaskRow>({
    name: "select_task",
    text: `select ${TASK_COLUMNS} from server_task where id = $1`,
    values: [taskId],
  });
  const row = result.rows[0];
  return row ? toTaskRecord(row) : null;
}
