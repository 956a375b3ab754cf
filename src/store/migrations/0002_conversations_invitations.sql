-- Events intake, conversation state, invitations (the outbox of surveys), skips and responses.
alter table channels add column config jsonb not null default '{}';
alter table channels add column secret_encrypted text;

create table contacts (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces on delete cascade,
  external_id text not null,
  name text,
  phone text,
  email text,
  locale text,
  opted_out_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, external_id)
);

create table conversations (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces on delete cascade,
  external_id text not null,
  channel_id uuid not null references channels,
  contact_id uuid not null references contacts,
  agent_id uuid references users on delete set null,
  division_id uuid references divisions on delete set null,
  tags text[] not null default '{}',
  status text not null check (status in ('open', 'resolved')),
  opened_at timestamptz,
  first_customer_message_at timestamptz,
  first_agent_response_at timestamptz,
  resolved_at timestamptz,
  reopen_count integer not null default 0,
  messages jsonb not null default '[]',
  updated_at timestamptz not null default now(),
  unique (workspace_id, external_id)
);
create index conversations_contact on conversations (contact_id);

-- Every accepted event, once: the idempotency record and the source the conversation state is folded from.
create table events (
  seq bigserial primary key,
  workspace_id uuid not null references workspaces on delete cascade,
  event_id text not null,
  conversation_id uuid not null references conversations on delete cascade,
  type text not null,
  occurred_at timestamptz not null,
  received_at timestamptz not null default now(),
  payload jsonb not null,
  unique (workspace_id, event_id)
);
create index events_conversation on events (conversation_id, occurred_at, seq);

create table invitations (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces on delete cascade,
  conversation_id uuid not null references conversations on delete cascade,
  contact_id uuid not null references contacts on delete cascade,
  channel_id uuid not null references channels,
  token_hash bytea not null unique,
  survey_types text[] not null,
  settings_version integer not null,
  language text not null,
  trigger text not null check (trigger in ('resolve', 'manual')),
  status text not null check (status in ('scheduled', 'sending', 'sent', 'delivered', 'answered', 'expired', 'cancelled', 'failed')),
  status_reason text,
  send_after timestamptz not null,
  expires_at timestamptz not null,
  attempts integer not null default 0,
  sent_at timestamptz,
  delivered_at timestamptz,
  opened_at timestamptz,
  answered_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index invitations_conversation on invitations (conversation_id);
create index invitations_contact on invitations (contact_id, created_at);
create index invitations_due on invitations (expires_at) where status in ('scheduled', 'sending', 'sent', 'delivered');

create table survey_skips (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces on delete cascade,
  conversation_id uuid not null references conversations on delete cascade,
  channel_id uuid not null references channels,
  trigger text not null,
  reason text not null,
  settings_version integer not null,
  created_at timestamptz not null default now()
);
create index survey_skips_workspace on survey_skips (workspace_id, created_at);

create table responses (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces on delete cascade,
  invitation_id uuid not null references invitations on delete cascade,
  conversation_id uuid not null references conversations on delete cascade,
  survey_type text not null check (survey_type in ('csat', 'ces', 'nps')),
  score integer not null,
  scale_min integer not null,
  scale_max integer not null,
  follow_up_question text,
  follow_up_text text,
  follow_up_skipped boolean not null default false,
  language text not null,
  settings_version integer not null,
  -- Dimensions copied from the conversation at answer time, so reports never join and history stays put.
  channel_id uuid not null,
  agent_id uuid,
  division_id uuid,
  tags text[] not null default '{}',
  contact_id uuid not null,
  answered_at timestamptz not null default now(),
  follow_up_at timestamptz,
  unique (invitation_id, survey_type)
);
create index responses_workspace_time on responses (workspace_id, answered_at desc, id desc);
