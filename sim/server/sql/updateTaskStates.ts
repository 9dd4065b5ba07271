// Batch form of updateTaskState for one target state (pickup): compare-and-swap each row on its own
// version (or blind when `blind`), with their task_event rows, in one statement. Returns the rows
// written with the state each replaced.
import type { TaskState } from "../../contracts/index.ts";
import type { Queryable } from "../db.ts";
import type { ServerTaskRecord } from "../task-record.ts";
import { TASK_COLUMNS, toTaskRecord, type TaskRow } from "./taskRow.ts";

export interface TaskStatesWrite {
  rows: ReadonlyArray<{ id: string; version: number }>;
  state: TaskState;
  serverNode: string | null;
  completes: boolean;
  blind: boolean;
  /** The task_event rows: who writes and why. */
  eventNode: string;
  reason: string;
}

const RETURNED = TASK_COLUMNS.split(",").map((column) => `t.${column.trim()}`).join(", ");

export async function updateTaskStates(db: Queryable, write: TaskStatesWrite): Promise<Array<{ task: ServerTaskRecord; previousState: TaskState }>> {
  if (write.rows.length === 0) return [];
  const result = await db.query<TaskRow & { previous_state: TaskState }>({
    name: "update_task_states",
    text: `with u as (update server_task t set
        state = $3::text,
        server_node = coalesce($4, t.server_node),
        start_time = case when $3::text = 'Executing' then clock_timestamp() else t.start_time end,
        completed_time = case when $5::boolean then clock_timestamp() else t.completed_time end,
        has_pending_interruptions = case when $5::boolean then false else t.has_pending_interruptions end,
        last_updated_time = clock_timestamp(),
        version = t.version + 1
      from (select s.id, s.state as previous_state, c.version as expected_version
            from unnest($1::text[], $2::int[]) as c(id, version) join server_task s on s.id = c.id) p
      where t.id = p.id and ($6::boolean or t.version = p.expected_version)
      returning ${RETURNED}, p.previous_state),
      e as (insert into task_event (task_id, from_state, to_state, node, reason) select id, previous_state, $3::text, $7, $8 from u)
      select * from u`,
    values: [
      write.rows.map((r) => r.id), write.rows.map((r) => r.version), write.state, write.serverNode, write.completes, write.blind,
      write.eventNode, write.reason,
    ],
  });
  return result.rows.map((row) => ({ task: toTaskRecord(row), previousState: row.previous_state }));
}
