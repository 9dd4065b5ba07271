// GET /api/tasks query parameters on a real database: exactly what the OpenAPI document allows is
// accepted; a parameter given empty, or a state list with spaces, is a 400 naming the parameter.
import { describe, expect, it } from "vitest";
import type { TaskListResource } from "../../contracts/index.ts";
import { startTestApiServer } from "../../testing/api-server.ts";

describe("GET /api/tasks parameters", () => {
  it("filters and pages with well-formed parameters", async () => {
    await using server = await startTestApiServer({ tasks: 3 });
    const response = await server.api("/api/tasks?states=Queued,Executing&name=Deploy&skip=1&take=1");
    expect(response.status).toBe(200);
    const list = (await response.json()) as TaskListResource;
    expect([list.TotalResults, list.Items.length]).toEqual([3, 1]);
  });

  it("refuses a parameter given empty, and a state list with spaces, naming the parameter", async () => {
    await using server = await startTestApiServer();
    for (const [query, field] of [["states=", "states"], ["states=Queued,%20Executing", "states"], ["name=", "name"], ["node=", "node"],
      ["skip=", "skip"], ["take=", "take"], ["take=1001", "take"], ["skip=9007199254740992", "skip"]] as const) {
      const response = await server.api(`/api/tasks?${query}`);
      expect([query, response.status, ((await response.json()) as { Field?: string }).Field]).toEqual([query, 400, field]);
    }
    const details = await server.api(`/api/tasks/${server.tasks[0]!.id}/details?tail=`);
    expect([details.status, ((await details.json()) as { Field?: string }).Field]).toEqual([400, "tail"]);
  });
});
