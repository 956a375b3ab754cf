-- Workspaces, people, access, channels, divisions and versioned survey settings.
create table workspaces (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name text not null,
  time_zone text not null default 'Asia/Jakarta',
  created_at timestamptz not null default now()
);

create table users (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces on delete cascade,
  name text not null,
  email text not null,
  phone text,
  address text,
  role text not null check (role in ('admin', 'supervisor', 'agent')),
  password_hash text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- One login per email address across the installation, so login needs only email and password.
create unique index users_email on users (lower(email));
create index users_workspace on users (workspace_id);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces on delete cascade,
  name text not null,
  role text not null check (role in ('admin', 'supervisor', 'agent')),
  user_id uuid references users on delete cascade,
  token_hash bytea not null unique,
  prefix text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_workspace on api_tokens (workspace_id);

create table sessions (
  id_hash bytea primary key,
  user_id uuid not null references users on delete cascade,
  workspace_id uuid not null references workspaces on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user on sessions (user_id);

create table channels (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces on delete cascade,
  name text not null,
  type text not null check (type in ('whatsapp', 'telegram', 'email', 'web', 'chatwoot')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz
);
create unique index channels_name on channels (workspace_id, lower(name)) where deleted_at is null;

create table divisions (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces on delete cascade,
  name text not null,
  supervisor_id uuid references users on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index divisions_name on divisions (workspace_id, lower(name));

create table division_agents (
  division_id uuid not null references divisions on delete cascade,
  user_id uuid not null references users on delete cascade,
  primary key (division_id, user_id)
);
create index division_agents_user on division_agents (user_id);

create table division_channels (
  division_id uuid not null references divisions on delete cascade,
  channel_id uuid not null references channels on delete cascade,
  primary key (division_id, channel_id)
);

create table survey_settings_versions (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces on delete cascade,
  version integer not null check (version > 0),
  settings jsonb not null,
  created_by_user_id uuid references users on delete set null,
  created_by_token_id uuid references api_tokens on delete set null,
  created_at timestamptz not null default now(),
  unique (workspace_id, version)
);
