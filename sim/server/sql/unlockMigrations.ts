// Releases the session-level migration lock taken by lockMigrations.
import type { Queryable } from "../db.ts";
import { MIGRATION_LOCK_KEY } from "./advisoryLockKeys.ts";

export async function unlockMigrations(db: Queryable): Promise<void> {
  await db.query({ text: `select pg_advisory_unlock($1)`, values: [MIGRATION_LOCK_KEY] });
}
