// Bulk insert-or-replace of machines in one statement (rows passed as one jsonb parameter, so
// thousands of machines with text[] roles go in a single round trip).
import type { FixtureMachine } from "../../contracts/index.ts";
import type { Queryable } from "../db.ts";

export async function upsertMachines(db: Queryable, machines: FixtureMachine[]): Promise<number> {
  const result = await db.query({
    name: "upsert_machines",
    text: `insert into machine (id, name, environment_id, roles, endpoint)
      select id, name, "environmentId", roles, endpoint
      from jsonb_to_recordset($1::jsonb) as x(id text, name text, "environmentId" text, roles text[], endpoint text)
      on conflict (id) do update set
        name = excluded.name, environment_id = excluded.environment_id,
        roles = excluded.roles, endpoint = excluded.endpoint`,
    values: [JSON.stringify(machines)],
  });
  return result.rowCount ?? 0;
}
