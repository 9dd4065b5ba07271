// Seeds (upserts) a FixtureSet in one transaction: environments, projects, then machines. A machine
// naming an environment that is neither in the database nor in the body is a 400 naming that machine's
// field, checked before the machine rows are written.
import type pg from "pg";
import type { FixtureSeedResult, FixtureSet } from "../contracts/index.ts";
import { withTransaction } from "./db.ts";
import { badRequest } from "./errors.ts";
import { selectMissingEnvironments } from "./sql/selectMissingEnvironments.ts";
import { upsertEnvironments } from "./sql/upsertEnvironments.ts";
import { upsertMachines } from "./sql/upsertMachines.ts";
import { upsertProjects } from "./sql/upsertProjects.ts";

export async function seedFixtures(pool: pg.Pool, fixtures: FixtureSet): Promise<FixtureSeedResult> {
  return withTransaction(pool, async (client) => {
    const environments = await upsertEnvironments(client, fixtures.environments);
    const projects = await upsertProjects(client, fixtures.projects);
    const missing = await selectMissingEnvironments(client, [...new Set(fixtures.machines.map((m) => m.environmentId))]);
    const index = fixtures.machines.findIndex((m) => missing.has(m.environmentId));
    if (index >= 0) {
      const field = `machines.${index}.environmentId`;
      throw badRequest(`${field}: no environment with id "${fixtures.machines[index]!.environmentId}" in the database or in this body`, field);
    }
    return { Environments: environments, Projects: projects, Machines: await upsertMachines(client, fixtures.machines) };
  });
}
