// A Deploy task's plan in one round trip: the project (target role, steps, package size) and its
// targets, the machines in the environment that have the role, by id. Null when the project is gone.
import type { FixtureMachine, FixtureProject } from "../../contracts/index.ts";
import type { Queryable } from "../db.ts";

export interface DeployPlan {
  project: FixtureProject;
  targets: FixtureMachine[];
}

export async function selectDeployPlan(db: Queryable, projectId: string, environmentId: string): Promise<DeployPlan | null> {
  const result = await db.query<FixtureProject & { targets: FixtureMachine[] }>({
    name: "select_deploy_plan",
    text: `select p.id, p.name, p.target_role as "targetRole", p.step_names as "stepNames", p.package_size_bytes::float8 as "packageSizeBytes",
        coalesce(json_agg(json_build_object('id', m.id, 'name', m.name, 'environmentId', m.environment_id, 'roles', m.roles, 'endpoint', m.endpoint)
          order by m.id) filter (where m.id is not null), '[]') as targets
      from project p left join machine m on m.environment_id = $2 and p.target_role = any(m.roles)
      where p.id = $1
      group by p.id`,
    values: [projectId, environmentId],
  });
  const row = result.rows[0];
  if (!row) return null;
  const { targets, ...project } = row;
  return { project, targets };
}
