-- Integrations (Settings → Integrations): where answers go besides the signed webhook, one row per
-- configured integration of a workspace. `kind` picks the code that delivers (services/integrations/
-- kinds/<kind>.ts); its settings are in config, its secrets (CRM tokens, a Google service-account key)
-- in secrets_encrypted: a JSON object of name → value, encrypted with the application key like channel
-- credentials (lib/keys.ts), never returned.
create table integrations (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces on delete cascade,
  kind text not null check (kind in ('http', 'sheets')),
  name text not null,
  enabled boolean not null default true,
  events text[] not null,
  config jsonb not null default '{}',
  secrets_encrypted text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index integrations_workspace on integrations (workspace_id);

-- One delivery per event and integration, queued (with its job) in the transaction of the answer it
-- reports, so nothing acknowledged is lost while no worker runs. payload names the subject (invitation,
-- survey type, alert rules); what is sent is rendered from it at delivery time.
-- request / response: redacted excerpts of the last attempt (the delivery log); result: what the
-- provider gave back that a later delivery of the same subject needs (the Sheets row a follow-up
-- updates); replay_of: the delivery this one repeats (one-click replay).
create table integration_deliveries (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces on delete cascade,
  integration_id uuid not null references integrations on delete cascade,
  event_type text not null,
  subject_key text,
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  last_error text,
  request jsonb,
  response jsonb,
  result jsonb,
  replay_of uuid references integration_deliveries on delete set null,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index integration_deliveries_integration on integration_deliveries (integration_id, created_at desc);
create index integration_deliveries_subject on integration_deliveries (integration_id, subject_key) where subject_key is not null;
