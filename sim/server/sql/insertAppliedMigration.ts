// Records that a migration has been applied.
import type { Queryable } from "../db.ts";

export async function insertAppliedMigration(db: Queryable, name: string): Promise<void> {
  await db.query({ text: `insert into schema_migration (name) values ($1)`, values: [name] });
}
