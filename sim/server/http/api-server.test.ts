// The REST server's HTTP contract on a real database: 405 with Allow, HEAD on GET routes, 415 for bodies
// that are not JSON, 400 naming any unknown body field, and no PostgreSQL text in any error.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startTestApiServer } from "../../testing/api-server.ts";
import { startApiServer } from "./api-server.ts";

const JSON_TYPE = { "content-type": "application/json" };

/** The body routes, each with a valid body and its answer to it on startTestApiServer's data (409: a Queued task has no interruptions). */
function bodyRoutes(taskId: string): Array<{ method: string; route: string; body: Record<string, unknown>; status: number }> {
  return [
    { method: "POST", route: "/api/deployments", body: { ProjectId: "Projects-1", EnvironmentId: "Environments-1" }, status: 201 },
    { method: "POST", route: "/api/fixtures", body: { projects: [], environments: [{ id: "Environments-2", name: "Two" }], machines: [] }, status: 201 },
    { method: "PUT", route: "/api/nodes/node-1", body: { MaxConcurrentTasks: 4 }, status: 200 },
    { method: "PUT", route: `/api/tasks/${taskId}/interruption`, body: { HasPendingInterruptions: false }, status: 409 },
  ];
}

describe("routing", () => {
  it("answers a method a path does not serve with 405 and an Allow header listing the path's methods", async () => {
    await using server = await startTestApiServer();
    for (const [method, route, allow] of [
      ["DELETE", "/api/tasks", "GET, HEAD"], ["PATCH", "/api/nodes/node-1", "GET, HEAD, PUT"], ["POST", "/healthz", "GET, HEAD"],
      ["PUT", "/api/deployments", "POST"], ["GET", `/api/tasks/${server.tasks[0]!.id}/cancel`, "POST"],
    ] as const) {
      const response = await server.api(route, { method });
      expect([route, method, response.status, response.headers.get("allow")]).toEqual([route, method, 405, allow]);
      expect(await response.json()).toMatchObject({ ErrorMessage: `${method} is not served on ${route}; it serves ${allow}` });
    }
  });

  it("answers HEAD on a GET route as GET would, without the body", async () => {
    await using server = await startTestApiServer({ tasks: 3 });
    for (const route of ["/api/tasks", `/api/tasks/${server.tasks[0]!.id}`, "/api/nodes/node-1", "/healthz"]) {
      const get = await server.api(route);
      const body = await get.arrayBuffer();
      const head = await server.api(route, { method: "HEAD" });
      expect([route, head.status, head.headers.get("content-type"), head.headers.get("content-length")])
        .toEqual([route, get.status, get.headers.get("content-type"), String(body.byteLength)]);
      expect((await head.arrayBuffer()).byteLength).toBe(0);
    }
    expect((await server.api("/api/tasks/ServerTasks-999", { method: "HEAD" })).status).toBe(404);
  });
});

describe("request bodies", () => {
  it("refuses a body that is not application/json with 415 on every body route, and accepts JSON with charset utf-8", async () => {
    await using server = await startTestApiServer();
    for (const { method, route, body, status } of bodyRoutes(server.tasks[0]!.id)) {
      const json = JSON.stringify(body);
      for (const headers of [{ "content-type": "text/plain" }, { "content-type": "application/json; charset=latin1" }, {}]) {
        // A Uint8Array body makes fetch send no content-type of its own.
        const response = await server.api(route, { method, headers, body: new TextEncoder().encode(json) });
        expect([route, headers, response.status]).toEqual([route, headers, 415]);
        expect(await response.json()).toMatchObject({ Field: "content-type" });
      }
      const accepted = await server.api(route, { method, headers: { "content-type": "Application/JSON; charset=UTF-8" }, body: json });
      expect([route, accepted.status]).toEqual([route, status]);
    }
    const { rows } = await server.db.pool.query(`select count(*)::int as n from server_task`);
    expect(rows[0].n).toBe(2); // the seeded task and the one accepted deployment
  });

  it("refuses an unknown field with 400 naming it, on every body route and inside fixture items", async () => {
    await using server = await startTestApiServer();
    const cases: Array<[string, string, unknown, string]> = [
      ...bodyRoutes(server.tasks[0]!.id).map(({ method, route, body }): [string, string, unknown, string] => [method, route, { ...body, Colour: "red" }, "Colour"]),
      ["POST", "/api/fixtures", { projects: [{ id: "P", name: "p", targetRole: "web", stepNames: [], colour: 1 }], environments: [], machines: [] }, "projects.0.colour"],
      ["POST", "/api/fixtures", { projects: [], environments: [{ id: "E", name: "e", colour: 1 }], machines: [] }, "environments.0.colour"],
      ["POST", "/api/fixtures", {
        projects: [], environments: [], machines: [{ id: "M", name: "m", environmentId: "Environments-1", roles: [], endpoint: "http://x", colour: 1 }],
      }, "machines.0.colour"],
    ];
    for (const [method, route, body, field] of cases) {
      const response = await server.api(route, { method, headers: JSON_TYPE, body: JSON.stringify(body) });
      expect([route, field, response.status, await response.json()]).toEqual([route, field, 400, { ErrorMessage: expect.stringContaining(field), Field: field }]);
    }
    const { rows } = await server.db.pool.query(`select (select count(*)::int from server_task) as tasks, (select count(*)::int from project) as projects`);
    expect(rows[0]).toEqual({ tasks: 1, projects: 1 });
  });

  it("accepts the machine fields the harness sends (mode, segment)", async () => {
    await using server = await startTestApiServer();
    const machine = { id: "M", name: "m", environmentId: "Environments-1", roles: ["web"], endpoint: "poll://M/", mode: "polling", segment: "dc-1" };
    const response = await server.api("/api/fixtures", { method: "POST", headers: JSON_TYPE, body: JSON.stringify({ projects: [], environments: [], machines: [machine] }) });
    expect([response.status, await response.json()]).toEqual([201, { Projects: 0, Environments: 0, Machines: 1 }]);
  });
});

