// What one poll needs to apply the pickup rule: this node's row (cap, drain) and, cluster-wide, the
// active and pending task counts and the capacity of the nodes online (seen within offlineAfterMs,
// not shut down) and not draining. Null when this node's row is missing. Pending is counted only as far
// as the rule can tell apart: up to max(clusterCap - clusterActive, nodeCap - nodeActive). Past the
// first, the cluster ratio is >= 1 and the node fills its free slots; past the second, every free slot
// has a task. A busy cluster's poll thus counts a few queued tasks, not a cap's worth. The count walks
// the queue's partial index (the `order by` makes that the plan even on stale statistics; a sequential
// scan read the whole table on every poll once most tasks had run: 2.6 ms vs 0.2 ms at 13,000 rows).
import type { Queryable } from "../db.ts";

export interface ClusterLoadRow {
  nodeCap: number;
  draining: boolean;
  clusterActive: number;
  pending: number;
  clusterCap: number;
}

/** `nodeActive`: the tasks this node runs now (bounds the pending count; see above). */
export async function selectClusterLoad(db: Queryable, nodeName: string, offlineAfterMs: number, nodeActive: number): Promise<ClusterLoadRow | null> {
  const result = await db.query<ClusterLoadRow>({
    name: "select_cluster_load",
    text: `with cap as (
        select coalesce(sum(max_concurrent_tasks), 0)::int as total from server_node
        where not is_offline and not is_draining and last_seen > clock_timestamp() - $2::int * interval '1 millisecond'),
      active as (select count(*)::int as total from server_task where state in ('Executing', 'Cancelling'))
      select n.max_concurrent_tasks as "nodeCap", n.is_draining as "draining",
        (select total from active) as "clusterActive",
        (select count(*)::int from (select 1 from server_task
          where state = 'Queued' and (queue_time_expiry is null or queue_time_expiry > clock_timestamp())
          order by queue_time, id
          limit greatest((select total from cap) - (select total from active), n.max_concurrent_tasks - $3::int, 0)) q) as "pending",
        (select total from cap) as "clusterCap"
      from server_node n where n.name = $1`,
    values: [nodeName, offlineAfterMs, nodeActive],
  });
  return result.rows[0] ?? null;
}
