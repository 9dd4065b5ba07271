// The reference server's REST API wire types (Octopus-like). Shared by the server, k6 scripts and the harness.

/** Header carrying the API key on every /api request. */
export const API_KEY_HEADER = "X-Octopus-ApiKey";

export interface CreateDeploymentRequest {
  ProjectId: string;
  EnvironmentId: string;
  TenantId?: string;
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
}
