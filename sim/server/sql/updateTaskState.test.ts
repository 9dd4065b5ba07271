// Group commit of task state writes on real PostgreSQL: writes made together on a pool go in one
// statement, each still a compare-and-swap of its own, with its own event and log lines.
import { describe, expect, it, vi } from "vitest";
import { makeMigratedDatabase, seedQueuedTasks } from "../../testing/server-support.ts";
import { updateTaskState, type TaskStateWrite } from "./updateTaskState.ts";

const write = (taskId: string, expectedVersion: number | null, message: string): TaskStateWrite => ({
  taskId, expectedVersion, state: "Executing", serverNode: "node-1", completes: false, errorMessage: null, eventNode: "node-1",
  reason: "picked up", logLines: [{ time: new Date(), category: "Info", message }],
});

describe("updateTaskState on a pool (grouped)", () => {
  it("writes concurrent writes to different tasks, each with its event and log lines", async () => {
    await using db = await makeMigratedDatabase();
    const tasks = await seedQueuedTasks(db.pool, 40);
    const statements = vi.spyOn(db.pool, "query");
    const written = await Promise.all(tasks.map((t) => updateTaskState(db.pool, write(t.id, t.version, `line for ${t.id}`))));
    expect(statements.mock.calls.length).toBeLessThanOrEqual(2); // the first write alone, the other 39 together
    statements.mockRestore();
    expect(written.map((w) => [w?.task.id, w?.task.state, w?.previousState])).toEqual(tasks.map((t) => [t.id, "Executing", "Queued"]));
    const { rows } = await db.pool.query<{ task_id: string; message: string; events: string }>(
      `select l.task_id, l.message, (select count(*) from task_event e where e.task_id = l.task_id and e.to_state = 'Executing') as events
       from task_log l order by l.id`);
    expect(new Set(rows.map((r) => `${r.task_id}:${r.message}:${r.events}`))).toEqual(new Set(tasks.map((t) => `${t.id}:line for ${t.id}:1`)));
  });

  it("lets exactly one of two writers holding the same version win; the other writes nothing", async () => {
    await using db = await makeMigratedDatabase();
    const [task] = await seedQueuedTasks(db.pool, 1);
    const [a, b] = await Promise.all([updateTaskState(db.pool, write(task!.id, task!.version, "a")), updateTaskState(db.pool, write(task!.id, task!.version, "b"))]);
    expect([a, b].filter((w) => w !== null)).toHaveLength(1);
    const { rows } = await db.pool.query<{ n: string }>("select count(*) as n from task_log");
    expect(rows[0]!.n).toBe("1");
    expect(await updateTaskState(db.pool, write(task!.id, task!.version, "stale"))).toBeNull();
    expect(await updateTaskState(db.pool, write(task!.id, null, "blind"))).toMatchObject({ previousState: "Executing" });
  });
});
