// A fresh database per caller on the test run's real PostgreSQL (see global-setup.ts), dropped on
// dispose: `await using db = await makeTestDatabase();` (empty), or `{ migrated: true }` for a clone
// of the template the global setup migrated once.

import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { createDatabase, dropDatabase } from "../infra/postgres.ts";

export interface TestDatabase {
  /** Connection URL of the fresh database. */
  url: string;
  name: string;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function makeTestDatabase(o: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = inject("pgAdminUrl");
  const name = `test_${randomBytes(5).toString("hex")}`;
  await createDatabase(adminUrl, name, o.migrated ? inject("pgTemplate") : undefined);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, [Symbol.asyncDispose]: () => dropDatabase(adminUrl, name) };
}
