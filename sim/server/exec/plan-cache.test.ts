// Deploy plans on real PostgreSQL: the lookups of one turn are read in one query, each answered with
// its own project and targets (null for a missing project); a hit within the TTL reads nothing, an
// expired entry is read again; a failed read is not cached.
import { describe, expect, it, vi } from "vitest";
import type { FixtureSet } from "../../contracts/index.ts";
import { seedFixtures } from "../seed-fixtures.ts";
import { makeMigratedDatabase } from "../../testing/server-support.ts";
import { makePlanCache } from "./plan-cache.ts";

const FIXTURES: FixtureSet = {
  projects: [
    { id: "Projects-1", name: "Web", targetRole: "web", stepNames: ["Deploy"] },
    { id: "Projects-2", name: "Db", targetRole: "db", stepNames: ["Migrate", "Verify"], packageSizeBytes: 2048 },
  ],
  environments: [{ id: "Environments-1", name: "Test" }, { id: "Environments-2", name: "Prod" }],
  machines: [
    { id: "Machines-1", name: "web-1", environmentId: "Environments-1", roles: ["web"], endpoint: "http://127.0.0.1:1" },
    { id: "Machines-2", name: "web-2", environmentId: "Environments-2", roles: ["web", "db"], endpoint: "http://127.0.0.1:2" },
    { id: "Machines-3", name: "db-1", environmentId: "Environments-2", roles: ["db"], endpoint: "http://127.0.0.1:3" },
  ],
};

describe("plan cache", () => {
  it("reads one turn's misses in one query, each with its own targets, and caches them for the TTL", async () => {
    await using db = await makeMigratedDatabase();
    await seedFixtures(db.pool, FIXTURES);
    let nowMs = 0;
    const plans = makePlanCache(db.pool, 1000, () => nowMs);
    const statements = vi.spyOn(db.pool, "query");
    const [web1, web2, dbProd, missing, again] = await Promise.all([
      plans("Projects-1", "Environments-1"), plans("Projects-1", "Environments-2"), plans("Projects-2", "Environments-2"),
      plans("Projects-9", "Environments-1"), plans("Projects-1", "Environments-1"),
    ]);
    expect(statements).toHaveBeenCalledTimes(1);
    expect(web1!.targets.map((t) => t.id)).toEqual(["Machines-1"]);
    expect(web2!.targets.map((t) => t.id)).toEqual(["Machines-2"]);
    expect(dbProd).toMatchObject({ project: { id: "Projects-2", stepNames: ["Migrate", "Verify"], packageSizeBytes: 2048 } });
    expect(dbProd!.targets.map((t) => t.id)).toEqual(["Machines-2", "Machines-3"]);
    expect(missing).toBeNull();
    expect(again).toBe(web1);
    nowMs = 999;
    await plans("Projects-1", "Environments-1");
    expect(statements).toHaveBeenCalledTimes(1);
    nowMs = 1000;
    await plans("Projects-1", "Environments-1");
    expect(statements).toHaveBeenCalledTimes(2);
  });

  it("does not cache a failed read", async () => {
    await using db = await makeMigratedDatabase();
    await seedFixtures(db.pool, FIXTURES);
    const plans = makePlanCache(db.pool, 60_000, () => 0);
    const statements = vi.spyOn(db.pool, "query").mockRejectedValueOnce(new Error("connection lost"));
    await expect(plans("Projects-1", "Environments-1")).rejects.toThrow("connection lost");
    expect(await plans("Projects-1", "Environments-1")).toMatchObject({ project: { id: "Projects-1" } });
    expect(statements).toHaveBeenCalledTimes(2);
  });
});
