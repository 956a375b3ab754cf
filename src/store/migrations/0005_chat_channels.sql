-- Surveys inside chat channels (WhatsApp, Telegram, Chatwoot).

-- The contact's address in a channel that is neither phone nor email (a Telegram chat id).
alter table contacts add column handle text;

-- Where a chat invitation was sent (WhatsApp number, Telegram chat id, Chatwoot conversation id):
-- a reply from that address on that channel answers the newest open invitation sent there.
alter table invitations add column chat_address text;
create index invitations_chat on invitations (channel_id, chat_address, created_at) where chat_address is not null;

-- Every verified webhook POST from a provider, once (by a hash of its body): the webhook answers as
-- soon as this row and its job are committed; the job does the work.
create table inbound_webhooks (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces on delete cascade,
  channel_id uuid not null references channels,
  body_hash bytea not null,
  payload jsonb not null,
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  unique (channel_id, body_hash)
);

-- Chat messages nilai sends (an outbox): written in the transaction that decides to send them,
-- keyed so that a retried job finds the message already sent instead of sending it again.
create table outbound_messages (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces on delete cascade,
  channel_id uuid not null references channels,
  invitation_id uuid references invitations on delete cascade,
  dedup_key text not null,
  address text not null,
  message jsonb not null,
  status text not null check (status in ('pending', 'sent', 'failed')),
  provider_message_id text,
  error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  unique (channel_id, dedup_key)
);
create index outbound_messages_provider on outbound_messages (channel_id, provider_message_id) where provider_message_id is not null;
