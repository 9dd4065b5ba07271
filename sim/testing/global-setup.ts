// vitest globalSetup: one real PostgreSQL for the whole test run (embedded, or TASKSTORM_TEST_POSTGRES_URL),
// shared with test files through `inject("pgAdminUrl")`; stopped when the run ends.

import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type RunningPostgres } from "../infra/postgres.ts";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const existing = process.env.TASKSTORM_TEST_POSTGRES_URL;
  let started: RunningPostgres | undefined;
  if (existing) {
    project.provide("pgAdminUrl", existing);
  } else {
    started = await startEmbeddedPostgres({ maxConnections: 600 });
    project.provide("pgAdminUrl", started.adminUrl);
  }
  return async () => {
    await started?.stop();
  };
}
