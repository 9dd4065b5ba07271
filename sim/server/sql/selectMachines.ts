// Every machine (deployment target), by id: what a health check touches.
import type { FixtureMachine } from "../../contracts/index.ts";
import type { Queryable } from "../db.ts";

export async function selectMachines(db: Queryable): Promise<FixtureMachine[]> {
  const result = await db.query<FixtureMachine>({
    name: "select_machines",
    text: `select id, name, environment_id as "environmentId", roles, endpoint from machine order by id`,
  });
  return result.rows;
}
