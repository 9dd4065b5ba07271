// The node heartbeat: stamps server_node.last_seen. Returns false when the row is gone.
import type { Queryable } from "../db.ts";

export async function updateNodeLastSeen(db: Queryable, name: string): Promise<boolean> {
  const result = await db.query({
    name: "update_node_last_seen",
    text: `update server_node set last_seen = clock_timestamp() where name = $1`,
    values: [name],
  });
  return (result.rowCount ?? 0) > 0;
}
