// Creates a deployment: checks project and environment exist, then in one transaction creates the
// Queued Deploy task (with its creation event) and the deployment row. The concurrency tag is
// Octopus's default: [TenantId/]ProjectId/EnvironmentId. QueueTimeExpiry (optional) is when the
// task times out if it has not started; it must fall in UTC years 0000-9999 (the years an RFC 3339
// date-time can spell, so reads of the task return valid date-times).
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
  const queueTimeExpiry = request.QueueTimeExpiry === undefined ? null : parseQueueTimeExpiry(request.QueueTimeExpiry);
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

const RANGE = { from: new Date("0000-01-01T00:00:00.000Z"), to: new Date("9999-12-31T23:59:59.999Z") };

function parseQueueTimeExpiry(text: string): Date {
  const time = new Date(text);
  const field = "QueueTimeExpiry";
  if (Number.isNaN(time.getTime())) throw badRequest(`${field}: got ${JSON.stringify(text)}; expected an ISO-8601 time`, field);
  if (time < RANGE.from || time > RANGE.to) {
    throw badRequest(`${field}: got ${JSON.stringify(text)}, which is ${time.toISOString()} in UTC; ` +
      `expected a time from ${RANGE.from.toISOString()} to ${RANGE.to.toISOString()}`, field);
  }
  return time;
}
