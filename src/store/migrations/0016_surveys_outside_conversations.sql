-- Surveys without a conversation: the website widget and link surveys (and, later, broadcasts).
-- They are channels of their own types, so reports by channel and the rollups (grouped by channel, agent,
-- division, tag, settings version) count them unchanged; `source` says where an invitation came from.
alter table channels drop constraint channels_type_check;
alter table channels add constraint channels_type_check check (type in ('whatsapp', 'telegram', 'email', 'web', 'chatwoot', 'widget', 'link'));

alter table invitations
  add column source text not null default 'conversation' check (source in ('conversation', 'widget', 'link', 'broadcast')),
  -- The page a widget answer was given on (no query string or fragment), and the signed-in visitor's attributes.
  add column page_url text,
  add column visitor_attributes jsonb,
  alter column conversation_id drop not null,
  -- An anonymous widget or link answer has no contact.
  alter column contact_id drop not null,
  add constraint invitations_conversation_source check (source <> 'conversation' or (conversation_id is not null and contact_id is not null));
alter table invitations drop constraint invitations_trigger_check;
alter table invitations add constraint invitations_trigger_check check (trigger in ('resolve', 'manual', 'widget', 'link', 'broadcast'));

alter table responses
  add column source text not null default 'conversation' check (source in ('conversation', 'widget', 'link', 'broadcast')),
  add column page_url text,
  alter column conversation_id drop not null,
  alter column contact_id drop not null,
  add constraint responses_conversation_source check (source <> 'conversation' or (conversation_id is not null and contact_id is not null));
create index responses_source on responses (workspace_id, source, answered_at desc) where source <> 'conversation';

-- Widget tickets are signed and short-lived (stateless); a ticket's id is written here when it is used,
-- so each ticket answers once. Old rows are useless once the ticket has expired.
create table widget_ticket_uses (
  ticket_id text primary key,
  channel_id uuid not null references channels on delete cascade,
  expires_at timestamptz not null,
  used_at timestamptz not null default now()
);
create index widget_ticket_uses_expiry on widget_ticket_uses (expires_at);

-- The last widget answer of a signed-in visitor (the site's user id) per channel: the recontact period.
create table widget_visitors (
  channel_id uuid not null references channels on delete cascade,
  user_id text not null,
  last_answered_at timestamptz not null,
  primary key (channel_id, user_id)
);

-- The public score badge, opt-in per workspace.
alter table workspaces
  add column badge_enabled boolean not null default false,
  add column badge_key text unique,
  add column badge_days integer not null default 90 check (badge_days between 7 and 365),
  add column badge_survey text not null default 'csat' check (badge_survey in ('csat', 'nps'));
