-- Initial schema of the reference task server: nodes, the deployment model, tasks and their audit.
-- Applied once per database by migrate.ts under an advisory lock.

create table server_node (
  name text primary key,
  last_seen timestamptz not null,
  max_concurrent_tasks int not null,
  is_draining boolean not null default false,
  rank int not null default 0
);

create table project (
  id text primary key,
  name text not null,
  target_role text not null,
  step_names text[] not null
);

create table environment (
  id text primary key,
  name text not null
);

create table machine (
  id text primary key,
  name text not null,
  environment_id text not null references environment (id),
  roles text[] not null,
  endpoint text not null
);

create index machine_environment_idx on machine (environment_id);

create sequence server_task_seq;

create table server_task (
  id text primary key default 'ServerTasks-' || nextval('server_task_seq'),
  name text not null,
  description text not null,
  state text not null check (state in ('Queued', 'Executing', 'Cancelling', 'Success', 'Failed', 'Canceled', 'TimedOut')),
  project_id text references project (id),
  environment_id text references environment (id),
  concurrency_tag text,
  server_node text,
  queue_time timestamptz not null default clock_timestamp(),
  start_time timestamptz,
  completed_time timestamptz,
  last_updated_time timestamptz not null default clock_timestamp(),
  error_message text,
  version int not null default 0
);

-- The queue query's access path (FIFO over Queued tasks).
create index server_task_queue_idx on server_task (state, queue_time);
-- One executing task per concurrency tag: the pickup looks up running tasks by tag.
create index server_task_tag_idx on server_task (concurrency_tag, state, queue_time);

create table task_event (
  id bigserial primary key,
  task_id text not null references server_task (id),
  from_state text,
  to_state text not null,
  node text,
  time timestamptz not null default clock_timestamp(),
  reason text
);

create index task_event_task_idx on task_event (task_id);

create sequence deployment_seq;

create table deployment (
  id text primary key default 'Deployments-' || nextval('deployment_seq'),
  task_id text not null references server_task (id),
  project_id text not null references project (id),
  environment_id text not null references environment (id)
);
