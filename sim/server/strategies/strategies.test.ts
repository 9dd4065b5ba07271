// Integration tests of every concurrency strategy on real PostgreSQL: concurrent pickers claim every
// Queued task exactly once, one task per concurrency tag runs at a time, and the optimistic
// strategy's compare-and-swap detects, counts and retries a concurrent write.
import { describe, expect, it } from "vitest";
import type pg from "pg";
import { CLUSTER_MUTEX_KEY } from "../sql/advisoryLockKeys.ts";
import { makeMigratedDatabase, metricValue, quietLog, seedQueuedTasks, testMetrics } from "../../testing/server-support.ts";
import { pollUntil } from "../../lib/poll.ts";
import { applyTransition, STALE } from "../transitions.ts";
import { updateTaskProgress } from "../sql/updateTaskProgress.ts";
import { hasRpcGuard, makeStrategy, STRATEGY_NAMES, withServerBugs } from "./index.ts";

const PICKERS = 4;
const TASKS = 300;

async function drainQueue(pool: pg.Pool, strategyName: string, nodeName: string, pickupWithoutLock = false): Promise<string[]> {
  const deps = { pool, nodeName, options: {}, metrics: testMetrics(nodeName), log: quietLog };
  const strategy = withServerBugs(makeStrategy(strategyName, deps), deps, { pickupWithoutLock });
  const claimed: string[] = [];
  for (let i = 0; ; i++) {
    const batch = await strategy.claimTasks(1 + (i % 7));
    claimed.push(...batch.map((task) => task.id));
    if (batch.length > 0) continue;
    const { rows } = await pool.query<{ n: string }>("select count(*) as n from server_task where state = 'Queued'");
    if (Number(rows[0]!.n) === 0) return claimed;
  }
}

describe.each(STRATEGY_NAMES)("strategy %s", (strategyName) => {
  it(`${PICKERS} concurrent pickers claim each of ${TASKS} queued tasks exactly once`, async () => {
    await using db = await makeMigratedDatabase();
    const seeded = await seedQueuedTasks(db.pool, TASKS);
    const perPicker = await Promise.all(
      Array.from({ length: PICKERS }, (_, i) => drainQueue(db.makePool(2), strategyName, `picker-${i}`)),
    );
    const all = perPicker.flat();
    expect(all).toHaveLength(TASKS);
    expect(new Set(all).size).toBe(TASKS);
    expect(new Set(all)).toEqual(new Set(seeded.map((task) => task.id)));

    const { rows } = await db.pool.query<{ id: string; state: string; server_node: string; events: string }>(
      `select t.id, t.state, t.server_node,
         (select count(*) from task_event e where e.task_id = t.id and e.from_state = 'Queued' and e.to_state = 'Executing') as events
       from server_task t`);
    const owner = new Map(perPicker.flatMap((ids, i) => ids.map((id) => [id, `picker-${i}`] as const)));
    for (const row of rows) {
      expect(row).toMatchObject({ state: "Executing", server_node: owner.get(row.id), events: "1" });
    }
  });

  it("claims only the oldest queued task of a concurrency tag, and none while one runs", async () => {
    await using db = await makeMigratedDatabase();
    const seeded = await seedQueuedTasks(db.pool, 3, "Projects-1/Environments-1");
    const strategy = makeStrategy(strategyName, { pool: db.pool, nodeName: "n1", options: {}, metrics: testMetrics(), log: quietLog });
    const first = await strategy.claimTasks(10);
    expect(first.map((task) => task.id)).toEqual([seeded[0]!.id]);
    expect(await strategy.claimTasks(10)).toEqual([]);
  });
});

describe.each(STRATEGY_NAMES)("bug pickupWithoutLock over %s", (strategyName) => {
  it(`${PICKERS} racing pickers claim some tasks twice (the 2023.3 double pickup); the audit shows the second claim`, async () => {
    await using db = await makeMigratedDatabase();
    await seedQueuedTasks(db.pool, TASKS);
    const perPicker = await Promise.all(
      Array.from({ length: PICKERS }, (_, i) => drainQueue(db.makePool(2), strategyName, `picker-${i}`, true)),
    );
    const all = perPicker.flat();
    expect(new Set(all).size).toBe(TASKS);
    expect(all.length).toBeGreaterThan(TASKS);
    const { rows } = await db.pool.query<{ extra: number; twice: number }>(
      `select coalesce(sum(claims - 1), 0)::int as extra, count(*) filter (where claims > 1)::int as twice
       from (select count(*) as claims from task_event where to_state = 'Executing' group by task_id) c`);
    expect(rows[0]!.extra).toBe(all.length - TASKS);
    expect(rows[0]!.twice).toBeGreaterThan(0);
  });
});

