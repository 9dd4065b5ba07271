// Creates one deployment row ("Deployments-N") pointing at the task that runs it.
import type { Queryable } from "../db.ts";

export interface DeploymentRecord {
  id: string;
  taskId: string;
  projectId: string;
  environmentId: string;
}

export async function insertDeployment(
  db: Queryable,
  deployment: Omit<DeploymentRecord, "id">,
): Promise<DeploymentRecord> {
  const result = await db.query<{ id: string }>({
    name: "insert_deployment",
    text: `insert into deployment (task_id, project_id, environment_id) values ($1, $2, $3) returning id`,
    values: [deployment.taskId, deployment.projectId, deployment.environmentId],
  });
  return { id: result.rows[0]!.id, ...deployment };
}
