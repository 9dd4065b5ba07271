// Advisory lock keys (pg_advisory_lock namespace) used by the server, in one place so they never collide.

/** The cluster-wide mutex of the pessimistic strategy. */
export const CLUSTER_MUTEX_KEY = 7_261_001;
/** Serialises migrations when several nodes start together. */
export const MIGRATION_LOCK_KEY = 7_261_002;
