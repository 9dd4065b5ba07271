// What REST handlers need from the node: the pool, metrics, its strategy (for writes to tasks other
// nodes may be writing too), who is writing (for task events), the node's history (acknowledged
// interruption-flag writes), and the offline grace (node list).
import type pg from "pg";
import type { HistoryFile } from "../history-file.ts";
import type { ServerMetrics } from "../metrics.ts";
import type { Strategy } from "../strategies/index.ts";
import type { TransitionDeps } from "../transitions.ts";

export interface ApiDeps extends TransitionDeps {
  pool: pg.Pool;
  metrics: ServerMetrics;
  apiKey: string;
  strategy: Strategy;
  offlineAfterMs: number;
  history: HistoryFile;
}
