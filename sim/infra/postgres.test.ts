import { existsSync } from "node:fs";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { makeTestDatabase } from "../testing/database.ts";
import { parsePostgresUrl, startEmbeddedPostgres, useExistingPostgres } from "./postgres.ts";
import { isAlive } from "../testing/processes.ts";

describe("embedded PostgreSQL", () => {
  it("starts on a free port, answers queries, and stop() ends the process and removes its files", async () => {
    await using started = await startEmbeddedPostgres();
    const client = new pg.Client(started.url);
    await client.connect();
    const { rows } = await client.query<{ v: string }>("select current_setting('server_version') as v");
    await client.end();
    expect(rows[0]?.v).toMatch(/^\d+/);
    expect(started.pid && isAlive(started.pid)).toBe(true);
    await started.stop();
    expect(isAlive(started.pid!)).toBe(false);
    expect(existsSync(started.dir!)).toBe(false);
  });
});

describe("existing PostgreSQL by URL", () => {
  it("gets a database of its own and drops it on stop", async () => {
    await using db = await makeTestDatabase();
    const run = await useExistingPostgres(db.url);
    const client = new pg.Client(run.url);
    await client.connect();
    const { rows } = await client.query<{ name: string }>("select current_database() as name");
    await client.end();
    expect(rows[0]?.name).toMatch(/^taskstorm_/);
    await run.stop();
    const admin = new pg.Client(db.url);
    await admin.connect();
    const left = await admin.query("select 1 from pg_database where datname = $1", [rows[0]!.name]);
    await admin.end();
    expect(left.rowCount).toBe(0);
  });

  it("rejects a URL that is not postgres://, naming the option", () => {
    expect(() => parsePostgresUrl("mysql://x@y/z")).toThrow(/--postgres: got "mysql:\/\/x@y\/z", expected a postgres:\/\//);
  });
});
