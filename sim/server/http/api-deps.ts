// What REST handlers need from the node: the pool, metrics, and who is writing (for task events).
import type pg from "pg";
import type { ServerMetrics } from "../metrics.ts";
import type { TransitionDeps } from "../transitions.ts";

export interface ApiDeps extends TransitionDeps {
  pool: pg.Pool;
  metrics: ServerMetrics;
  apiKey: string;
}
