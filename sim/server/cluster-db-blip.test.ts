// Real node processes; node-a, the only executor, reaches PostgreSQL through its own toxiproxy link
// (sim/testing/linked-cluster.ts). Its link fails while it runs deployments whose scripts all succeed:
// cut (proxy disabled), reset_peer or timeout toxics, for a window longer than its pool's acquire
// timeout (it goes offline) and for a short one, over its final writes and over its progress writes.
// After heal and a bounded drain, under each strategy: every task is terminal and Success (or Canceled
// when an operator canceled it meanwhile), its scripts ran once, and its audit is legal.
import { describe, expect, it } from "vitest";
import type { ServerNodeConfig } from "../contracts/index.ts";
import { startLinkedCluster, type LinkedCluster } from "../testing/linked-cluster.ts";
import { pollUntil } from "../lib/poll.ts";
import { drainTasks, type TaskOutcome } from "../testing/task-audit.ts";
import { STRATEGY_NAMES } from "./strategies/index.ts";

const DEPLOYMENTS = 4;
/** node-a's pool gives up waiting for a connection after this. */
const ACQUIRE_TIMEOUT_MS = 500;
/** Longer than the acquire timeout, offlineAfterMs, hungTaskAfterMs and the default dbRetryForMs. */
const LONG_WINDOW_MS = 3_000;
/** Shorter than the acquire timeout and offlineAfterMs. */
const SHORT_WINDOW_MS = 300;
const DRAIN_MS = 15_000;
const BASE = {
  pollIntervalMs: 50, heartbeatIntervalMs: 100, offlineAfterMs: 500, progressIntervalMs: 100, hungTaskAfterMs: 1_000,
  reclaimAfterMs: 600_000, dbAcquireTimeoutMs: ACQUIRE_TIMEOUT_MS,
} satisfies Partial<ServerNodeConfig>;

const start = (strategy: string, nodeA: Partial<ServerNodeConfig> = {}, stepNames?: string[]) =>
  startLinkedCluster({ strategy, deployments: DEPLOYMENTS, base: BASE, nodeA, ...(stepNames ? { stepNames } : {}) });

/** A fault window: how long the link stays broken (not a wait for readiness). */
const window = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const STEPS = ["Deploy", "Verify"];
const ticketsOf = (rig: LinkedCluster, taskId: string) => rig.cluster.tentacle.starts.filter((s) => s.taskId === taskId).map((s) => s.ticket);

/** Every task Success, written by node-a after its claim, no illegal transition, each step's script started once. */
function expectAllSucceededOnce(rig: LinkedCluster, outcomes: readonly TaskOutcome[], steps = ["Deploy"]): void {
  expect(outcomes.map((o) => [o.id, o.state, o.errorMessage])).toEqual(outcomes.map((o) => [o.id, "Success", null]));
  for (const o of outcomes) {
    expect(o.events).toEqual(["null->Queued@node-b", "Queued->Executing@node-a", "Executing->Success@node-a"]);
    expect(o.illegal).toEqual([]);
    expect(ticketsOf(rig, o.id)).toEqual(steps.map((step) => `${o.id}/node-a/${step}/Machines-1`));
  }
}

type LinkFault = { name: string; apply: (rig: LinkedCluster) => Promise<void> };
const FAULTS: LinkFault[] = [
  { name: "down", apply: (rig) => rig.link.cut() },
  { name: "reset_peer", apply: (rig) => rig.link.poison("reset_peer", "downstream", { timeout: 0 }) },
  { name: "timeout", apply: (rig) => rig.link.poison("timeout", "upstream", { timeout: 400 }) },
];

describe.each(STRATEGY_NAMES)("%s: node-a's database link fails while its deployments run", (strategy) => {
  it.each(FAULTS)("$name, longer than the acquire timeout, over the final writes: the node keeps its tasks and ends them Success, once", async (fault) => {
    await using rig = await start(strategy);
    const taskIds = await rig.deployAll();
    await rig.waitRunning(taskIds);
    await fault.apply(rig);
    rig.cluster.tentacle.release(); // the scripts succeed while node-a cannot write
    await rig.waitNodeAOffline();
    await window(LONG_WINDOW_MS);
    await rig.link.heal();
    expectAllSucceededOnce(rig, await drainTasks(rig.cluster, taskIds, DRAIN_MS));
  }, 90_000);

  it("down for less than the acquire timeout over the final writes: the executions' own retries end them Success within the drain, before node-a's next poll", async () => {
    // Polls 5 s apart: the tasks are claimed at one poll, and only the executions' retries (not the poll's
    // reconciliation) can write them within the 2 s drain.
    await using rig = await start(strategy, { pollIntervalMs: 5_000 });
    const taskIds = await rig.deployAll();
    await rig.waitRunning(taskIds);
    await rig.link.cut();
    rig.cluster.tentacle.release();
    await window(SHORT_WINDOW_MS);
    await rig.link.heal();
    expectAllSucceededOnce(rig, await drainTasks(rig.cluster, taskIds, 2_000));
  }, 90_000);

  it("down over the progress writes only (the scripts finish after heal): every deployment ends Success, once", async () => {
    await using rig = await start(strategy);
    const taskIds = await rig.deployAll();
    await rig.waitRunning(taskIds);
    await rig.link.cut();
    await rig.waitNodeAOffline();
    await window(LONG_WINDOW_MS);
    const healedAt = new Date();
    await rig.link.heal();
    await pollUntil("a progress write of every task after heal", 10_000, async () => {
      const { rows } = await rig.cluster.pool.query(`select count(*)::int as n from server_task where id = any($1) and last_updated_time > $2`, [taskIds, healedAt]);
      return rows[0].n === taskIds.length ? true : undefined;
    });
    rig.cluster.tentacle.release();
    expectAllSucceededOnce(rig, await drainTasks(rig.cluster, taskIds, DRAIN_MS));
  }, 90_000);

  it("down between two steps: no next step starts until a progress write confirms the task; one canceled meanwhile ends Canceled", async () => {
    await using rig = await start(strategy, { dbRetryForMs: 30_000 }, STEPS);
    const taskIds = await rig.deployAll();
    await rig.waitRunning(taskIds);
    await rig.link.cut();
    rig.cluster.tentacle.release(); // the first step succeeds everywhere while node-a cannot write
    await rig.waitNodeAOffline();
    const [canceled, ...others] = taskIds;
    const cancel = await rig.cluster.api("node-b", `/api/tasks/${canceled}/cancel`, { method: "POST" });
    expect(await cancel.json()).toMatchObject({ State: "Cancelling", ServerNode: "node-a" });
    await window(LONG_WINDOW_MS);
    expect(rig.cluster.tentacle.starts.filter((s) => s.stepName === "Verify")).toEqual([]);
    await rig.link.heal();
    await pollUntil("the next step of the others", 10_000, async () =>
      (others.every((id) => ticketsOf(rig, id).length === 2) ? true : undefined));
    rig.cluster.tentacle.release();
    const [canceledOutcome, ...succeeded] = await drainTasks(rig.cluster, taskIds, DRAIN_MS);
    expectAllSucceededOnce(rig, succeeded, STEPS);
    expect(canceledOutcome).toMatchObject({ state: "Canceled", illegal: [] });
    expect(canceledOutcome!.events).toEqual(["null->Queued@node-b", "Queued->Executing@node-a", "Executing->Cancelling@node-b", "Cancelling->Canceled@node-a"]);
    expect(ticketsOf(rig, canceled!)).toEqual([`${canceled}/node-a/Deploy/Machines-1`]);
  }, 90_000);
});
