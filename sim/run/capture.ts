// Reads what the checkers need from the server's database once a pass has drained: every task and
// every recorded transition, as plain data (FinalState). The harness reaches the server over SQL only.

import pg from "pg";
import type { FinalState, TaskEventRow, TaskRow } from "../contracts/index.ts";
import { harnessPgClient } from "../lib/pg-client.ts";

const TASKS_SQL = `
  select id, name, state, project_id, environment_id, concurrency_tag, server_node, error_message, version,
         tenant_id, has_pending_interruptions,
         (extract(epoch from last_updated_time) * 1000)::float8 as last_updated_ms,
         (extract(epoch from queue_time_expiry) * 1000)::float8 as queue_expiry_ms,
         (extract(epoch from queue_time) * 1000)::float8 as queue_ms,
         (extract(epoch from start_time) * 1000)::float8 as start_ms,
         (extract(epoch from completed_time) * 1000)::float8 as completed_ms
  from server_task order by queue_time, id`;

const EVENTS_SQL = `
  select task_id, from_state, to_state, node, reason, (extract(epoch from time) * 1000)::float8 as time_ms
  from task_event order by id`;

const TASK_COUNTS_SQL = `
  select count(*)::int as total,
         count(*) filter (where state not in ('Queued', 'Executing', 'Cancelling'))::int as done
  from server_task`;

export async function captureFinalState(databaseUrl: string): Promise<FinalState> {
  const client = harnessPgClient({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const tasks = (await client.query(TASKS_SQL)).rows.map(
      (r): TaskRow => ({
        id: r.id,
        name: r.name,
        state: r.state,
        projectId: r.project_id,
        environmentId: r.environment_id,
        concurrencyTag: r.concurrency_tag,
        serverNode: r.server_node,
        queueTimeMs: r.queue_ms,
        startTimeMs: r.start_ms,
        completedTimeMs: r.completed_ms,
        errorMessage: r.error_message,
        version: r.version,
        tenantId: r.tenant_id,
        hasPendingInterruptions: r.has_pending_interruptions,
        lastUpdatedTimeMs: r.last_updated_ms,
        queueTimeExpiryMs: r.queue_expiry_ms,
      }),
    );
    const events = (await client.query(EVENTS_SQL)).rows.map(
      (r): TaskEventRow => ({ taskId: r.task_id, fromState: r.from_state, toState: r.to_state, node: r.node, timeMs: r.time_ms, reason: r.reason }),
    );
    return { tasks, events };
  } finally {
    await client.end();
  }
}

/** Tasks in the database and how many of them are terminal (for progress and drain). */
export async function countTasks(client: pg.Client | pg.Pool): Promise<{ total: number; done: number }> {
  return (await client.query<{ total: number; done: number }>(TASK_COUNTS_SQL)).rows[0]!;
}
