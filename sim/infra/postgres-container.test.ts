// The container path needs a Docker engine; where none answers (this project's machines and CI) the
// test is skipped and says why. The no-engine error path is tested everywhere.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { containerEngineAvailable, startContainerPostgres } from "./postgres-container.ts";

const engine = await containerEngineAvailable();

describe.skipIf(!engine)("PostgreSQL in a container (skipped: no container engine answers on this machine)", () => {
  it("starts, answers queries and stops", async () => {
    await using started = await startContainerPostgres();
    const client = new pg.Client(started.url);
    await client.connect();
    expect((await client.query("select 1 as one")).rows[0].one).toBe(1);
    await client.end();
  }, 180_000);
});

describe.skipIf(engine)("PostgreSQL in a container without an engine", () => {
  it("fails at once with an error naming the ways out", async () => {
    await expect(startContainerPostgres()).rejects.toThrow(/no container engine answers .*embedded default or --postgres URL/);
  });
});
