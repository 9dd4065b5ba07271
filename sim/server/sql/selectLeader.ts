// The leader: the online node (seen within offlineAfterMs, not shut down) with the lowest rank.
import type { Queryable } from "../db.ts";

export async function selectLeader(db: Queryable, offlineAfterMs: number): Promise<string | null> {
  const result = await db.query<{ name: string }>({
    name: "select_leader",
    text: `select name from server_node
      where not is_offline and last_seen > clock_timestamp() - $1::int * interval '1 millisecond'
      order by rank, name limit 1`,
    values: [offlineAfterMs],
  });
  return result.rows[0]?.name ?? null;
}
