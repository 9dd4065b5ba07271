// Registers this node (or re-registers it after a restart): last_seen now, online, not draining; a
// new node gets the next rank, a restarted one keeps its rank.
import type { Queryable } from "../db.ts";

export async function upsertServerNode(db: Queryable, name: string, maxConcurrentTasks: number): Promise<void> {
  await db.query({
    name: "upsert_server_node",
    text: `insert into server_node (name, last_seen, max_concurrent_tasks, is_draining, is_offline, rank)
      values ($1, clock_timestamp(), $2, false, false, (select coalesce(max(rank), 0) + 1 from server_node))
      on conflict (name) do update set
        last_seen = excluded.last_seen, max_concurrent_tasks = excluded.max_concurrent_tasks, is_draining = false, is_offline = false`,
    values: [name, maxConcurrentTasks],
  });
}
