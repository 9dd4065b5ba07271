// Provenance as a run collects it on this machine: every field present, the commit of this checkout,
// the load average at start and end, PostgreSQL's version from a real server.
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { finishProvenance, postgresVersion, startProvenance } from "./provenance.ts";

describe("run provenance", () => {
  it("records versions, machine, load and placement", async () => {
    const start = await startProvenance({ postgres: { kind: "embedded" }, tools: { k6: "v2.2.0", toxiproxy: "v2.12.0" }, placementKind: "local" });
    expect(start).toMatchObject({
      taskstorm: { version: expect.stringMatching(/^\d+\.\d+\.\d+$/), commit: expect.stringMatching(/^[0-9a-f]{40}$/) },
      node: process.version, postgres: { version: null, source: "embedded" }, tools: { k6: "v2.2.0", toxiproxy: "v2.12.0" },
      machine: { cpus: expect.any(Number), memoryBytes: expect.any(Number), kernel: expect.any(String), cpuModel: expect.any(String), arch: process.arch },
      loadAverage: { start: [expect.any(Number), expect.any(Number), expect.any(Number)], end: null }, placement: { kind: "local" },
    });
    const client = new pg.Client({ connectionString: inject("pgAdminUrl") });
    await client.connect();
    try {
      const version = await postgresVersion(client);
      expect(version).toMatch(/^\d+(\.\d+)?$/);
      const end = finishProvenance(start, version);
      expect(end.postgres.version).toBe(version);
      expect(end.loadAverage.end).toHaveLength(3);
    } finally {
      await client.end();
    }
  });
});
