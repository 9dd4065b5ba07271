// Whether the leader should queue a Health task: none is queued or running, and the last one was
// queued at least intervalMs ago (or there never was one and the database was created that long ago).
import type { Queryable } from "../db.ts";

export async function selectHealthCheckDue(db: Queryable, intervalMs: number): Promise<boolean> {
  const result = await db.query<{ due: boolean }>({
    name: "select_health_check_due",
    text: `select
        not exists (select 1 from server_task where name = 'Health' and state in ('Queued', 'Executing', 'Cancelling'))
        and coalesce(
          (select max(queue_time) from server_task where name = 'Health'),
          (select min(applied_at) from schema_migration)
        ) <= clock_timestamp() - $1::int * interval '1 millisecond' as due`,
    values: [intervalMs],
  });
  return result.rows[0]?.due ?? false;
}
