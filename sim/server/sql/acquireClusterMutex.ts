// Takes the cluster-wide mutex for the rest of the caller's transaction (released at commit/rollback).
import type { Queryable } from "../db.ts";
import { CLUSTER_MUTEX_KEY } from "./advisoryLockKeys.ts";

export async function acquireClusterMutex(db: Queryable): Promise<void> {
  await db.query({ name: "acquire_cluster_mutex", text: `select pg_advisory_xact_lock($1)`, values: [CLUSTER_MUTEX_KEY] });
}
