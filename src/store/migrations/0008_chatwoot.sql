-- Chatwoot as real Chatwoot sends it: who its agents are, what each inbox can carry, and whether its
-- webhooks arrive.

-- Chatwoot agents seen in webhooks (a message's sender, a conversation's assignee), per channel. The
-- assignee carries no email, so the email is remembered from the agent's own messages. `user_id` is the
-- nilai user an admin mapped the agent to; without it the agent is matched by email, then by name.
create table chatwoot_agents (
  channel_id uuid not null references channels on delete cascade,
  agent_id integer not null,
  name text,
  email text,
  user_id uuid references users on delete set null,
  last_seen_at timestamptz,
  primary key (channel_id, agent_id)
);

-- Facts about a channel's provider that nilai looked up or was told once and reuses: for Chatwoot, the
-- inbox of each conversation and the channel type of each inbox (what widgets it can carry).
create table channel_cache (
  channel_id uuid not null references channels on delete cascade,
  key text not null,
  value text not null,
  updated_at timestamptz not null default now(),
  primary key (channel_id, key)
);

-- The last webhook a channel accepted and the last one it refused (why and when), so an admin can tell
-- why nothing arrives. Never the secret.
create table channel_webhook_status (
  channel_id uuid primary key references channels on delete cascade,
  last_received_at timestamptz,
  last_error_code text,
  last_error text,
  last_error_at timestamptz
);
