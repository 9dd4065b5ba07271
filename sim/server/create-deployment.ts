// Creates a deployment: checks project and environment exist, then in one transaction creates the
// Queued Deploy task (with its creation event) and the deployment row. The concurrency tag is
// Octopus's default: [TenantId/]ProjectId/EnvironmentId. QueueTimeExpiry (optional) is when the
// task times out if it has not started.
import type pg from "pg";
import type { CreateDeploymentRequest, DeploymentResource } from "../contracts/index.ts";
import { withTransaction } from "./db.ts";
import { badRequest } from "./errors.ts";
import { insertDeployment } from "./sql/insertDeployment.ts";
import { selectEnvironment } from "./sql/selectEnvironment.ts";
import { selectProject } from "./sql/selectProject.ts";
import { createQueuedTask, type TransitionDeps } from "./transitions.ts";

export async function createDeployment(
  deps: TransitionDeps & { pool: pg.Pool },
  request: CreateDeploymentRequest,
): Promise<DeploymentResource> {
  const { ProjectId: projectId, EnvironmentId: environmentId, TenantId: tenantId } = request;
  const queueTimeExpiry = request.QueueTimeExpiry === undefined ? null : new Date(request.QueueTimeExpiry);
  if (queueTimeExpiry && Number.isNaN(queueTimeExpiry.getTime())) {
    throw badRequest(`QueueTimeExpiry: got ${JSON.stringify(request.QueueTimeExpiry)}; expected an ISO-8601 time`, "QueueTimeExpiry");
  }
  return withTransaction(deps.pool, async (client) => {
    const project = await selectProject(client, projectId);
    if (!project) throw badRequest(`ProjectId: no project with id "${projectId}"`, "ProjectId");
    const environment = await selectEnvironment(client, environmentId);
    if (!environment) throw badRequest(`EnvironmentId: no environment with id "${environmentId}"`, "EnvironmentId");
    const task = await createQueuedTask(deps, client, {
      name: "Deploy",
      description: `Deploy ${project.name} to ${environment.name}`,
      projectId,
      environmentId,
      tenantId: tenantId ?? null,
      queueTimeExpiry,
      concurrencyTag: [tenantId, projectId, environmentId].filter(Boolean).join("/"),
    });
    const deployment = await insertDeployment(client, { taskId: task.id, projectId, environmentId });
    return { Id: deployment.id, TaskId: task.id, ProjectId: projectId, EnvironmentId: environmentId };
  });
}
