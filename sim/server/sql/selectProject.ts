// Reads one project (its target role, step names and package size), or null when it does not exist.
import type { FixtureProject } from "../../contracts/index.ts";
import type { Queryable } from "../db.ts";

export async function selectProject(db: Queryable, projectId: string): Promise<FixtureProject | null> {
  const result = await db.query<FixtureProject>({
    name: "select_project",
    text: `select id, name, target_role as "targetRole", step_names as "stepNames", package_size_bytes::float8 as "packageSizeBytes"
      from project where id = $1`,
    values: [projectId],
  });
  return result.rows[0] ?? null;
}
