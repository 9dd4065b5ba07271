// A task's recorded transitions (task_event) and its last `logTail` log lines (task_log), oldest first.
import type { Queryable } from "../db.ts";
import type { LogCategory } from "./insertTaskLogLines.ts";

export interface TaskEventRecord {
  time: Date;
  fromState: string | null;
  toState: string;
  node: string | null;
  reason: string | null;
}

export interface TaskLogRecord {
  time: Date;
  node: string | null;
  category: LogCategory;
  message: string;
}

export async function selectTaskEvents(db: Queryable, taskId: string): Promise<TaskEventRecord[]> {
  const result = await db.query<TaskEventRecord>({
    name: "select_task_events",
    text: `select time, from_state as "fromState", to_state as "toState", node, reason from task_event where task_id = $1 order by id`,
    values: [taskId],
  });
  return result.rows;
}

export async function selectTaskLog(db: Queryable, taskId: string, logTail: number): Promise<TaskLogRecord[]> {
  const result = await db.query<TaskLogRecord>({
    name: "select_task_log",
    text: `select time, node, category, message from (
        select id, time, node, category, message from task_log where task_id = $1 order by id desc limit $2
      ) tail order by id`,
    values: [taskId, logTail],
  });
  return result.rows;
}
