// Running tasks whose LastUpdatedTime is older than hungAfterMs: "in process" but making no progress,
// each with its version and whether its owner is online (seen within offlineAfterMs, not shut down).
import type { Queryable } from "../db.ts";

export interface HungTask {
  id: string;
  serverNode: string | null;
  version: number;
  /** The owner heartbeats: it is alive, so its runner lost the task or is stuck. */
  ownerOnline: boolean;
}

export async function selectHungTasks(db: Queryable, hungAfterMs: number, offlineAfterMs: number): Promise<HungTask[]> {
  const result = await db.query<HungTask>({
    name: "select_hung_tasks",
    text: `select t.id, t.server_node as "serverNode", t.version,
        coalesce(not n.is_offline and n.last_seen > clock_timestamp() - $2::int * interval '1 millisecond', false) as "ownerOnline"
      from server_task t left join server_node n on n.name = t.server_node
      where t.state in ('Executing', 'Cancelling') and t.last_updated_time < clock_timestamp() - $1::int * interval '1 millisecond'
      order by t.id`,
    values: [hungAfterMs, offlineAfterMs],
  });
  return result.rows;
}
