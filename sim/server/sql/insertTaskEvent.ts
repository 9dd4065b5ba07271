// Appends one row to the task_event audit (every state transition, including creation).
import type { TaskState } from "../../contracts/index.ts";
import type { Queryable } from "../db.ts";

export interface NewTaskEvent {
  taskId: string;
  /** null for the creation event (-> Queued). */
  fromState: TaskState | null;
  toState: TaskState;
  node: string | null;
  reason: string;
}

export async function insertTaskEvent(db: Queryable, event: NewTaskEvent): Promise<void> {
  await db.query({
    name: "insert_task_event",
    text: `insert into task_event (task_id, from_state, to_state, node, reason) values ($1, $2, $3, $4, $5)`,
    values: [event.taskId, event.fromState, event.toState, event.node, event.reason],
  });
}
