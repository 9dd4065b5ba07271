// Applies sim/server/migrations/*.sql in name order, each once per database and in its own
// transaction, under a session advisory lock so nodes starting together do not race.
import { readdir, readFile } from "node:fs/promises";
import type pg from "pg";
import { createMigrationTable } from "./sql/createMigrationTable.ts";
import { insertAppliedMigration } from "./sql/insertAppliedMigration.ts";
import { lockMigrations } from "./sql/lockMigrations.ts";
import { selectAppliedMigrations } from "./sql/selectAppliedMigrations.ts";
import { unlockMigrations } from "./sql/unlockMigrations.ts";

const MIGRATIONS_DIR = new URL("./migrations/", import.meta.url);

/** Every migration's file name, in the order they apply. */
export async function migrationNames(): Promise<string[]> {
  return (await readdir(MIGRATIONS_DIR)).filter((name) => name.endsWith(".sql")).sort();
}

/** Returns the names of the migrations this call applied (empty when the schema was current). */
export async function runMigrations(pool: pg.Pool): Promise<string[]> {
  const names = await migrationNames();
  const client = await pool.connect();
  try {
    await lockMigrations(client);
    try {
      await createMigrationTable(client);
      const applied = await selectAppliedMigrations(client);
      const pending = names.filter((name) => !applied.has(name));
      for (const name of pending) await applyMigration(client, name);
      return pending;
    } finally {
      await unlockMigrations(client);
    }
  } finally {
    client.release();
  }
}

async function applyMigration(client: pg.PoolClient, name: string): Promise<void> {
  const sql = await readFile(new URL(name, MIGRATIONS_DIR), "utf8");
  try {
    await client.query("begin");
    await client.query(sql);
    await insertAppliedMigration(client, name);
    await client.query("commit");
  } catch (error) {
    await client.query("rollback");
    throw new Error(`migration ${name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
