// Appends task log lines (the task_log table) in one statement; lines keep their own times.
import type { Queryable } from "../db.ts";

export type LogCategory = "Info" | "Warning" | "Error";

export interface TaskLogLine {
  time: Date;
  category: LogCategory;
  message: string;
}

export async function insertTaskLogLines(db: Queryable, taskId: string, node: string, lines: readonly TaskLogLine[]): Promise<void> {
  if (lines.length === 0) return;
  await db.query({
    name: "insert_task_log_lines",
    text: `insert into task_log (task_id, node, time, category, message)
      select $1, $2, x.time, x.category, x.message
      from unnest($3::timestamptz[], $4::text[], $5::text[]) as x(time, category, message)`,
    values: [taskId, node, lines.map((l) => l.time), lines.map((l) => l.category), lines.map((l) => l.message)],
  });
}
