// POST /api/fixtures (body FixtureSet) -> 201 FixtureSeedResult. Bulk upsert: thousands of machines
// in one call. Ids must be unique within each list; unknown fields anywhere are a 400.
import { z } from "zod";
import type { FixtureSet } from "../../contracts/index.ts";
import { seedFixtures } from "../seed-fixtures.ts";
import type { ApiDeps } from "./api-deps.ts";
import { id, storableText } from "./body-fields.ts";
import { readJsonBody } from "./read-json.ts";
import { jsonReply } from "./reply.ts";
import type { Route } from "./route.ts";
import { validateBody } from "./validate.ts";

const BODY_LIMIT_BYTES = 64 * 1024 * 1024;

const uniqueIds = <T extends { id: string }>(rows: T[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  for (const [index, row] of rows.entries()) {
    if (seen.has(row.id)) ctx.addIssue({ code: "custom", path: [index, "id"], message: `duplicate id "${row.id}"` });
    seen.add(row.id);
  }
};

const fixtureSetSchema = z.strictObject({
  projects: z.array(z.strictObject({
    id, name: storableText, targetRole: storableText.min(1), stepNames: z.array(storableText.min(1)),
    packageSizeBytes: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
  }))
    .superRefine(uniqueIds),
  environments: z.array(z.strictObject({ id, name: storableText })).superRefine(uniqueIds),
  machines: z.array(z.strictObject({
    id, name: storableText, environmentId: id, roles: z.array(storableText),
    endpoint: storableText.max(2000).regex(/^(https?|poll):\/\/\S+$/, "must be an http://, https:// or poll:// URL without spaces")
      .pipe(z.url({ protocol: /^(https?|poll)$/ })), // poll://<machine id>/ for polling machines
    // What the harness knows of the machine; the server goes by the endpoint alone.
    mode: z.enum(["listening", "polling"]).optional(),
    segment: storableText.min(1).optional(),
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
