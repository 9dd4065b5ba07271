-- task_event and task_log are append-only and written only for a task row that exists: in the same
-- statement as the task update they record (from its RETURNING rows), or after the insert that
-- created the task; tasks are never deleted. Their foreign keys checked that again per row, with a
-- key-share lock on the task row, and cost about 11% of PostgreSQL's CPU under the engine benchmark
-- (perf). Octopus's own event and log stores do not reference ServerTask rows either.
alter table task_event drop constraint task_event_task_id_fkey;
alter table task_log drop constraint task_log_task_id_fkey;
