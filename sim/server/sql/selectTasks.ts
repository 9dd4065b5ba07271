// One page of tasks, newest first, and the count of all matching, filtered by state, task name and
// owning node (null = any). Each combination of filters present is its own statement.
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

/**
 * The filter as SQL with its parameters from $1, and a key naming which filters are present: each
 * combination is its own statement, so its generic plan (db.ts) can use the state index.
 */
function filterSql(filter: TaskFilter): { key: string; where: string; values: unknown[] } {
  const clauses: string[] = [];
  const values: unknown[] = [];
  let key = "";
  const add = (letter: string, clause: (param: string) => string, value: unknown) => {
    values.push(value);
    clauses.push(clause(`$${values.length}`));
    key += letter;
  };
  if (filter.states) add("s", (p) => `state = any(${p}::text[])`, filter.states);
  if (filter.name !== null) add("n", (p) => `name = ${p}::text`, filter.name);
  if (filter.node !== null) add("o", (p) => `server_node = ${p}::text`, filter.node);
  return { key: key || "all", where: clauses.length > 0 ? clauses.join(" and ") : "true", values };
}

export async function selectTasks(db: Queryable, query: TaskPageQuery): Promise<ServerTaskRecord[]> {
  const { key, where, values } = filterSql(query);
  const skip = values.length + 1;
  const result = await db.query<TaskRow>({
    name: `select_tasks_${key}`,
    text: `select ${TASK_COLUMNS} from server_task where ${where} order by queue_time desc, id desc offset $${skip} limit $${skip + 1}`,
    values: [...values, query.skip, query.take],
  });
  return result.rows.map(toTaskRecord);
}

export async function countTasks(db: Queryable, filter: TaskFilter): Promise<number> {
  const { key, where, values } = filterSql(filter);
  const result = await db.query<{ count: string }>({
    name: `count_tasks_${key}`,
    text: `select count(*) as count from server_task where ${where}`,
    values,
  });
  return Number(result.rows[0]!.count);
}
