// Bulk insert-or-replace of projects in one statement (rows passed as one jsonb parameter).
import type { FixtureProject } from "../../contracts/index.ts";
import type { Queryable } from "../db.ts";

export async function upsertProjects(db: Queryable, projects: FixtureProject[]): Promise<number> {
  const result = await db.query({
    name: "upsert_projects",
    text: `insert into project (id, name, target_role, step_names, package_size_bytes)
      select id, name, "targetRole", "stepNames", coalesce("packageSizeBytes", 0)
      from jsonb_to_recordset($1::jsonb) as x(id text, name text, "targetRole" text, "stepNames" text[], "packageSizeBytes" bigint)
      on conflict (id) do update set
        name = excluded.name, target_role = excluded.target_role, step_names = excluded.step_names,
        package_size_bytes = excluded.package_size_bytes`,
    values: [JSON.stringify(projects)],
  });
  return result.rowCount ?? 0;
}
