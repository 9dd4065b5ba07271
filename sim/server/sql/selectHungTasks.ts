// Running tasks whose LastUpdatedTime is older than hungAfterMs: "in process" but making no progress.
import type { Queryable } from "../db.ts";

export async function selectHungTasks(db: Queryable, hungAfterMs: number): Promise<string[]> {
  const result = await db.query<{ id: string }>({
    name: "select_hung_tasks",
    text: `select id from server_task
      where state in ('Executing', 'Cancelling') and last_updated_time < clock_timestamp() - $1::int * interval '1 millisecond'
      order by id`,
    values: [hungAfterMs],
  });
  return result.rows.map((row) => row.id);
}
