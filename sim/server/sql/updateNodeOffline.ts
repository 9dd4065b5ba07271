// A node marks itself offline on clean shutdown (it stops being leader and cluster capacity at once).
import type { Queryable } from "../db.ts";

export async function updateNodeOffline(db: Queryable, name: string): Promise<void> {
  await db.query({ name: "update_node_offline", text: `update server_node set is_offline = true where name = $1`, values: [name] });
}
