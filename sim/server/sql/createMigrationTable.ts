// Creates the table recording applied migrations, if it is missing.
import type { Queryable } from "../db.ts";

export async function createMigrationTable(db: Queryable): Promise<void> {
  await db.query({
    text: `create table if not exists schema_migration (
      name text primary key,
      applied_at timestamptz not null default clock_timestamp())`,
  });
}
