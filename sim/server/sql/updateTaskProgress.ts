// Progress write of a running task in ONE statement: stamps last_updated_time (compare-and-swap on
// the version; null = blind, the no-fencing bug) and appends the log lines gathered since the last
// one. Returns the task's new version slice, or null when the version moved on (nothing written).
import type { Queryable } from "../db.ts";
import { TASK_VERSION_COLUMNS, type TaskVersion } from "../task-record.ts";
import type { TaskLogLine } from "./insertTaskLogLines.ts";

export async function updateTaskProgress(
  db: Queryable, taskId: string, expectedVersion: number | null, log?: { node: string; lines: readonly TaskLogLine[] },
): Promise<TaskVersion | null> {
  const lines = log?.lines ?? [];
  const result = await db.query<TaskVersion>({
    name: "update_task_progress",
    text: `with u as (
        update server_task set last_updated_time = clock_timestamp(), version = version + 1
        where id = $1 and ($2::int is null or version = $2::int)
        returning ${TASK_VERSION_COLUMNS}),
      l as (insert into task_log (task_id, node, time, category, message)
        select u.id, $3, x.time, x.category, x.message
        from u, unnest($4::timestamptz[], $5::text[], $6::text[]) as x(time, category, message))
      select * from u`,
    values: [taskId, expectedVersion, log?.node ?? null, lines.map((l) => l.time), lines.map((l) => l.category), lines.map((l) => l.message)],
  });
  return result.rows[0] ?? null;
}
