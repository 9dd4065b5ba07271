// The node heartbeat: every heartbeatIntervalMs stamps server_node.last_seen (LastSeen). Failures are
// logged, not fatal; lastBeatMs feeds the heartbeat-age gauge.
import type pg from "pg";
import type { Log } from "./log.ts";
import { updateNodeLastSeen } from "./sql/updateNodeLastSeen.ts";

export interface HeartbeatDeps {
  pool: pg.Pool;
  nodeName: string;
  intervalMs: number;
  log: Log;
}

export interface RunningHeartbeat {
  /** performance.now() of the last heartbeat written. */
  lastBeatMs(): number;
  stop(): Promise<void>;
}

export function startHeartbeat(deps: HeartbeatDeps): RunningHeartbeat {
  let inFlight: Promise<void> | null = null;
  let lastBeatMs = performance.now();
  const beat = async () => {
    try {
      if (await updateNodeLastSeen(deps.pool, deps.nodeName)) lastBeatMs = performance.now();
      else deps.log("warn", "node:heartbeat:missing-row", {});
    } catch (error) {
      deps.log("warn", "node:heartbeat:error", { error });
    }
  };
  const timer = setInterval(() => {
    if (inFlight) return; // a slow beat (db stalled) is not stacked up
    inFlight = beat().finally(() => {
      inFlight = null;
    });
  }, deps.intervalMs);
  return {
    lastBeatMs: () => lastBeatMs,
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}
