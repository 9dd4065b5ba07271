// A small seeded fuzz over every route of the API on a real database: random path ids, query values
// and JSON bodies (wrong types, NUL bytes, huge numbers, deep nesting, unknown fields) and random
// paths and methods. The server must answer each with a status below 500 and a JSON error body.
import { describe, expect, it } from "vitest";
import { API_KEY_HEADER, mulberry32, type Rng } from "../../contracts/index.ts";
import { startTestApiServer, TEST_API_KEY } from "../../testing/api-server.ts";
import { apiRoutes } from "./api-server.ts";

const REQUESTS = 600;
const STRINGS = ["", "x", "ServerTasks-1", "ServerTasks-99999999999999999999", "node-1", "Projects-1", "Environments-1", "a\u0000b",
  "%00", "../..", "Queued,Bogus", "Executing", "-1", "1e9", "9007199254740993", "💥", "x".repeat(5000), "2024-01-01T00:00:00Z", "null"];

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

function randomJson(rng: Rng, depth = 0): unknown {
  const kind = Math.floor(rng() * (depth > 3 ? 5 : 8));
  switch (kind) {
    case 0: return null;
    case 1: return pick(rng, [true, false]);
    case 2: return pick(rng, [0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, 10_001]);
    case 3: case 4: return pick(rng, STRINGS);
    case 5: return Array.from({ length: Math.floor(rng() * 4) }, () => randomJson(rng, depth + 1));
    default: {
      const keys = ["ProjectId", "EnvironmentId", "TenantId", "QueueTimeExpiry", "HasPendingInterruptions", "MaxConcurrentTasks",
        "IsInMaintenanceMode", "projects", "environments", "machines", "id", "name", "endpoint", "__proto__", "extra"];
      return Object.fromEntries(Array.from({ length: Math.floor(rng() * 5) }, () => [pick(rng, keys), randomJson(rng, depth + 1)]));
    }
  }
}

describe("API fuzz", () => {
  it(`answers ${REQUESTS} random requests over every route without a 5xx`, async () => {
    await using server = await startTestApiServer({ tasks: 3 });
    const rng = mulberry32(20240601);
    const routes = apiRoutes(server.deps);
    const failures: string[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const route = pick(rng, routes);
      let path = route.path.replace(/:[A-Za-z]+/g, () => encodeURIComponent(pick(rng, STRINGS)));
      if (rng() < 0.1) path = pick(rng, ["/api/", "/api/tasks/", "//x", "/api/tasks/%ZZ", "/api/nodes/a/b", "/%00"]);
      const query = rng() < 0.5 ? "" : `?${["states", "skip", "take", "name", "node", "tail"].filter(() => rng() < 0.4)
        .map((k) => `${k}=${encodeURIComponent(pick(rng, STRINGS))}`).join("&")}`;
      const method = rng() < 0.9 ? route.method : pick(rng, ["GET", "POST", "PUT", "DELETE", "PATCH"]);
      const body = method === "GET" ? undefined : rng() < 0.1 ? "{not json" : JSON.stringify(randomJson(rng));
      const headers: Record<string, string> = { "content-type": "application/json", ...(rng() < 0.95 ? { [API_KEY_HEADER]: TEST_API_KEY } : {}) };
      const response = await fetch(`${server.url}${path}${query}`, { method, headers, body });
      const text = await response.text();
      if (response.status >= 500 && !(path === "/healthz" && response.status === 503)) failures.push(`${method} ${path}${query} -> ${response.status}: ${text.slice(0, 200)}`);
      if (response.status >= 400 && path !== "/metrics") expect(JSON.parse(text)).toHaveProperty("ErrorMessage");
    }
    expect(failures).toEqual([]);
  }, 60_000);
});
