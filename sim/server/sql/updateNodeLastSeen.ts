// The node heartbeat: stamps server_node.last_seen and reads back is_draining (so an operator can
// drain a node by updating its row). Returns null when the row is gone.
import type { Queryable } from "../db.ts";

export async function updateNodeLastSeen(db: Queryable, name: string): Promise<{ isDraining: boolean } | null> {
  const result = await db.query<{ isDraining: boolean }>({
    name: "update_node_last_seen",
    text: `update server_node set last_seen = clock_timestamp() where name = $1 returning is_draining as "isDraining"`,
    values: [name],
  });
  return result.rows[0] ?? null;
}
