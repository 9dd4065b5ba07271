// A fresh, empty database per caller on the test run's real PostgreSQL (see global-setup.ts),
// dropped on dispose: `await using db = await makeTestDatabase();`.

import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { createDatabase, dropDatabase } from "../infra/postgres.ts";

export interface TestDatabase {
  /** Connection URL of the fresh database. */
  url: string;
  name: string;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function makeTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject("pgAdminUrl");
  const name = `test_${randomBytes(5).toString("hex")}`;
  await createDatabase(adminUrl, name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, [Symbol.asyncDispose]: () => dropDatabase(adminUrl, name) };
}
