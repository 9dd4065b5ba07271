// One page of tasks, newest first, and the count of all matching, filtered by state, task name and
// owning node (null = any).
import type { TaskState } from "../../contracts/index.ts";
import type { Queryable } from "../db.ts";
import type { ServerTaskRecord } from "../task-record.ts";
import { TASK_COLUMNS, toTaskRecord, type TaskRow } from "./taskRow.ts";

export interface TaskFilter {
  states: TaskState[] | null;
  name: string | null;
  node: string | null;
}

export interface TaskPageQuery extends TaskFilter {
  skip: number;
  take: number;
}

const WHERE = `($1::text[] is null or state = any($1::text[])) and ($2::text is null or name = $2) and ($3::text is null or server_node = $3)`;

export async function selectTasks(db: Queryable, query: TaskPageQuery): Promise<ServerTaskRecord[]> {
  const result = await db.query<TaskRow>({
    name: "select_tasks",
    text: `select ${TASK_COLUMNS} from server_task where ${WHERE} order by queue_time desc, id desc offset $4 limit $5`,
    values: [query.states, query.name, query.node, query.skip, query.take],
  });
  return result.rows.map(toTaskRecord);
}

export async function countTasks(db: Queryable, filter: TaskFilter): Promise<number> {
  const result = await db.query<{ count: string }>({
    name: "count_tasks",
    text: `select count(*) as count from server_task where ${WHERE}`,
    values: [filter.states, filter.name, filter.node],
  });
  return Number(result.rows[0]!.count);
}
