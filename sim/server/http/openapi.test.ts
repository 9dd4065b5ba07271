// The OpenAPI document (sim/server/openapi.json) describes exactly the routes the server serves,
// with the same methods, path parameters and API-key requirement.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { apiRoutes } from "./api-server.ts";
import type { ApiDeps } from "./api-deps.ts";

interface Operation {
  security?: unknown[];
  parameters?: Array<{ name: string; in: string }>;
  responses: Record<string, unknown>;
}
const doc = JSON.parse(readFileSync(new URL("../openapi.json", import.meta.url), "utf8")) as {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
};
// Routes capture their deps and use them only when handling a request; listing them needs none.
const routes = apiRoutes({} as ApiDeps);
const openApiPath = (template: string) => template.replace(/:([A-Za-z]+)/g, "{$1}");

describe("openapi.json", () => {
  it("is OpenAPI 3.1 and lists exactly the served routes", () => {
    expect(doc.openapi).toBe("3.1.0");
    const served = routes.map((r) => `${r.method} ${openApiPath(r.path)}`).sort();
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)).sort();
    expect(documented).toEqual(served);
  });

  it("documents each route's path parameters, API key requirement and a success response", () => {
    for (const route of routes) {
      const op = doc.paths[openApiPath(route.path)]![route.method.toLowerCase()]!;
      const pathParams = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);
      expect(op.parameters?.filter((p) => p.in === "path").map((p) => p.name) ?? [], route.path).toEqual(pathParams);
      expect(op.security === undefined || op.security.length > 0, `${route.method} ${route.path} API key`).toBe(route.requiresApiKey);
      expect(Object.keys(op.responses).some((status) => /^2\d\d$/.test(status)), route.path).toBe(true);
      if (route.requiresApiKey) expect(op.responses["401"], route.path).toBeDefined();
    }
  });
});
