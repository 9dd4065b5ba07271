// The task list on real PostgreSQL with a node's session settings (generic plans): each combination of
// filters is its own statement and returns exactly the matching tasks, newest first, with their count.
import { describe, expect, it } from "vitest";
import { makeMigratedDatabase, seedQueuedTasks } from "../../testing/server-support.ts";
import { countTasks, selectTasks, type TaskFilter } from "./selectTasks.ts";

describe("selectTasks and countTasks", () => {
  it("filter by state, name and node in every combination, on a pool running generic plans", async () => {
    await using db = await makeMigratedDatabase();
    const { rows: [mode] } = await db.pool.query<{ plan_cache_mode: string }>("show plan_cache_mode");
    expect(mode!.plan_cache_mode).toBe("force_generic_plan");
    const tasks = await seedQueuedTasks(db.pool, 6);
    // Tasks 0-1 stay Queued; 2-3 run on node-a; 4-5 succeeded on node-b, 5 as a Health task.
    const set = (index: number, state: string, node: string, name = "Deploy") =>
      db.pool.query("update server_task set state = $2, server_node = $3, name = $4 where id = $1", [tasks[index]!.id, state, node, name]);
    await Promise.all([set(2, "Executing", "node-a"), set(3, "Executing", "node-a"), set(4, "Success", "node-b"), set(5, "Success", "node-b", "Health")]);
    const ids = (indexes: number[]) => indexes.map((i) => tasks[i]!.id).reverse(); // newest first
    const cases: Array<[TaskFilter, number[]]> = [
      [{ states: null, name: null, node: null }, [0, 1, 2, 3, 4, 5]],
      [{ states: ["Queued"], name: null, node: null }, [0, 1]],
      [{ states: ["Executing", "Success"], name: null, node: null }, [2, 3, 4, 5]],
      [{ states: null, name: "Health", node: null }, [5]],
      [{ states: null, name: null, node: "node-a" }, [2, 3]],
      [{ states: ["Success"], name: "Deploy", node: null }, [4]],
      [{ states: ["Success"], name: null, node: "node-a" }, []],
      [{ states: null, name: "Deploy", node: "node-b" }, [4]],
      [{ states: ["Success"], name: "Health", node: "node-b" }, [5]],
    ];
    for (const [filter, expected] of cases) {
      const page = await selectTasks(db.pool, { ...filter, skip: 0, take: 10 });
      expect(page.map((t) => t.id), JSON.stringify(filter)).toEqual(ids(expected));
      expect(await countTasks(db.pool, filter), JSON.stringify(filter)).toBe(expected.length);
    }
    const second = await selectTasks(db.pool, { states: null, name: null, node: null, skip: 2, take: 2 });
    expect(second.map((t) => t.id)).toEqual(ids([0, 1, 2, 3, 4, 5]).slice(2, 4));
  });
});
