// Bulk insert-or-replace of environments in one statement (rows passed as one jsonb parameter).
import type { FixtureEnvironment } from "../../contracts/index.ts";
import type { Queryable } from "../db.ts";

export async function upsertEnvironments(db: Queryable, environments: FixtureEnvironment[]): Promise<number> {
  const result = await db.query({
    name: "upsert_environments",
    text: `insert into environment (id, name)
      select id, name from jsonb_to_recordset($1::jsonb) as x(id text, name text)
      on conflict (id) do update set name = excluded.name`,
    values: [JSON.stringify(environments)],
  });
  return result.rowCount ?? 0;
}
