-- Divisions mapped to Chatwoot inboxes (issue 17): a conversation from one of these inbox ids belongs to
-- the division. Null: the division claims no inbox (a save without the field keeps what was saved).
alter table allocation_settings add column chatwoot_inbox_ids integer[];
create index allocation_settings_chatwoot_inboxes on allocation_settings using gin (chatwoot_inbox_ids);

-- Agents' availability as an events-API inbox reports it (PUT /api/v1/agents/:id/availability), for
-- allocation on those inboxes; an agent never reported counts as online. Chatwoot's comes from Chatwoot
-- (chatwoot_agents.availability).
create table agent_availability (
  user_id uuid primary key references users on delete cascade,
  workspace_id uuid not null references workspaces on delete cascade,
  availability text not null check (availability in ('online', 'busy', 'offline')),
  updated_at timestamptz not null default now()
);
