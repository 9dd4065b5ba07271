// The node heartbeat: every heartbeatIntervalMs stamps server_node.last_seen and reports the row's
// is_draining flag (so a node can be drained through the database). Failures are logged, not fatal.
import type pg from "pg";
import type { Log } from "./log.ts";
import { updateNodeLastSeen } from "./sql/updateNodeLastSeen.ts";

export interface HeartbeatDeps {
  pool: pg.Pool;
  nodeName: string;
  intervalMs: number;
  log: Log;
  onDraining: (isDraining: boolean) => void;
}

export interface RunningHeartbeat {
  stop(): Promise<void>;
}

export function startHeartbeat(deps: HeartbeatDeps): RunningHeartbeat {
  let inFlight: Promise<void> | null = null;
  const beat = async () => {
    try {
      const row = await updateNodeLastSeen(deps.pool, deps.nodeName);
      if (row) deps.onDraining(row.isDraining);
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
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}
