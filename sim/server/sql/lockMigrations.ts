// Session-level advisory lock serialising migrations across nodes starting together (blocks until free).
import type { Queryable } from "../db.ts";
import { MIGRATION_LOCK_KEY } from "./advisoryLockKeys.ts";

export async function lockMigrations(db: Queryable): Promise<void> {
  await db.query({ text: `select pg_advisory_lock($1)`, values: [MIGRATION_LOCK_KEY] });
}
