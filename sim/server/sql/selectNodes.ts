// Every server node with its liveness (online = seen within offlineAfterMs and not shut down), the
// leader flag (lowest-ranked online node) and its running task count, by rank.
import type { Queryable } from "../db.ts";

export interface NodeRecord {
  name: string;
  rank: number;
  lastSeen: Date;
  maxConcurrentTasks: number;
  isDraining: boolean;
  isOffline: boolean;
  isLeader: boolean;
  activeTasks: number;
}

export async function selectNodes(db: Queryable, offlineAfterMs: number, name: string | null = null): Promise<NodeRecord[]> {
  const result = await db.query<NodeRecord>({
    name: "select_nodes",
    text: `with nodes as (
        select n.*, (n.is_offline or n.last_seen <= clock_timestamp() - $1::int * interval '1 millisecond') as offline
        from server_node n)
      select n.name, n.rank, n.last_seen as "lastSeen", n.max_concurrent_tasks as "maxConcurrentTasks",
        n.is_draining as "isDraining", n.offline as "isOffline",
        n.name = (select name from nodes where not offline order by rank, name limit 1) as "isLeader",
        (select count(*)::int from server_task t where t.server_node = n.name and t.state in ('Executing', 'Cancelling')) as "activeTasks"
      from nodes n
      where $2::text is null or n.name = $2
      order by n.rank, n.name`,
    values: [offlineAfterMs, name],
  });
  return result.rows.map((row) => ({ ...row, isLeader: row.isLeader === true }));
}
