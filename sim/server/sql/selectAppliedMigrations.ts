// Names of the migrations already applied to this database.
import type { Queryable } from "../db.ts";

export async function selectAppliedMigrations(db: Queryable): Promise<Set<string>> {
  const result = await db.query<{ name: string }>({ text: `select name from schema_migration` });
  return new Set(result.rows.map((row) => row.name));
}
