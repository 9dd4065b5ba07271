// Lifecycle of real node processes on one fresh database: two nodes starting together both migrate
// safely (advisory lock) and register; a node exits 0 when its parent's IPC channel closes; SIGTERM
// during a running deployment exits 0 and fails the task, saying the node shut down.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { API_KEY_HEADER } from "../contracts/index.ts";
import { makeTestDatabase } from "../testing/database.ts";
import { MARKER_VAR, newMarker, processesWithMarker } from "../testing/leaks.ts";
import { migrationNames } from "./migrate.ts";
import { withTimeout } from "../lib/errors.ts";
import { nodeUrlOf, startNodeProcess } from "../placement/node-process.ts";
import { SMALL_FIXTURES, testNodeConfig } from "../testing/server-support.ts";
import { pollUntil } from "../lib/poll.ts";
import { startTestTentacle } from "../testing/tentacle.ts";

describe("node lifecycle", () => {
  it("two nodes start together, then exit 0 on IPC disconnect and on SIGTERM mid-deployment", async () => {
    await using db = await makeTestDatabase();
    await using tentacle = await startTestTentacle(Number.POSITIVE_INFINITY);
    const dir = await mkdtemp(path.join(os.tmpdir(), "server-lifecycle-"));
    const marker = newMarker();
    try {
      const config = (nodeName: string) => testNodeConfig({
        nodeName, databaseUrl: db.url, historyFile: path.join(dir, `${nodeName}.ndjson`), strategy: "pessimistic",
      });
      await using a = await startNodeProcess(config("node-a"), { env: { [MARKER_VAR]: marker } });
      await using b = await startNodeProcess(config("node-b"), { env: { [MARKER_VAR]: marker } });

      const pool = new pg.Pool({ connectionString: db.url, max: 1 });
      try {
        const nodes = await pool.query("select name from server_node order by name");
        expect(nodes.rows).toEqual([{ name: "node-a" }, { name: "node-b" }]);
        expect((await pool.query("select name from schema_migration order by name")).rows).toEqual((await migrationNames()).map((name) => ({ name })));

        a.disconnect();
        expect(await withTimeout("node-a exit after IPC disconnect", 10_000, a.exited)).toEqual({ code: 0, signal: null });

        const url = nodeUrlOf(b);
        const headers = { "content-type": "application/json", [API_KEY_HEADER]: "API-TEST" };
        const fixtures = { ...SMALL_FIXTURES, machines: [{ id: "Machines-1", name: "m1", environmentId: "Environments-1", roles: ["web"], endpoint: tentacle.endpoint }] };
        expect((await fetch(`${url}/api/fixtures`, { method: "POST", headers, body: JSON.stringify(fixtures) })).status).toBe(201);
        const created = await fetch(`${url}/api/deployments`, { method: "POST", headers, body: JSON.stringify({ ProjectId: "Projects-1", EnvironmentId: "Environments-1" }) });
        const { TaskId } = (await created.json()) as { TaskId: string };
        await pollUntil("the script to start", 10_000, async () => (tentacle.starts.length > 0 ? true : undefined));

        process.kill(b.pid, "SIGTERM");
        expect(await withTimeout("node-b exit after SIGTERM", 10_000, b.exited)).toEqual({ code: 0, signal: null });
        const task = await pool.query<{ state: string; error_message: string }>("select state, error_message from server_task where id = $1", [TaskId]);
        expect(task.rows[0]).toEqual({ state: "Failed", error_message: 'node node-b shut down during step "Deploy"' });
        expect(processesWithMarker(marker)).toEqual([]);
      } finally {
        await pool.end();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
