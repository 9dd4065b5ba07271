// The queue query: up to `limit` Queued tasks FIFO by queue_time, only the head of each concurrency
// tag's queue and only for tags with nothing running, row-locked for the caller's transaction.
// lockMode "wait" blocks on rows other transactions hold; "skip-locked" passes over them.
import type { Queryable } from "../db.ts";
import type { TaskVersion } from "../task-record.ts";

export type ClaimLockMode = "wait" | "skip-locked";

const LOCK_CLAUSES: Record<ClaimLockMode, string> = {
  wait: "for update of t",
  "skip-locked": "for update of t skip locked",
};

export async function selectClaimableTasks(db: Queryable, limit: number, lockMode: ClaimLockMode): Promise<TaskVersion[]> {
  const result = await db.query<TaskVersion>({
    name: `select_claimable_tasks_${lockMode}`,
    text: `select t.id, t.state, t.version
      from server_task t
      where t.state = 'Queued'
        and not exists (
          select 1 from server_task r
          where r.concurrency_tag = t.concurrency_tag and r.state in ('Executing', 'Cancelling'))
        and not exists (
          select 1 from server_task e
          where e.concurrency_tag = t.concurrency_tag and e.state = 'Queued'
            and (e.queue_time, e.id) < (t.queue_time, t.id))
      order by t.queue_time, t.id
      limit $1
      ${LOCK_CLAUSES[lockMode]}`,
    values: [limit],
  });
  return result.rows;
}
