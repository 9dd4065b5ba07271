import pg from "pg";
import { describe, expect, it } from "vitest";
import type { ScrapedFamily } from "../contracts/index.ts";
import { pollUntil } from "../lib/poll.ts";
import { makeTestDatabase } from "../testing/database.ts";
import { makePgSampler } from "./pg-sampler.ts";

const sessionsWaitingOn = (families: ScrapedFamily[], event: string) =>
  families.find((f) => f.name === "pg_sessions")!.samples.filter((s) => s.labels.wait_event_type === "Lock" && s.labels.wait_event === event).reduce((n, s) => n + Number(s.value), 0);
const counter = (families: ScrapedFamily[], name: string) => Number(families.find((f) => f.name === name)!.samples[0]!.value);

describe("makePgSampler on a real PostgreSQL", () => {
  it("sees advisory-lock and row-lock waits, ungranted locks, and counts a real deadlock", { timeout: 30_000 }, async () => {
    await using db = await makeTestDatabase();
    const clients = Array.from({ length: 5 }, () => new pg.Client({ connectionString: db.url }));
    const [sampler, a, b, c, d] = clients as [pg.Client, pg.Client, pg.Client, pg.Client, pg.Client];
    try {
      for (const client of clients) await client.connect();
      await a.query("create table t (id int primary key, v int); insert into t values (1, 0), (2, 0)");
      const sample = makePgSampler(sampler);
      const before = await sample();
      expect(sessionsWaitingOn(before, "advisory")).toBe(0);

      await a.query("select pg_advisory_lock(42)");
      const advisoryWait = b.query("select pg_advisory_lock(42)");
      await a.query("begin; select * from t where id = 1 for update");
      const rowWait = c.query("update t set v = v + 1 where id = 1");
      let during: ScrapedFamily[] = [];
      await pollUntil("one session waiting on each lock", 10_000, async () => {
        during = await sample();
        return sessionsWaitingOn(during, "advisory") === 1 && sessionsWaitingOn(during, "transactionid") === 1;
      }, 50);
      const notGranted = during.find((f) => f.name === "pg_locks")!.samples.filter((s) => s.labels.granted === "false");
      expect(notGranted.map((s) => s.labels.locktype).sort()).toEqual(["advisory", "transactionid"]);
      await a.query("commit; select pg_advisory_unlock(42)");
      await Promise.all([advisoryWait, rowWait]);
      await b.query("select pg_advisory_unlock(42)");

      const deadlocksBefore = counter(await sample(), "pg_deadlocks_total");
      await a.query("begin; update t set v = 1 where id = 1");
      await d.query("begin; update t set v = 2 where id = 2");
      const crossed = await Promise.allSettled([a.query("update t set v = 1 where id = 2"), d.query("update t set v = 2 where id = 1")]);
      expect(crossed.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason))).toEqual([expect.stringMatching(/deadlock detected/)]);
      await a.query("rollback");
      await d.query("rollback");
      await pollUntil("the deadlock in pg_stat_database", 15_000, async () => counter(await sample(), "pg_deadlocks_total") === deadlocksBefore + 1, 200);
      expect(counter(await sample(), "pg_xact_rollback_total")).toBeGreaterThan(0);
    } finally {
      await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
    }
  });
});
