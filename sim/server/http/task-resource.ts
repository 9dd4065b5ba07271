// Maps a task record to the API's TaskResource (ISO-8601 times, Octopus field names).
import { isTerminal, type TaskResource } from "../../contracts/index.ts";
import type { ServerTaskRecord } from "../task-record.ts";

export function toTaskResource(task: ServerTaskRecord): TaskResource {
  return {
    Id: task.id,
    Name: task.name,
    Description: task.description,
    State: task.state,
    ProjectId: task.projectId,
    EnvironmentId: task.environmentId,
    ConcurrencyTag: task.concurrencyTag,
    ServerNode: task.serverNode,
    QueueTime: task.queueTime.toISOString(),
    StartTime: task.startTime?.toISOString() ?? null,
    CompletedTime: task.completedTime?.toISOString() ?? null,
    ErrorMessage: task.errorMessage,
    IsCompleted: isTerminal(task.state),
  };
}
