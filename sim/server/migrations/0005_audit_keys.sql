-- Fewer index entries per task write (each task gets 2 task_event rows and a few task_log rows, and its
-- row is rewritten at pickup and at the end):
-- - task_event and task_log are read only by task, in id order: their primary key becomes (task_id, id),
--   which serves that read, and the separate task index goes. id alone stays unique (a sequence).
-- - The concurrency-tag index serves only the queue query's look-ups of Queued and running tasks: it
--   now holds only those, so a task that ends leaves it instead of adding an entry.
alter table task_event drop constraint task_event_pkey, add primary key (task_id, id);
drop index task_event_task_idx;
alter table task_log drop constraint task_log_pkey, add primary key (task_id, id);
drop index task_log_task_idx;
drop index server_task_tag_idx;
create index server_task_tag_idx on server_task (concurrency_tag, state, queue_time)
  where state in ('Queued', 'Executing', 'Cancelling');
