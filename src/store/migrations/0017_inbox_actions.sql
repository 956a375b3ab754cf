-- Acting through the inbox that owns a conversation: nilai posts a message, resolves or assigns it in
-- Chatwoot (its API) or asks an events-API inbox to (a signed `action.requested` webhook). Each action is
-- a row written in the transaction of the decision that caused it, with its job, so none is lost; the
-- worker records the outcome (retried with backoff on temporary failures).
create table inbox_actions (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces on delete cascade,
  conversation_id uuid not null references conversations on delete cascade,
  channel_id uuid not null references channels on delete cascade,
  kind text not null check (kind in ('message', 'resolve', 'assign')),
  -- message: {text}; resolve: {closingMessage?}; assign: {assigneeUserId?, chatwootAgentId?, chatwootTeamId?}
  payload jsonb not null,
  -- Who decided it (auto_responder, auto_resolve, allocation, …) and why, in words shown to users.
  source text not null,
  reason text not null,
  status text not null default 'queued' check (status in ('queued', 'done', 'failed')),
  attempts integer not null default 0,
  last_error text,
  -- The id Chatwoot gave the message nilai posted (its webhook echoes it back: not an agent's reply).
  provider_message_id text,
  created_at timestamptz not null default now(),
  done_at timestamptz
);
create index inbox_actions_conversation on inbox_actions (conversation_id, created_at);
create index inbox_actions_provider_message on inbox_actions (channel_id, provider_message_id) where provider_message_id is not null;

-- Inbox automation settings, one simple document per workspace and kind (auto_responder, auto_resolve);
-- division overrides live inside the document.
create table automation_settings (
  workspace_id uuid not null references workspaces on delete cascade,
  kind text not null check (kind in ('auto_responder', 'auto_resolve')),
  document jsonb not null,
  updated_at timestamptz not null default now(),
  primary key (workspace_id, kind)
);

-- Auto resolve: asked of the inbox (until the resolve comes back, a customer message or a reopen), and
-- whether the resolve in force was nilai's (reports filter auto- vs agent-resolved).
alter table conversations add column auto_resolve_requested_at timestamptz;
alter table conversations add column auto_resolved boolean not null default false;
