// Reads one environment, or null when it does not exist.
import type { FixtureEnvironment } from "../../contracts/index.ts";
import type { Queryable } from "../db.ts";

export async function selectEnvironment(db: Queryable, environmentId: string): Promise<FixtureEnvironment | null> {
  const result = await db.query<FixtureEnvironment>({
    name: "select_environment",
    text: `select id, name from environment where id = $1`,
    values: [environmentId],
  });
  return result.rows[0] ?? null;
}
