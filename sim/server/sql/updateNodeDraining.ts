// Marks a node as draining (it picks up no new tasks), e.g. on clean shutdown.
import type { Queryable } from "../db.ts";

export async function updateNodeDraining(db: Queryable, name: string, isDraining: boolean): Promise<void> {
  await db.query({
    name: "update_node_draining",
    text: `update server_node set is_draining = $2 where name = $1`,
    values: [name, isDraining],
  });
}
