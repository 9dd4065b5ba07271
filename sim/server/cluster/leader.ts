// Periodic cluster work, done by the leader only (the online node with the lowest rank, re-elected
// on every tick, so a dead leader is replaced once it goes offline): fail the running tasks of nodes
// not seen for reclaimAfterMs, time out Queued tasks past their QueueTimeExpiry, count hung tasks
// (no progress for hungTaskAfterMs) and fail those hung on an online node for failHungTaskAfterMs more
// (hung-tasks.ts), and queue a Health task every healthCheckIntervalMs.
import type pg from "pg";
import type { Log } from "../log.ts";
import type { ServerMetrics } from "../metrics.ts";
import { selectDeadNodeTasks } from "../sql/selectOrphanedTasks.ts";
import { selectExpiredTasks } from "../sql/selectExpiredTasks.ts";
import { selectLeader } from "../sql/selectLeader.ts";
import type { Strategy } from "../strategies/index.ts";
import { failOrphans } from "./fail-orphans.ts";
import { handleHungTasks, newHungTaskWatch } from "./hung-tasks.ts";
import { queueHealthCheckIfDue } from "./health-schedule.ts";
import { timeOutExpired } from "./queue-expiry.ts";

export interface LeaderDeps {
  pool: pg.Pool;
  nodeName: string;
  strategy: Strategy;
  metrics: ServerMetrics;
  log: Log;
  intervalMs: number;
  offlineAfterMs: number;
  reclaimAfterMs: number;
  hungTaskAfterMs: number;
  failHungTaskAfterMs: number;
  /** 0 = no health checks. */
  healthCheckIntervalMs: number;
}

export interface RunningLeaderLoop {
  isLeader(): boolean;
  stop(): Promise<void>;
}

const EXPIRED_PER_TICK = 500;

export function startLeaderLoop(deps: LeaderDeps): RunningLeaderLoop {
  let leader = false;
  let inFlight: Promise<void> | null = null;
  const hungWatch = newHungTaskWatch();

  const work = async () => {
    const dead = await selectDeadNodeTasks(deps.pool, deps.reclaimAfterMs, deps.nodeName);
    if (dead.length > 0) {
      const failed = await failOrphans(deps, dead, (orphan) =>
        `node ${orphan.serverNode} not seen since ${orphan.lastSeen?.toISOString() ?? "ever"}; task failed by leader ${deps.nodeName}`);
      if (failed.length > 0) {
        deps.metrics.reclaims.inc({ reason: "dead-node" }, failed.length);
        deps.log("warn", "leader:reclaimed", { taskIds: failed });
      }
    }
    await timeOutExpired(deps, await selectExpiredTasks(deps.pool, EXPIRED_PER_TICK));
    await handleHungTasks(deps, hungWatch);
    if (deps.healthCheckIntervalMs > 0) await queueHealthCheckIfDue(deps, deps.healthCheckIntervalMs);
  };

  const tick = async () => {
    try {
      const elected = (await selectLeader(deps.pool, deps.offlineAfterMs)) === deps.nodeName;
      if (elected !== leader) deps.log("info", elected ? "leader:elected" : "leader:deposed", {});
      if (elected && !leader) hungWatch.watched.clear(); // watch only what this term of leadership saw
      leader = elected;
      deps.metrics.isLeader.set(leader ? 1 : 0);
      if (leader) await work();
    } catch (error) {
      hungWatch.watched.clear(); // the leader lost sight of the tasks: their watch starts again
      deps.log("warn", "leader:error", { error });
    }
  };
  const timer = setInterval(() => {
    inFlight ??= tick().finally(() => (inFlight = null));
  }, deps.intervalMs);
  return {
    isLeader: () => leader,
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}
