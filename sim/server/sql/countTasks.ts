// Number of tasks, optionally only those in the given states (null = every state).
import type { TaskState } from "../../contracts/index.ts";
import type { Queryable } from "../db.ts";

export async function countTasks(db: Queryable, states: TaskState[] | null): Promise<number> {
  const result = await db.query<{ count: string }>({
    name: "count_tasks",
    text: `select count(*) as count from server_task where $1::text[] is null or state = any($1::text[])`,
    values: [states],
  });
  return Number(result.rows[0]!.count);
}
