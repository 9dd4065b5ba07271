// The running (Executing/Cancelling) tasks one node owns, whole, oldest claim first: what the node's
// reconciliation compares with the executions it runs.
import type { Queryable } from "../db.ts";
import type { ServerTaskRecord } from "../task-record.ts";
import { TASK_COLUMNS, toTaskRecord, type TaskRow } from "./taskRow.ts";

export async function selectOwnedRunningTasks(db: Queryable, nodeName: string): Promise<ServerTaskRecord[]> {
  const result = await db.query<TaskRow>({
    name: "select_owned_running_tasks",
    text: `select ${TASK_COLUMNS} from server_task
      where server_node = $1 and state in ('Executing', 'Cancelling') order by start_time, id`,
    values: [nodeName],
  });
  return result.rows.map(toTaskRecord);
}
