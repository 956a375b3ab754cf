-- Contact fields (issue 12 part A): admins define fields, values arrive with events and live on the
-- contact; a field once added is never deleted, only hidden (the seed: "penambahan field contact tidak
-- dapat dihapus kembali"), so its key keeps meaning the same thing in stored values and reports.
create table contact_fields (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces on delete cascade,
  key text not null,
  type text not null check (type in ('text', 'number', 'date', 'choice')),
  label jsonb not null,
  options jsonb not null default '[]',
  hidden boolean not null default false,
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, key)
);

alter table contacts add column attributes jsonb not null default '{}';

-- Users (seed: name, email, address, phone, division, organization, role).
alter table users add column organization text;

-- Contact masking: who sees contacts' phone numbers and emails masked ('off', 'agents', 'agents_supervisors').
alter table workspaces add column contact_masking text not null default 'off'
  check (contact_masking in ('off', 'agents', 'agents_supervisors'));

-- Settings → Ticket: one row per workspace once saved.
create table ticket_settings (
  workspace_id uuid primary key references workspaces on delete cascade,
  enabled boolean not null default false,
  title_template text not null,
  button_label jsonb not null,
  webhook_url text,
  secret_encrypted text,
  updated_at timestamptz not null default now()
);

-- Every ticket nilai submitted (by a person's button or an alert rule), with its outcome.
create table tickets (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces on delete cascade,
  conversation_id uuid not null references conversations on delete cascade,
  response_id uuid references responses on delete set null,
  source text not null check (source in ('manual', 'alert')),
  created_by_user_id uuid references users on delete set null,
  title text not null,
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index tickets_conversation on tickets (conversation_id, created_at desc);

-- An alert rule may submit a ticket through Settings → Ticket (signed, logged) when it fires.
alter table alert_rules add column create_ticket boolean not null default false;
