// vitest globalSetup: one real PostgreSQL for the whole test run (embedded, or TASKSTORM_TEST_POSTGRES_URL),
// shared with test files through `inject("pgAdminUrl")`, with a template database migrated once
// (`inject("pgTemplate")`) that tests clone instead of migrating (graphile-worker's way); stopped when
// the run ends.

import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { createDatabase, dropDatabase, startEmbeddedPostgres, type RunningPostgres } from "../infra/postgres.ts";
import { runMigrations } from "../server/migrate.ts";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    /** A database migrated to the server's current schema; clone it, never connect to it. */
    pgTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const existing = process.env.TASKSTORM_TEST_POSTGRES_URL;
  const started: RunningPostgres | undefined = existing ? undefined : await startEmbeddedPostgres({ maxConnections: 600 });
  const adminUrl = existing ?? started!.adminUrl;
  const template = `template_${randomBytes(4).toString("hex")}`;
  try {
    await createDatabase(adminUrl, template);
    const url = new URL(adminUrl);
    url.pathname = `/${template}`;
    const pool = new pg.Pool({ connectionString: url.toString(), max: 1 });
    try {
      await runMigrations(pool);
    } finally {
      await pool.end();
    }
  } catch (error) {
    await started?.stop();
    throw error;
  }
  project.provide("pgAdminUrl", adminUrl);
  project.provide("pgTemplate", template);
  return async () => {
    if (existing) await dropDatabase(adminUrl, template);
    await started?.stop();
  };
}
