// The server_task column list shared by queries that return whole tasks, and its row mapper.
import type { TaskState } from "../../contracts/index.ts";
import type { ServerTaskRecord } from "../task-record.ts";

export const TASK_COLUMNS = `id, name, description, state, project_id, environment_id, tenant_id, concurrency_tag, server_node,
  queue_time, queue_time_expiry, start_time, completed_time, last_updated_time, error_message, has_pending_interruptions, version`;

export interface TaskRow {
  id: string;
  name: string;
  description: string;
  state: TaskState;
  project_id: string | null;
  environment_id: string | null;
  tenant_id: string | null;
  concurrency_tag: string | null;
  server_node: string | null;
  queue_time: Date;
  queue_time_expiry: Date | null;
  start_time: Date | null;
  completed_time: Date | null;
  last_updated_time: Date;
  error_message: string | null;
  has_pending_interruptions: boolean;
  version: number;
}

export function toTaskRecord(row: TaskRow): ServerTaskRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    state: row.state,
    projectId: row.project_id,
    environmentId: row.environment_id,
    tenantId: row.tenant_id,
    concurrencyTag: row.concurrency_tag,
    serverNode: row.server_node,
    queueTime: row.queue_time,
    queueTimeExpiry: row.queue_time_expiry,
    startTime: row.start_time,
    completedTime: row.completed_time,
    lastUpdatedTime: row.last_updated_time,
    errorMessage: row.error_message,
    hasPendingInterruptions: row.has_pending_interruptions,
    version: row.version,
  };
}
