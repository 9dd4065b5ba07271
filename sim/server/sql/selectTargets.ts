// The deployment targets of a task: machines in the environment that have the role, by id.
import type { FixtureMachine } from "../../contracts/index.ts";
import type { Queryable } from "../db.ts";

export async function selectTargets(db: Queryable, environmentId: string, role: string): Promise<FixtureMachine[]> {
  const result = await db.query<FixtureMachine>({
    name: "select_targets",
    text: `select id, name, environment_id as "environmentId", roles, endpoint
      from machine
      where environment_id = $1 and $2 = any(roles)
      order by id`,
    values: [environmentId, role],
  });
  return result.rows;
}
