// Creates one Queued task; the id comes from server_task_seq ("ServerTasks-N").
import type { Queryable } from "../db.ts";
import type { ServerTaskRecord } from "../task-record.ts";
import { TASK_COLUMNS, toTaskRecord, type TaskRow } from "./taskRow.ts";

export interface NewTask {
  name: string;
  description: string;
  projectId: string | null;
  environmentId: string | null;
  tenantId?: string | null;
  concurrencyTag: string | null;
  queueTimeExpiry?: Date | null;
}

export async function insertTask(db: Queryable, task: NewTask): Promise<ServerTaskRecord> {
  const result = await db.query<TaskRow>({
    name: "insert_task",
    text: `insert into server_task (name, description, state, project_id, environment_id, tenant_id, concurrency_tag, queue_time_expiry)
      values ($1, $2, 'Queued', $3, $4, $5, $6, $7)
      returning ${TASK_COLUMNS}`,
    values: [task.name, task.description, task.projectId, task.environmentId, task.tenantId ?? null, task.concurrencyTag, task.queueTimeExpiry ?? null],
  });
  return toTaskRecord(result.rows[0]!);
}
