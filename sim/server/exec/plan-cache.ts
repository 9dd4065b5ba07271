// A node's short-lived cache of deploy plans (project + targets by environment): deployments of the
// same project to the same environment queued together share one lookup. A fixture change is seen by
// every node within PLAN_CACHE_TTL_MS.
import type pg from "pg";
import { selectDeployPlan, type DeployPlan } from "../sql/selectDeployPlan.ts";

export const PLAN_CACHE_TTL_MS = 1000;

export type PlanLookup = (projectId: string, environmentId: string) => Promise<DeployPlan | null>;

export function makePlanCache(pool: pg.Pool, ttlMs = PLAN_CACHE_TTL_MS, nowMs: () => number = () => performance.now()): PlanLookup {
  const entries = new Map<string, { plan: Promise<DeployPlan | null>; expiresMs: number }>();
  return (projectId, environmentId) => {
    const key = `${projectId}\u0000${environmentId}`;
    const now = nowMs();
    const hit = entries.get(key);
    if (hit && hit.expiresMs > now) return hit.plan;
    if (entries.size > 10_000) entries.clear();
    const plan = selectDeployPlan(pool, projectId, environmentId);
    entries.set(key, { plan, expiresMs: now + ttlMs });
    plan.catch(() => entries.delete(key));
    return plan;
  };
}
