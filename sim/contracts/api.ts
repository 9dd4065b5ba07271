// The reference server's REST API wire types (Octopus-like). Shared by the server, k6 scripts and the harness.

/** Header carrying the API key on every /api request. */
export const API_KEY_HEADER = "X-Octopus-ApiKey";

export interface CreateDeploymentRequest {
  ProjectId: string;
  EnvironmentId: string;
  TenantId?: string;
  /** ISO-8601 time the task must start by, else it becomes TimedOut (scheduled deployments). */
  QueueTimeExpiry?: string;
}

/** A task as the API returns it (a subset of Octopus's TaskResource). Times are ISO-8601 strings. */
export interface TaskResource {
  Id: string;
  Name: string;
  Description: string;
  State: string;
  ProjectId: string | null;
  EnvironmentId: string | null;
  ConcurrencyTag: string | null;
  ServerNode: string | null;
  QueueTime: string;
  StartTime: string | null;
  CompletedTime: string | null;
  ErrorMessage: string | null;
  IsCompleted: boolean;
  TenantId?: string | null;
  QueueTimeExpiry?: string | null;
  LastUpdatedTime?: string;
  /** A manual intervention / guided failure waits on this task. */
  HasPendingInterruptions?: boolean;
  /** The concurrency token: bumped by every write of the task row. */
  Version?: number;
}

/** Response of POST /api/deployments: the deployment and the task that will run it. */
export interface DeploymentResource {
  Id: string;
  TaskId: string;
  ProjectId: string;
  EnvironmentId: string;
}

export interface TaskListResource {
  Items: TaskResource[];
  TotalResults: number;
}

/** Body of every non-2xx response. */
export interface ApiErrorResource {
  ErrorMessage: string;
  /** The request field at fault, when there is one. */
  Field?: string;
  /** For a failure that is not the client's (500, 503): the id under which the node logged the cause. */
  ErrorId?: string;
}

/** One line of a task's log (the task_log table). */
export interface TaskLogLineResource {
  Time: string;
  Node: string | null;
  Category: "Info" | "Warning" | "Error";
  Message: string;
}

/** One recorded state transition of a task (the task_event table). */
export interface TaskEventResource {
  Time: string;
  FromState: string | null;
  ToState: string;
  Node: string | null;
  Reason: string | null;
}

/** Response of GET /api/tasks/{id}/details. */
export interface TaskDetailsResource {
  Task: TaskResource;
  Events: TaskEventResource[];
  ActivityLogs: TaskLogLineResource[];
}

/** Body of PUT /api/tasks/{id}/interruption: set (true) or clear (false) HasPendingInterruptions. */
export interface SetInterruptionRequest {
  HasPendingInterruptions: boolean;
}

/** A server node as GET /api/nodes returns it (Octopus's OctopusServerNodeResource plus liveness). */
export interface ServerNodeResource {
  Name: string;
  Rank: number;
  LastSeen: string;
  MaxConcurrentTasks: number;
  /** Drain: the node finishes its tasks and picks up no new ones. */
  IsInMaintenanceMode: boolean;
  /** Not seen within the offline grace period, or shut down cleanly. */
  IsOffline: boolean;
  /** The node running periodic work (health checks, reclaim, queue expiry). */
  IsLeader: boolean;
  /** Executing or Cancelling tasks owned by the node. */
  ActiveTasks: number;
}

/** Body of PUT /api/nodes/{name}: any subset of the node's settings. */
export interface UpdateServerNodeRequest {
  MaxConcurrentTasks?: number;
  IsInMaintenanceMode?: boolean;
}