describe("errors carry no database text", () => {
  const DATABASE_WORDS = /relation|server_task|violates|constraint|Key \(|byte sequence|UTF8|0x00|database "/;

  it("answers a failing query with 500, a generic message and an error id that the log holds with the cause", async () => {
    await using server = await startTestApiServer();
    await server.db.pool.query(`alter table server_task rename to server_task_gone`);
    const response = await server.api("/api/tasks");
    const body = (await response.json()) as { ErrorMessage: string; ErrorId?: string };
    expect(response.status).toBe(500);
    expect(body.ErrorMessage).not.toMatch(DATABASE_WORDS);
    expect(body.ErrorId).toMatch(/^[0-9a-f]{16}$/);
    expect(body.ErrorMessage).toContain(body.ErrorId);
    const line = server.logged.find((l) => l.fields.errorId === body.ErrorId);
    expect(line?.event).toBe("http:error");
    expect(String((line?.fields.error as Error).message)).toMatch(/server_task/);
  });

  it("refuses text PostgreSQL cannot store (NUL) with 400 naming the field, before it reaches the database", async () => {
    await using server = await startTestApiServer();
    for (const [route, body, field] of [
      ["/api/deployments", { ProjectId: "Projects\u00001", EnvironmentId: "Environments-1" }, "ProjectId"],
      ["/api/fixtures", { projects: [], environments: [{ id: "E", name: "a\u0000b" }], machines: [] }, "environments.0.name"],
    ] as const) {
      const response = await server.api(route, { method: "POST", headers: JSON_TYPE, body: JSON.stringify(body) });
      const error = (await response.json()) as { ErrorMessage: string; Field: string };
      expect([route, response.status, error.Field]).toEqual([route, 400, field]);
      expect(error.ErrorMessage).not.toMatch(DATABASE_WORDS);
    }
  });

  it("names a machine's unknown environment itself, not with the foreign key's text", async () => {
    await using server = await startTestApiServer();
    const machines = [{ id: "M1", name: "m", environmentId: "Environments-1", roles: [], endpoint: "http://x" },
      { id: "M2", name: "m", environmentId: "E-none", roles: [], endpoint: "http://x" }];
    const response = await server.api("/api/fixtures", { method: "POST", headers: JSON_TYPE, body: JSON.stringify({ projects: [], environments: [], machines }) });
    expect([response.status, await response.json()]).toEqual([400, {
      ErrorMessage: `machines.1.environmentId: no environment with id "E-none" in the database or in this body`, Field: "machines.1.environmentId",
    }]);
  });

  it("answers /healthz with 503 and an error id, not the database's text, when the database refuses the node", async () => {
    await using server = await startTestApiServer();
    const url = new URL(server.db.url);
    url.pathname = "/no_such_database";
    const pool = new pg.Pool({ connectionString: url.toString(), max: 1 });
    const broken = await startApiServer({ ...server.deps, pool }, "127.0.0.1", 0);
    try {
      const response = await fetch(`${broken.url}/healthz`);
      const body = (await response.json()) as { ErrorMessage: string; ErrorId?: string };
      expect(response.status).toBe(503);
      expect(body.ErrorMessage).not.toMatch(DATABASE_WORDS);
      expect(body.ErrorMessage).toContain(body.ErrorId);
      expect(server.logged.find((l) => l.fields.errorId === body.ErrorId)?.event).toBe("http:health:error");
    } finally {
      await broken.stop();
      await pool.end();
    }
  });
});
