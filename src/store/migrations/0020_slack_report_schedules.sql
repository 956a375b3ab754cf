-- Slack and scheduled reports. An alert rule may also post to a Slack incoming webhook (the URL is a
-- credential: stored encrypted). Report schedules send a period's summary, daily or weekly in the
-- workspace's time zone, by email (HTML with charts) or to Slack (a Block Kit digest).
alter table alert_rules add column slack_webhook_encrypted text;
-- Steps of an alert already done ('email', 'ticket', 'slack'), so a retry after one step failed does not repeat the others.
alter table alert_deliveries add column done text[] not null default '{}';

create table report_schedules (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces on delete cascade,
  name text not null,
  kind text not null check (kind in ('email', 'slack')),
  frequency text not null check (frequency in ('daily', 'weekly')),
  -- null: the whole workspace; else the division's figures, and its supervisor as the default recipient.
  division_id uuid references divisions on delete cascade,
  recipients text[] not null default '{}',
  slack_webhook_encrypted text,
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index report_schedules_workspace on report_schedules (workspace_id);

-- One row per schedule and period: the unique key is what makes several processes send a period once.
create table report_runs (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces on delete cascade,
  schedule_id uuid not null references report_schedules on delete cascade,
  period_from date not null,
  period_to date not null,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  detail text,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  unique (schedule_id, period_from)
);
create index report_runs_schedule on report_runs (schedule_id, period_from desc);
