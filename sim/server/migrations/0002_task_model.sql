-- The full ServerTask model (domain.md (a)): tenant, queue expiry, pending interruptions; task log
-- lines in their own table; nodes that mark themselves offline on clean shutdown.

alter table server_task
  add column tenant_id text,
  add column queue_time_expiry timestamptz,
  add column has_pending_interruptions boolean not null default false;

create table task_log (
  id bigserial primary key,
  task_id text not null references server_task (id),
  time timestamptz not null default clock_timestamp(),
  node text,
  category text not null check (category in ('Info', 'Warning', 'Error')),
  message text not null
);

create index task_log_task_idx on task_log (task_id, id);

alter table server_node add column is_offline boolean not null default false;

-- The package a project's deployments upload to every target before the first step (0 = none).
alter table project add column package_size_bytes bigint not null default 0;
