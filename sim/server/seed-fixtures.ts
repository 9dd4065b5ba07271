// Seeds (upserts) a FixtureSet in one transaction: environments, projects, then machines. A machine
// naming an unknown environment is a 400, not a 500.
import type pg from "pg";
import type { FixtureSeedResult, FixtureSet } from "../contracts/index.ts";
import { withTransaction } from "./db.ts";
import { badRequest } from "./errors.ts";
import { upsertEnvironments } from "./sql/upsertEnvironments.ts";
import { upsertMachines } from "./sql/upsertMachines.ts";
import { upsertProjects } from "./sql/upsertProjects.ts";

const FOREIGN_KEY_VIOLATION = "23503";

export async function seedFixtures(pool: pg.Pool, fixtures: FixtureSet): Promise<FixtureSeedResult> {
  try {
    return await withTransaction(pool, async (client) => ({
      Environments: await upsertEnvironments(client, fixtures.environments),
      Projects: await upsertProjects(client, fixtures.projects),
      Machines: await upsertMachines(client, fixtures.machines),
    }));
  } catch (error) {
    if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION) {
      throw badRequest(`machines: ${(error as { detail?: string }).detail ?? "unknown environmentId"}`, "machines");
    }
    throw error;
  }
}
