// POST /api/deployments on a real database: a QueueTimeExpiry must fall in UTC years 0000-9999, the
// years an RFC 3339 date-time can spell, so every later read of the task returns a valid date-time.
import { describe, expect, it } from "vitest";
import type { TaskResource } from "../../contracts/index.ts";
import { startTestApiServer } from "../../testing/api-server.ts";

const JSON_TYPE = { "content-type": "application/json" };
/** RFC 3339 date-time as the API writes it (toISOString: four-digit year, milliseconds, Z). */
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe("POST /api/deployments QueueTimeExpiry", () => {
  it("refuses a time whose UTC year leaves 0000-9999 with 400 naming the field, the value and the range", async () => {
    await using server = await startTestApiServer();
    const deploy = (expiry: string) => server.api("/api/deployments", {
      method: "POST", headers: JSON_TYPE, body: JSON.stringify({ ProjectId: "Projects-1", EnvironmentId: "Environments-1", QueueTimeExpiry: expiry }),
    });
    for (const [expiry, utc] of [["9999-12-31T23:59:59-00:01", "+010000-01-01T00:00:59.000Z"], ["0000-01-01T00:00:00+00:01", "-000001-12-31T23:59:00.000Z"]]) {
      const response = await deploy(expiry!);
      expect([expiry, response.status, await response.json()]).toEqual([expiry, 400, {
        ErrorMessage: `QueueTimeExpiry: got "${expiry}", which is ${utc} in UTC; expected a time from 0000-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z`,
        Field: "QueueTimeExpiry",
      }]);
    }
    const { rows } = await server.db.pool.query(`select count(*)::int as n from server_task`);
    expect(rows[0].n).toBe(1); // only the seeded task
  });

  it("accepts the range's edges, and reads of the task return RFC 3339 date-times", async () => {
    await using server = await startTestApiServer();
    for (const [expiry, read] of [["9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z"], ["0000-01-01T01:00:00+01:00", "0000-01-01T00:00:00.000Z"]]) {
      const created = await server.api("/api/deployments", {
        method: "POST", headers: JSON_TYPE, body: JSON.stringify({ ProjectId: "Projects-1", EnvironmentId: "Environments-1", QueueTimeExpiry: expiry }),
      });
      expect(created.status).toBe(201);
      const { TaskId } = (await created.json()) as { TaskId: string };
      const task = (await (await server.api(`/api/tasks/${TaskId}`)).json()) as TaskResource;
      expect(task.QueueTimeExpiry).toBe(read);
      expect(task.QueueTimeExpiry).toMatch(RFC3339_UTC);
    }
  });
});