describe("optimistic compare-and-swap", () => {
  it("counts a conflict, reloads and retries; with maxRetries 0 it gives up", async () => {
    await using db = await makeMigratedDatabase();
    const [task] = await seedQueuedTasks(db.pool, 1);
    const metrics = testMetrics();
    const deps = { pool: db.pool, nodeName: "n1", metrics, log: quietLog };
    const interloper = db.makePool(1);
    // The first attempt loses a race: another writer bumps the version between reload and write.
    let raced = false;
    const retrying = makeStrategy("optimistic", { ...deps, options: { maxRetries: 3 } });
    const result = await retrying.updateTask(task!.id, "transition", async (client, current) => {
      if (!raced) {
        raced = true;
        await updateTaskProgress(interloper, current.id, current.version);
      }
      return applyTransition(deps, client, current, { to: "Executing", reason: "test", serverNode: "n1" });
    });
    expect(result).toMatchObject({ ok: true, value: { kind: "applied", task: { state: "Executing", version: 2 } } });
    expect(await metricValue(metrics, "sim_concurrency_conflicts_total", { operation: "transition" })).toBe(1);
    expect(await metricValue(metrics, "sim_concurrency_retries_total", { operation: "transition" })).toBe(1);

    const naive = makeStrategy("optimistic", { ...deps, options: { maxRetries: 0 } });
    const lost = await naive.updateTask(task!.id, "progress", async (client, current) => {
      await updateTaskProgress(interloper, current.id, current.version);
      return (await updateTaskProgress(client, current.id, current.version)) ?? STALE;
    });
    expect(lost).toEqual({ ok: false, reason: "conflict" });
    expect(await metricValue(metrics, "sim_concurrency_conflicts_total", { operation: "progress" })).toBe(1);
  });
});

describe("pessimistic holdLockAcrossRpc (the naive variant)", () => {
  it("holds the cluster mutex across an RPC, so pickup waits for the RPC to end", async () => {
    await using db = await makeMigratedDatabase();
    await seedQueuedTasks(db.pool, 1);
    const deps = { pool: db.pool, nodeName: "n1", metrics: testMetrics(), log: quietLog };
    expect(hasRpcGuard(makeStrategy("pessimistic", { ...deps, options: {} }))).toBe(false);
    expect(hasRpcGuard(makeStrategy("optimistic", { ...deps, options: {} }))).toBe(false);
    const naive = makeStrategy("pessimistic", { ...deps, options: { holdLockAcrossRpc: true } });
    if (!hasRpcGuard(naive)) throw new Error("expected the naive pessimistic strategy to guard RPCs");

    const advisoryLocks = async (granted: boolean) => {
      const { rows } = await db.pool.query<{ n: number }>(
        "select count(*)::int as n from pg_locks where locktype = 'advisory' and granted = $1 and objid = $2",
        [granted, CLUSTER_MUTEX_KEY]);
      return rows[0]!.n;
    };
    let endRpc!: () => void;
    const rpc = naive.aroundRpc(() => new Promise<string>((resolve) => (endRpc = () => resolve("rpc done"))));
    await pollUntil("the RPC to hold the mutex", 5000, async () => ((await advisoryLocks(true)) === 1 ? true : undefined));
    let claimedIds: string[] | undefined;
    const claim = naive.claimTasks(1).then((tasks) => (claimedIds = tasks.map((task) => task.id)));
    await pollUntil("the pickup to wait for the mutex", 5000, async () => ((await advisoryLocks(false)) === 1 ? true : undefined));
    expect(claimedIds).toBeUndefined();
    endRpc();
    expect(await rpc).toBe("rpc done");
    await claim;
    expect(claimedIds).toHaveLength(1);
  });
});
