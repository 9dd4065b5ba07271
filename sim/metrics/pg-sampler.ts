// Samples PostgreSQL contention into metric families, for the scraper (one round per second): sessions
// of the run's database by state and wait event (advisory lock, tuple = row lock, transactionid, ...),
// locks by type, mode and granted, and the database's deadlock and transaction counters. The lock
// waits the report charts (advisory, tuple = row lock, transactionid) are always present, at 0 when
// nobody waits, so their series exist before the first wait.
import type { ScrapedFamily } from "../contracts/index.ts";

/** The part of a pg Client/Pool the sampler uses. */
export interface PgQueryable {
  query<R = Record<string, unknown>>(text: string): Promise<{ rows: R[] }>;
}

const SESSIONS_SQL = `
  select coalesce(state, 'unknown') as state, coalesce(wait_event_type, 'none') as wait_event_type,
         coalesce(wait_event, 'none') as wait_event, count(*)::int as n
  from pg_stat_activity
  where datname = current_database() and pid <> pg_backend_pid()
  group by 1, 2, 3`;

const LOCKS_SQL = `
  select l.locktype, l.mode, l.granted::text as granted, count(*)::int as n
  from pg_locks l join pg_stat_activity a on a.pid = l.pid
  where a.datname = current_database() and l.pid <> pg_backend_pid()
  group by 1, 2, 3`;

const DATABASE_SQL = `
  select deadlocks::float8 as deadlocks, xact_commit::float8 as commits, xact_rollback::float8 as rollbacks
  from pg_stat_database where datname = current_database()`;

/** Lock waits present in every sample (0 when nobody waits on them). */
const CHARTED_LOCK_WAITS = ["advisory", "tuple", "transactionid"] as const;

/** A sampler for startScraper's `collect`: three catalogue queries, no locks taken. */
export function makePgSampler(db: PgQueryable): () => Promise<ScrapedFamily[]> {
  return async () => {
    const sessions = (await db.query<{ state: string; wait_event_type: string; wait_event: string; n: number }>(SESSIONS_SQL)).rows;
    for (const event of CHARTED_LOCK_WAITS) {
      if (!sessions.some((r) => r.wait_event_type === "Lock" && r.wait_event === event)) sessions.push({ state: "active", wait_event_type: "Lock", wait_event: event, n: 0 });
    }
    const locks = (await db.query<{ locktype: string; mode: string; granted: string; n: number }>(LOCKS_SQL)).rows;
    const stats = (await db.query<{ deadlocks: number; commits: number; rollbacks: number }>(DATABASE_SQL)).rows[0];
    const counter = (name: string, value: number | undefined): ScrapedFamily => ({ name, type: "counter", samples: [{ name, labels: {}, value: value ?? 0 }] });
    return [
      { name: "pg_sessions", type: "gauge", samples: sessions.map((r) => ({ name: "pg_sessions", labels: { state: r.state, wait_event_type: r.wait_event_type, wait_event: r.wait_event }, value: r.n })) },
      { name: "pg_locks", type: "gauge", samples: locks.map((r) => ({ name: "pg_locks", labels: { locktype: r.locktype, mode: r.mode, granted: r.granted }, value: r.n })) },
      counter("pg_deadlocks_total", stats?.deadlocks),
      counter("pg_xact_commit_total", stats?.commits),
      counter("pg_xact_rollback_total", stats?.rollbacks),
    ];
  };
}
