-- The queue query walks Queued tasks in (queue_time, id) order and stops once it has its limit. A
-- partial index in exactly that order lets the planner do so even when its row estimate is stale
-- (a queue table's statistics usually are): without it, it read and sorted the whole queue per poll.
create index server_task_queued_order_idx on server_task (queue_time, id) where state = 'Queued';

-- A queue table churns: analyze and vacuum it after a fixed number of changes rather than a fraction
-- of its size, so plans follow a queue that grew from nothing and dead index entries do not pile up.
-- (autovacuum_naptime still paces autovacuum; the embedded server sets it to 1 s.)
alter table server_task set (
  autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 500,
  autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000
);
