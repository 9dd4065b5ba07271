// Queued tasks past their QueueTimeExpiry (they must become TimedOut), oldest first.
import type { Queryable } from "../db.ts";

export async function selectExpiredTasks(db: Queryable, limit: number): Promise<string[]> {
  const result = await db.query<{ id: string }>({
    name: "select_expired_tasks",
    text: `select id from server_task
      where state = 'Queued' and queue_time_expiry <= clock_timestamp()
      order by queue_time, id limit $1`,
    values: [limit],
  });
  return result.rows.map((row) => row.id);
}
