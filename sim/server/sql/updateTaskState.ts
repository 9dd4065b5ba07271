// Writes a task's state in ONE statement (so it is atomic with or without a transaction): the row
// update, compare-and-swapped on the version (blind when expectedVersion is null, the bug paths),
// its task_event row, and optionally log lines. Stamps start/completed/last-updated times and bumps
// the version. Returns the new row and the state it replaced, or null when the version moved on
// (then nothing at all was written).
import type { TaskState } from "../../contracts/index.ts";
import type { Queryable } from "../db.ts";
import type { ServerTaskRecord } from "../task-record.ts";
import type { TaskLogLine } from "./insertTaskLogLines.ts";
import { TASK_COLUMNS, toTaskRecord, type TaskRow } from "./taskRow.ts";

export interface TaskStateWrite {
  taskId: string;
  /** null writes whatever the row holds now (no compare-and-swap). */
  expectedVersion: number | null;
  state: TaskState;
  /** Set server_node (null keeps the current owner). */
  serverNode: string | null;
  /** Stamp completed_time and clear pending interruptions (the new state is terminal). */
  completes: boolean;
  /** Set error_message (null keeps the current one). */
  errorMessage: string | null;
  /** The task_event row: who writes and why. */
  eventNode: string;
  reason: string;
  /** Log lines appended with the change (by eventNode). */
  logLines?: readonly TaskLogLine[];
}

const RETURNED = TASK_COLUMNS.split(",").map((column) => `t.${column.trim()}`).join(", ");

export async function updateTaskState(db: Queryable, write: TaskStateWrite): Promise<{ task: ServerTaskRecord; previousState: TaskState } | null> {
  const lines = write.logLines ?? [];
  const result = await db.query<TaskRow & { previous_state: TaskState }>({
    name: "update_task_state",
    text: `with p as (select id, state as previous_state from server_task where id = $1),
      u as (
        update server_task t set
          state = $3::text,
          server_node = coalesce($4, t.server_node),
          start_time = case when $3::text = 'Executing' then clock_timestamp() else t.start_time end,
          completed_time = case when $5::boolean then clock_timestamp() else t.completed_time end,
          has_pending_interruptions = case when $5::boolean then false else t.has_pending_interruptions end,
          error_message = coalesce($6, t.error_message),
          last_updated_time = clock_timestamp(),
          version = t.version + 1
        from p
        where t.id = p.id and ($2::int is null or t.version = $2::int)
        returning ${RETURNED}, p.previous_state),
      e as (insert into task_event (task_id, from_state, to_state, node, reason) select id, previous_state, $3::text, $7, $8 from u),
      l as (insert into task_log (task_id, node, time, category, message)
        select u.id, $7, x.time, x.category, x.message
        from u, unnest($9::timestamptz[], $10::text[], $11::text[]) as x(time, category, message))
      select * from u`,
    values: [
      write.taskId, write.expectedVersion, write.state, write.serverNode, write.completes, write.errorMessage, write.eventNode, write.reason,
      lines.map((l) => l.time), lines.map((l) => l.category), lines.map((l) => l.message),
    ],
  });
  const row = result.rows[0];
  return row ? { task: toTaskRecord(row), previousState: row.previous_state } : null;
}
