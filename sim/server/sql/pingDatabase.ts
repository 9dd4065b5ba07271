// The health probe: a trivial round trip to the database.
import type { Queryable } from "../db.ts";

export async function pingDatabase(db: Queryable): Promise<void> {
  await db.query({ name: "ping_database", text: `select 1` });
}
