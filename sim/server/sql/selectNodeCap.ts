// A node's own task cap and drain flag: all a poll needs while the node is at its cap (task-loop.ts).
// Null when the node's row is missing.
import type { Queryable } from "../db.ts";

export interface NodeCapRow {
  nodeCap: number;
  draining: boolean;
}

export async function selectNodeCap(db: Queryable, nodeName: string): Promise<NodeCapRow | null> {
  const result = await db.query<NodeCapRow>({
    name: "select_node_cap",
    text: `select max_concurrent_tasks as "nodeCap", is_draining as "draining" from server_node where name = $1`,
    values: [nodeName],
  });
  return result.rows[0] ?? null;
}
