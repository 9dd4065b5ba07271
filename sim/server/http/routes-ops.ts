// Operational endpoints without the API key: GET /healthz (200 when the database answers, else 503
// with an error id; the cause goes to the log) and GET /metrics (prom-client text of this node's registry).
import { pingDatabase } from "../sql/pingDatabase.ts";
import type { ApiDeps } from "./api-deps.ts";
import { loggedErrorReply } from "./error-reply.ts";
import { jsonReply } from "./reply.ts";
import type { Route } from "./route.ts";

export function opsRoutes(deps: ApiDeps): Route[] {
  return [
    {
      method: "GET",
      path: "/healthz",
      requiresApiKey: false,
      async handle() {
        try {
          await pingDatabase(deps.pool);
          return jsonReply(200, { Status: "OK", Node: deps.nodeName });
        } catch (error) {
          return loggedErrorReply(deps.log, 503, "http:health:error", "database unavailable", error);
        }
      },
    },
    {
      method: "GET",
      path: "/metrics",
      requiresApiKey: false,
      async handle() {
        const { registry } = deps.metrics;
        return { status: 200, text: await registry.metrics(), contentType: registry.contentType };
      },
    },
  ];
}
