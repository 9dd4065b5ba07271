// Batch writes of one target state, each with its task_event row, in ONE statement (atomic without
// a transaction). updateTaskStates compare-and-swaps given rows on their versions (or blind when
// `blind`); claimQueuedTasks moves the rows the queue query selects and locks, in the same statement.
import type { TaskState } from "../../contracts/index.ts";
import type { Queryable } from "../db.ts";
import type { ServerTaskRecord } from "../task-record.ts";
import { claimableTasksSql, type ClaimLockMode } from "./selectClaimableTasks.ts";
import { TASK_COLUMNS, toTaskRecord, type TaskRow } from "./taskRow.ts";

export interface TaskStatesWrite {
  rows: ReadonlyArray<{ id: string; version: number }>;
  state: TaskState;
  serverNode: string | null;
  completes: boolean;
  blind: boolean;
  /** The task_event rows: who writes and why. */
  eventNode: string;
  reason: string;
}

export interface ClaimWrite {
  limit: number;
  lockMode: Exclude<ClaimLockMode, "none">;
  /** The claiming node: the new server_node and the task_event rows' node. */
  node: string;
  reason: string;
}

export type WrittenState = { task: ServerTaskRecord; previousState: TaskState };

const RETURNED = TASK_COLUMNS.split(",").map((column) => `t.${column.trim()}`).join(", ");

/**
 * The statement: rows of `source` (id, previous_state, expected_version) whose version still matches
 * (or all when $blind) get state $state, owner $node (null keeps it), stamps and version + 1, and a
 * task_event row each. Parameters: $state, $node, $completes, $blind, $eventNode, $reason by name.
 * The rows to update are found by `id = any(array of p's ids)`, an index scan whatever the number of
 * rows: a generic plan does not know it (a claim's limit is a parameter) and its guess of 10% of the
 * queue made a hash join over a scan of the whole table (3.3 ms for a claim of 20 at 13,000 tasks).
 */
function writeStatesSql(source: string, p: Record<"state" | "node" | "completes" | "blind" | "eventNode" | "reason", number>): string {
  return `with p as materialized (${source}),
      u as (update server_task t set
        state = $${p.state}::text,
        server_node = coalesce($${p.node}, t.server_node),
        start_time = case when $${p.state}::text = 'Executing' then clock_timestamp() else t.start_time end,
        completed_time = case when $${p.completes}::boolean then clock_timestamp() else t.completed_time end,
        has_pending_interruptions = case when $${p.completes}::boolean then false else t.has_pending_interruptions end,
        last_updated_time = clock_timestamp(),
        version = t.version + 1
      from p
      where t.id = any(array(select p.id from p)) and t.id = p.id and ($${p.blind}::boolean or t.version = p.expected_version)
      returning ${RETURNED}, p.previous_state),
      e as (insert into task_event (task_id, from_state, to_state, node, reason) select id, previous_state, $${p.state}::text, $${p.eventNode}, $${p.reason} from u)
      select * from u order by queue_time, id`;
}

async function writeStates(db: Queryable, name: string, text: string, values: unknown[]): Promise<WrittenState[]> {
  const result = await db.query<TaskRow & { previous_state: TaskState }>({ name, text, values });
  return result.rows.map((row) => ({ task: toTaskRecord(row), previousState: row.previous_state }));
}

const UPDATE_STATES_SQL = writeStatesSql(
  `select s.id, s.state as previous_state, c.version as expected_version
   from unnest($1::text[], $2::int[]) as c(id, version) join server_task s on s.id = c.id`,
  { state: 3, node: 4, completes: 5, blind: 6, eventNode: 7, reason: 8 },
);

/** Returns the rows written with the state each replaced. */
export async function updateTaskStates(db: Queryable, write: TaskStatesWrite): Promise<WrittenState[]> {
  if (write.rows.length === 0) return [];
  return writeStates(db, "update_task_states", UPDATE_STATES_SQL, [
    write.rows.map((r) => r.id), write.rows.map((r) => r.version), write.state, write.serverNode, write.completes, write.blind,
    write.eventNode, write.reason,
  ]);
}

/** Statement texts by lock mode ($6 is the limit). */
const CLAIM_SQL: Record<ClaimWrite["lockMode"], string> = {
  wait: claimSql("wait"),
  "skip-locked": claimSql("skip-locked"),
};

function claimSql(lockMode: ClaimWrite["lockMode"]): string {
  return writeStatesSql(
    `select q.id, q.state as previous_state, q.version as expected_version from (${claimableTasksSql(lockMode, 6)}) q`,
    { state: 1, node: 2, completes: 3, blind: 4, eventNode: 2, reason: 5 },
  );
}

/** Claims up to `limit` claimable Queued tasks for `node` (Queued -> Executing); returns them FIFO. */
export async function claimQueuedTasks(db: Queryable, write: ClaimWrite): Promise<WrittenState[]> {
  if (write.limit <= 0) return [];
  return writeStates(db, `claim_queued_tasks_${write.lockMode}`, CLAIM_SQL[write.lockMode], [
    "Executing", write.node, false, false, write.reason, write.limit,
  ]);
}
