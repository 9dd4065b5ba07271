// Maps server records to the API's resources (ISO-8601 times, Octopus field names).
import { isTerminal, type TaskEventResource, type TaskLogLineResource, type TaskResource } from "../../contracts/index.ts";
import type { TaskEventRecord, TaskLogRecord } from "../sql/selectTaskDetails.ts";
import type { ServerTaskRecord } from "../task-record.ts";

export function toTaskResource(task: ServerTaskRecord): TaskResource {
  return {
    Id: task.id,
    Name: task.name,
    Description: task.description,
    State: task.state,
    ProjectId: task.projectId,
    EnvironmentId: task.environmentId,
    TenantId: task.tenantId,
    ConcurrencyTag: task.concurrencyTag,
    ServerNode: task.serverNode,
    QueueTime: task.queueTime.toISOString(),
    QueueTimeExpiry: task.queueTimeExpiry?.toISOString() ?? null,
    StartTime: task.startTime?.toISOString() ?? null,
    LastUpdatedTime: task.lastUpdatedTime.toISOString(),
    CompletedTime: task.completedTime?.toISOString() ?? null,
    ErrorMessage: task.errorMessage,
    HasPendingInterruptions: task.hasPendingInterruptions,
    IsCompleted: isTerminal(task.state),
    Version: task.version,
  };
}

export function toTaskEventResource(event: TaskEventRecord): TaskEventResource {
  return { Time: event.time.toISOString(), FromState: event.fromState, ToState: event.toState, Node: event.node, Reason: event.reason };
}

export function toTaskLogLineResource(line: TaskLogRecord): TaskLogLineResource {
  return { Time: line.time.toISOString(), Node: line.node, Category: line.category, Message: line.message };
}
