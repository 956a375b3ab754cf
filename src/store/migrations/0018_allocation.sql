-- Agent allocation (issue 17 part B): per-division settings, each open conversation nilai allocates
-- (waiting for an agent or assigned), and the agents' Chatwoot availability. The assignments themselves
-- are inbox actions (0017_inbox_actions.sql, kind 'assign', source 'allocation').

create table allocation_settings (
  division_id uuid primary key references divisions on delete cascade,
  workspace_id uuid not null references workspaces on delete cascade,
  enabled boolean not null default false,
  method text not null default 'round_robin' check (method in ('round_robin', 'least_open')),
  workload_limit integer check (workload_limit between 1 and 1000),
  workload_scope text not null default 'all_channels' check (workload_scope in ('all_channels', 'per_channel')),
  takeover_allowed boolean not null default true,
  reassign_allowed boolean not null default false,
  idle_minutes integer check (idle_minutes between 1 and 10080),
  chatwoot_team_id integer,
  -- Round robin goes on after the agent (nilai user) last given a conversation.
  last_user_id uuid,
  updated_at timestamptz not null default now()
);
create index allocation_settings_workspace on allocation_settings (workspace_id);

-- An open conversation under auto allocation: waiting (queued for a free agent) or assigned to a user
-- through a Chatwoot agent. Deleted when the conversation resolves, which frees the agent's slot.
create table conversation_allocations (
  conversation_id uuid primary key references conversations on delete cascade,
  workspace_id uuid not null references workspaces on delete cascade,
  division_id uuid not null references divisions on delete cascade,
  channel_id uuid not null references channels on delete cascade,
  status text not null check (status in ('waiting', 'assigned')),
  user_id uuid references users on delete set null,
  chatwoot_agent_id integer,
  queued_at timestamptz not null default now(),
  assigned_at timestamptz
);
create index conversation_allocations_waiting on conversation_allocations (workspace_id, queued_at) where status = 'waiting';
create index conversation_allocations_user on conversation_allocations (user_id) where status = 'assigned';

-- Chatwoot's availability_status of each agent (GET /api/v1/accounts/{id}/agents), read periodically.
alter table chatwoot_agents add column availability text check (availability in ('online', 'busy', 'offline'));
alter table chatwoot_agents add column availability_at timestamptz;
