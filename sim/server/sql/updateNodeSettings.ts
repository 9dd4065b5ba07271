// Changes a node's task cap and/or drain flag (null keeps the current value); false when no such node.
import type { Queryable } from "../db.ts";

export async function updateNodeSettings(db: Queryable, name: string, settings: { maxConcurrentTasks: number | null; isDraining: boolean | null }): Promise<boolean> {
  const result = await db.query({
    name: "update_node_settings",
    text: `update server_node set
        max_concurrent_tasks = coalesce($2, max_concurrent_tasks), is_draining = coalesce($3, is_draining)
      where name = $1`,
    values: [name, settings.maxConcurrentTasks, settings.isDraining],
  });
  return (result.rowCount ?? 0) > 0;
}
