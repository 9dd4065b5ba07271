// The queue query: up to `limit` Queued tasks FIFO by queue_time, not past their QueueTimeExpiry,
// only the head of each concurrency tag's queue and only for tags with nothing running, row-locked
// for the caller's transaction. lockMode "wait" blocks on rows other transactions hold;
// "skip-locked" passes over them; "none" takes no lock at all (the pickupWithoutLock bug).
import type { Queryable } from "../db.ts";
import { TASK_VERSION_COLUMNS, type TaskVersion } from "../task-record.ts";

export type ClaimLockMode = "wait" | "skip-locked" | "none";

const LOCK_CLAUSES: Record<ClaimLockMode, string> = {
  wait: "for update of t",
  "skip-locked": "for update of t skip locked",
  none: "",
};

const COLUMNS = TASK_VERSION_COLUMNS.split(",").map((column) => `t.${column.trim()}`).join(", ");

/**
 * The queue query's text, its row limit in parameter `$<limitParam>`; also the source of
 * claimQueuedTasks. One statement per lock mode: the node's connections run generic plans (db.ts).
 */
export function claimableTasksSql(lockMode: ClaimLockMode, limitParam: number): string {
  return `select ${COLUMNS}
      from server_task t
      where t.state = 'Queued'
        and (t.queue_time_expiry is null or t.queue_time_expiry > clock_timestamp())
        and not exists (
          select 1 from server_task r
          where r.concurrency_tag = t.concurrency_tag and r.state in ('Executing', 'Cancelling'))
        and not exists (
          select 1 from server_task e
          where e.concurrency_tag = t.concurrency_tag and e.state = 'Queued'
            and (e.queue_time, e.id) < (t.queue_time, t.id))
      order by t.queue_time, t.id
      limit $${limitParam}::int
      ${LOCK_CLAUSES[lockMode]}`;
}

/** The queue query's statement by lock mode ($1 is the limit), built once. */
const SELECT_CLAIMABLE: Record<ClaimLockMode, { name: string; text: string }> = {
  wait: { name: "select_claimable_tasks_wait", text: claimableTasksSql("wait", 1) },
  "skip-locked": { name: "select_claimable_tasks_skip-locked", text: claimableTasksSql("skip-locked", 1) },
  none: { name: "select_claimable_tasks_none", text: claimableTasksSql("none", 1) },
};

export async function selectClaimableTasks(db: Queryable, limit: number, lockMode: ClaimLockMode): Promise<TaskVersion[]> {
  if (limit <= 0) return [];
  const result = await db.query<TaskVersion>({ ...SELECT_CLAIMABLE[lockMode], values: [limit] });
  return result.rows;
}
