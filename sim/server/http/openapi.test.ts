// The OpenAPI document (sim/server/openapi.json) describes exactly the routes the server serves,
// with the same methods, path parameters and API-key requirement, and the answers every route can give
// whatever its handler: 405 with Allow, and 413 and 415 wherever there is a body.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { apiRoutes } from "./api-server.ts";
import type { ApiDeps } from "./api-deps.ts";

interface Parameter { name: string; in: string }
interface Response { headers?: Record<string, unknown> }
interface Operation {
  security?: unknown[];
  parameters?: Array<Parameter | { $ref: string }>;
  requestBody?: unknown;
  responses: Record<string, Response | { $ref: string }>;
}
const doc = JSON.parse(readFileSync(new URL("../openapi.json", import.meta.url), "utf8")) as {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
};
/** The object a local "#/components/..." reference points at (or the object itself). */
function resolve<T>(value: T | { $ref: string }): T {
  if (typeof value !== "object" || value === null || !("$ref" in value)) return value as T;
  return value.$ref.slice(2).split("/").reduce((node: any, key) => node[key], doc) as T;
}
// Routes capture their deps and use them only when handling a request; listing them needs none.
const routes = apiRoutes({} as ApiDeps);
const openApiPath = (template: string) => template.replace(/:([A-Za-z]+)/g, "{$1}");
const operationOf = (route: { method: string; path: string }) => doc.paths[openApiPath(route.path)]![route.method.toLowerCase()]!;

describe("openapi.json", () => {
  it("is OpenAPI 3.1 and lists exactly the served routes", () => {
    expect(doc.openapi).toBe("3.1.0");
    const served = routes.map((r) => `${r.method} ${openApiPath(r.path)}`).sort();
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)).sort();
    expect(documented).toEqual(served);
  });

  it("documents each route's path parameters, API key requirement and a success response", () => {
    for (const route of routes) {
      const op = operationOf(route);
      const pathParams = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);
      expect(op.parameters?.map((p) => resolve(p)).filter((p) => p.in === "path").map((p) => p.name) ?? [], route.path).toEqual(pathParams);
      expect(op.security === undefined || op.security.length > 0, `${route.method} ${route.path} API key`).toBe(route.requiresApiKey);
      expect(Object.keys(op.responses).some((status) => /^2\d\d$/.test(status)), route.path).toBe(true);
      if (route.requiresApiKey) expect(op.responses["401"], route.path).toBeDefined();
    }
  });

  it("documents 405 with its Allow header on every operation, and 413 and 415 on every operation with a body", () => {
    for (const route of routes) {
      const op = operationOf(route);
      const label = `${route.method} ${route.path}`;
      expect(Object.keys(resolve(op.responses["405"] ?? {}).headers ?? {}), label).toEqual(["Allow"]);
      const bodyAnswers = ["413", "415"].filter((status) => op.responses[status] !== undefined);
      expect(bodyAnswers, label).toEqual(op.requestBody === undefined ? [] : ["413", "415"]);
    }
  });
});
