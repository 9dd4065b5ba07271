// A node's short-lived cache of deploy plans (project + targets by environment): deployments of the
// same project to the same environment share one lookup, and the misses of one turn (the tasks of one
// claim start together) are read in one query. A fixture change is seen by every node within
// PLAN_CACHE_TTL_MS.
import type pg from "pg";
import { selectDeployPlans, type DeployPlan, type DeployPlanKey } from "../sql/selectDeployPlan.ts";

export const PLAN_CACHE_TTL_MS = 1000;

export type PlanLookup = (projectId: string, environmentId: string) => Promise<DeployPlan | null>;

type Miss = DeployPlanKey & { resolve: (plan: DeployPlan | null) => void; reject: (error: unknown) => void };

export function makePlanCache(pool: pg.Pool, ttlMs = PLAN_CACHE_TTL_MS, nowMs: () => number = () => performance.now()): PlanLookup {
  const entries = new Map<string, { plan: Promise<DeployPlan | null>; expiresMs: number }>();
  let misses: Miss[] = [];
  const readMisses = () => {
    const batch = misses;
    misses = [];
    selectDeployPlans(pool, batch).then(
      (plans) => batch.forEach((miss, i) => miss.resolve(plans[i]!)),
      (error: unknown) => batch.forEach((miss) => miss.reject(error)),
    );
  };
  return (projectId, environmentId) => {
    const key = `${projectId}\u0000${environmentId}`;
    const now = nowMs();
    const hit = entries.get(key);
    if (hit && hit.expiresMs > now) return hit.plan;
    if (entries.size > 10_000) entries.clear();
    const plan = new Promise<DeployPlan | null>((resolve, reject) => {
      if (misses.length === 0) queueMicrotask(readMisses);
      misses.push({ projectId, environmentId, resolve, reject });
    });
    entries.set(key, { plan, expiresMs: now + ttlMs });
    plan.catch(() => entries.delete(key));
    return plan;
  };
}
