// Writes task states in ONE statement (atomic with or without a transaction): per write, the row
// update compare-and-swapped on its version (blind when expectedVersion is null, the bug paths), its
// task_event row and its log lines; stamps start/completed/last-updated times and bumps the version.
// Writes made on a pool are grouped: while one statement is in flight, later writes wait and go
// together in the next (group commit); a client in a transaction writes at once.
import pg from "pg";
import type { TaskState } from "../../contracts/index.ts";
import type { Queryable } from "../db.ts";
import type { ServerTaskRecord } from "../task-record.ts";
import type { TaskLogLine } from "./insertTaskLogLines.ts";
import { TASK_COLUMNS, toTaskRecord, type TaskRow } from "./taskRow.ts";

export interface TaskStateWrite {
  taskId: string;
  /** null writes whatever the row holds now (no compare-and-swap). */
  expectedVersion: number | null;
  state: TaskState;
  /** Set server_node (null keeps the current owner). */
  serverNode: string | null;
  /** Stamp completed_time and clear pending interruptions (the new state is terminal). */
  completes: boolean;
  /** Set error_message (null keeps the current one). */
  errorMessage: string | null;
  /** The task_event row: who writes and why. */
  eventNode: string;
  reason: string;
  /** Log lines appended with the change (by eventNode). */
  logLines?: readonly TaskLogLine[];
}

export type WrittenTaskState = { task: ServerTaskRecord; previousState: TaskState } | null;

/** Most writes in one statement. */
const MAX_BATCH = 100;
const RETURNED = TASK_COLUMNS.split(",").map((column) => `t.${column.trim()}`).join(", ");

// Several writes to one task in a batch: only the first is tried (the others answer null, as a moved
// version would, and their writers reload and retry).
// Each array parameter is read through `(select $n)`: the planner then cannot see the array's length
// in a custom plan either, the custom and generic plans cost the same, and PostgreSQL keeps the cached
// generic plan instead of planning the statement at every execution (batch of 5: 1.25 -> 0.9 ms, of 1:
// 1.1 -> 0.7 ms, the same at 20; a prepared statement in a rolled-back transaction, PostgreSQL 18).
// A node's connections now force generic plans anyway (db.ts); this keeps the statement cheap on a
// connection left at PostgreSQL's defaults.
const BATCH_SQL = `with w as materialized (
    select * from unnest((select $1::text[]), (select $2::int[]), (select $3::text[]), (select $4::text[]), (select $5::boolean[]),
      (select $6::text[]), (select $7::text[]), (select $8::text[]))
      with ordinality as w(task_id, expected_version, state, server_node, completes, error_message, event_node, reason, idx)),
  p as materialized (
    select distinct on (w.task_id) w.*, s.state as previous_state
    from w join server_task s on s.id = w.task_id
    order by w.task_id, w.idx),
  u as (
    update server_task t set
      state = p.state,
      server_node = coalesce(p.server_node, t.server_node),
      start_time = case when p.state = 'Executing' then clock_timestamp() else t.start_time end,
      completed_time = case when p.completes then clock_timestamp() else t.completed_time end,
      has_pending_interruptions = case when p.completes then false else t.has_pending_interruptions end,
      error_message = coalesce(p.error_message, t.error_message),
      last_updated_time = clock_timestamp(),
      version = t.version + 1
    from p
    where t.id = p.task_id and (p.expected_version is null or t.version = p.expected_version)
    returning ${RETURNED}, p.previous_state, p.idx as write_index, p.event_node, p.reason),
  e as (insert into task_event (task_id, from_state, to_state, node, reason)
    select id, previous_state, state, event_node, reason from u),
  l as (insert into task_log (task_id, node, time, category, message)
    select u.id, u.event_node, x.time, x.category, x.message
    from u join unnest((select $9::int[]), (select $10::timestamptz[]), (select $11::text[]), (select $12::text[])) as x(write_index, time, category, message)
      on x.write_index = u.write_index)
  select * from u`;

/** The new row and the state it replaced, or null when the version moved on (then nothing at all was written). */
export function updateTaskState(db: Queryable, write: TaskStateWrite): Promise<WrittenTaskState> {
  if (db instanceof pg.Pool) return groupFor(db)(write);
  return writeBatch(db, [write]).then((written) => written[0]!);
}

async function writeBatch(db: Queryable, writes: readonly TaskStateWrite[]): Promise<WrittenTaskState[]> {
  const lines = writes.flatMap((w, i) => (w.logLines ?? []).map((line) => ({ index: i + 1, line })));
  const result = await db.query<TaskRow & { previous_state: TaskState; write_index: string }>({
    name: "update_task_state_batch",
    text: BATCH_SQL,
    values: [
      writes.map((w) => w.taskId), writes.map((w) => w.expectedVersion), writes.map((w) => w.state), writes.map((w) => w.serverNode),
      writes.map((w) => w.completes), writes.map((w) => w.errorMessage), writes.map((w) => w.eventNode), writes.map((w) => w.reason),
      lines.map((l) => l.index), lines.map((l) => l.line.time.toISOString()), lines.map((l) => l.line.category), lines.map((l) => l.line.message),
    ],
  });
  const written: WrittenTaskState[] = writes.map(() => null);
  for (const row of result.rows) written[Number(row.write_index) - 1] = { task: toTaskRecord(row), previousState: row.previous_state };
  return written;
}

type Pending = { write: TaskStateWrite; resolve: (value: WrittenTaskState) => void; reject: (error: unknown) => void };
const groups = new WeakMap<pg.Pool, (write: TaskStateWrite) => Promise<WrittenTaskState>>();

/** One group-commit queue per pool: at most one statement in flight; what arrives meanwhile goes next. */
function groupFor(pool: pg.Pool): (write: TaskStateWrite) => Promise<WrittenTaskState> {
  let group = groups.get(pool);
  if (group) return group;
  const queue: Pending[] = [];
  let inFlight = false;
  const flush = async () => {
    inFlight = true;
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      try {
        const written = await writeBatch(pool, batch.map((p) => p.write));
        batch.forEach((p, i) => p.resolve(written[i]!));
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    inFlight = false;
  };
  group = (write) => new Promise<WrittenTaskState>((resolve, reject) => {
    queue.push({ write, resolve, reject });
    if (!inFlight) void flush();
  });
  groups.set(pool, group);
  return group;
}
