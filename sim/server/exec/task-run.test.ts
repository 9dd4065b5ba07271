// runTask on real PostgreSQL: when the final write itself loses its compare-and-swap (the naive
// optimistic variant, maxRetries 0, against a concurrent writer), the deployment ends Failed on the
// conflict instead of staying Executing for ever.
import { describe, expect, it } from "vitest";
import { noopHistoryFile } from "../history-file.ts";
import { selectTask } from "../sql/selectTask.ts";
import { makeStrategy } from "../strategies/index.ts";
import { makeMigratedDatabase, quietLog, seedQueuedTasks, testMetrics } from "../../testing/server-support.ts";
import { NO_DB_RETRY } from "../db-retry.ts";
import { LOST_WRITE_MESSAGE, runTask } from "./task-run.ts";
import { UnsettledTasks } from "./unsettled-tasks.ts";

describe("runTask", () => {
  it("fails a task whose final write lost its compare-and-swap, with the conflict as its error", async () => {
    await using db = await makeMigratedDatabase();
    await seedQueuedTasks(db.pool, 1);
    const metrics = testMetrics("n1");
    const strategy = makeStrategy("optimistic", { pool: db.pool, nodeName: "n1", options: { maxRetries: 0 }, metrics, log: quietLog });
    const [task] = await strategy.claimTasks(1);
    const executors = {
      // Another writer (an operator's interruption write through another node, say) moves the version on
      // while the script runs, so the owner's Success write misses.
      Deploy: async () => {
        await db.pool.query("update server_task set version = version + 1 where id = $1", [task!.id]);
        return null;
      },
    };
    await runTask({
      pool: db.pool, strategy, bugs: {}, log: quietLog, history: noopHistoryFile, nodeName: "n1", metrics, progressIntervalMs: 60_000, executors,
      dbRetry: NO_DB_RETRY, unsettled: new UnsettledTasks(),
    }, task!, new AbortController().signal);
    const ended = await selectTask(db.pool, task!.id);
    expect(ended).toMatchObject({ state: "Failed", errorMessage: LOST_WRITE_MESSAGE });
  });
});
