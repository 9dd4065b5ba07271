// POST /api/fixtures (body FixtureSet) -> 201 FixtureSeedResult. Bulk upsert: thousands of machines
// in one call. Ids must be unique within each list.
import { z } from "zod";
import type { FixtureSet } from "../../contracts/index.ts";
import { seedFixtures } from "../seed-fixtures.ts";
import type { ApiDeps } from "./api-deps.ts";
import { readJsonBody } from "./read-json.ts";
import { jsonReply } from "./reply.ts";
import type { Route } from "./route.ts";
import { validateBody } from "./validate.ts";

const BODY_LIMIT_BYTES = 64 * 1024 * 1024;

const id = z.string().min(1);
const uniqueIds = <T extends { id: string }>(rows: T[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  for (const [index, row] of rows.entries()) {
    if (seen.has(row.id)) ctx.addIssue({ code: "custom", path: [index, "id"], message: `duplicate id "${row.id}"` });
    seen.add(row.id);
  }
};

const fixtureSetSchema = z.object({
  projects: z.array(z.object({
    id, name: z.string(), targetRole: z.string().min(1), stepNames: z.array(z.string().min(1)),
    packageSizeBytes: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
  }))
    .superRefine(uniqueIds),
  environments: z.array(z.object({ id, name: z.string() })).superRefine(uniqueIds),
  machines: z.array(z.object({
    id, name: z.string(), environmentId: id, roles: z.array(z.string()), endpoint: z.url({ protocol: /^(https?|poll)$/ }), // poll://<machine id>/ for polling machines
  })).superRefine(uniqueIds),
}) satisfies z.ZodType<FixtureSet>;

export function fixtureRoutes(deps: ApiDeps): Route[] {
  return [
    {
      method: "POST",
      path: "/api/fixtures",
      requiresApiKey: true,
      async handle({ req }) {
        const fixtures = validateBody(fixtureSetSchema, await readJsonBody(req, BODY_LIMIT_BYTES));
        return jsonReply(201, await seedFixtures(deps.pool, fixtures));
      },
    },
  ];
}
