// POST /api/deployments {ProjectId, EnvironmentId[, TenantId][, QueueTimeExpiry]} -> 201 DeploymentResource;
// any other field is a 400.
import { z } from "zod";
import type { CreateDeploymentRequest } from "../../contracts/index.ts";
import { createDeployment } from "../create-deployment.ts";
import type { ApiDeps } from "./api-deps.ts";
import { id } from "./body-fields.ts";
import { readJsonBody } from "./read-json.ts";
import { jsonReply } from "./reply.ts";
import type { Route } from "./route.ts";
import { validateBody } from "./validate.ts";

const BODY_LIMIT_BYTES = 64 * 1024;

const createDeploymentSchema = z.strictObject({
  ProjectId: id,
  EnvironmentId: id,
  TenantId: id.optional(),
  QueueTimeExpiry: z.iso.datetime({ offset: true }).optional(),
}) satisfies z.ZodType<CreateDeploymentRequest>;

export function deploymentRoutes(deps: ApiDeps): Route[] {
  return [
    {
      method: "POST",
      path: "/api/deployments",
      requiresApiKey: true,
      async handle({ req }) {
        const request = validateBody(createDeploymentSchema, await readJsonBody(req, BODY_LIMIT_BYTES));
        return jsonReply(201, await createDeployment(deps, request));
      },
    },
  ];
}
