// Deploy tasks' plans in one round trip, for any number of (project, environment) keys: each project
// (target role, steps, package size) and its targets, the machines in the environment that have the
// role, by id. Answers in the keys' order; null where the project is gone.
import type { FixtureMachine, FixtureProject } from "../../contracts/index.ts";
import type { Queryable } from "../db.ts";

export interface DeployPlan {
  project: FixtureProject;
  targets: FixtureMachine[];
}

export interface DeployPlanKey {
  projectId: string;
  environmentId: string;
}

export async function selectDeployPlans(db: Queryable, keys: readonly DeployPlanKey[]): Promise<Array<DeployPlan | null>> {
  if (keys.length === 0) return [];
  const result = await db.query<FixtureProject & { idx: string; targets: FixtureMachine[] }>({
    name: "select_deploy_plans",
    text: `select k.idx, p.id, p.name, p.target_role as "targetRole", p.step_names as "stepNames", p.package_size_bytes::float8 as "packageSizeBytes",
        coalesce(json_agg(json_build_object('id', m.id, 'name', m.name, 'environmentId', m.environment_id, 'roles', m.roles, 'endpoint', m.endpoint)
          order by m.id) filter (where m.id is not null), '[]') as targets
      from unnest($1::text[], $2::text[]) with ordinality as k(project_id, environment_id, idx)
      join project p on p.id = k.project_id
      left join machine m on m.environment_id = k.environment_id and p.target_role = any(m.roles)
      group by k.idx, p.id`,
    values: [keys.map((k) => k.projectId), keys.map((k) => k.environmentId)],
  });
  const plans: Array<DeployPlan | null> = keys.map(() => null);
  for (const { idx, targets, ...project } of result.rows) plans[Number(idx) - 1] = { project, targets };
  return plans;
}
