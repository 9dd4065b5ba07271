// Running (Executing/Cancelling) tasks owned by nodes not seen for reclaimAfterMs (other than
// `except`), or by one named node (restart cleanup): the tasks nobody will finish.
import type { Queryable } from "../db.ts";

export interface OrphanedTask {
  id: string;
  serverNode: string;
  /** The owner's last heartbeat (null when the owner has no node row). */
  lastSeen: Date | null;
}

export async function selectDeadNodeTasks(db: Queryable, reclaimAfterMs: number, except: string): Promise<OrphanedTask[]> {
  const result = await db.query<OrphanedTask>({
    name: "select_dead_node_tasks",
    text: `select t.id, t.server_node as "serverNode", n.last_seen as "lastSeen"
      from server_task t left join server_node n on n.name = t.server_node
      where t.state in ('Executing', 'Cancelling') and t.server_node <> $2
        and (n.name is null or n.last_seen < clock_timestamp() - $1::int * interval '1 millisecond')
      order by t.id`,
    values: [reclaimAfterMs, except],
  });
  return result.rows;
}

export async function selectNodeRunningTasks(db: Queryable, nodeName: string): Promise<OrphanedTask[]> {
  const result = await db.query<OrphanedTask>({
    name: "select_node_running_tasks",
    text: `select id, server_node as "serverNode", null::timestamptz as "lastSeen"
      from server_task where server_node = $1 and state in ('Executing', 'Cancelling') order by id`,
    values: [nodeName],
  });
  return result.rows;
}
