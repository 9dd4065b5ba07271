// One page of tasks, newest first, optionally filtered by state.
import type { TaskState } from "../../contracts/index.ts";
import type { Queryable } from "../db.ts";
import type { ServerTaskRecord } from "../task-record.ts";
import { TASK_COLUMNS, toTaskRecord, type TaskRow } from "./taskRow.ts";

export interface TaskPageQuery {
  /** null = every state. */
  states: TaskState[] | null;
  skip: number;
  take: number;
}

export async function selectTasks(db: Queryable, query: TaskPageQuery): Promise<ServerTaskRecord[]> {
  const result = await db.query<TaskRow>({
    name: "select_tasks",
    text: `select ${TASK_COLUMNS}
      from server_task
      where $1::text[] is null or state = any($1::text[])
      order by queue_time desc, id desc
      offset $2 limit $3`,
    values: [query.states, query.skip, query.take],
  });
  return result.rows.map(toTaskRecord);
}
