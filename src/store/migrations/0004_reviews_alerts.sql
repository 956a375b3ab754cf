-- Quality reviews of single conversations against a rubric, and alert rules for bad experiences.
create table review_rubrics (
  workspace_id uuid primary key references workspaces on delete cascade,
  criteria jsonb not null,
  updated_at timestamptz not null default now()
);

create table quality_reviews (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces on delete cascade,
  conversation_id uuid not null references conversations on delete cascade,
  agent_id uuid references users on delete set null,
  reviewer_id uuid references users on delete set null,
  -- The rubric as it was when reviewing, so later rubric edits never change past reviews.
  criteria jsonb not null,
  scores jsonb not null,
  weighted_score numeric(5, 2) not null,
  comment text,
  created_at timestamptz not null default now()
);
create index quality_reviews_agent on quality_reviews (workspace_id, agent_id, created_at);

create table alert_rules (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces on delete cascade,
  name text not null,
  survey_type text not null check (survey_type in ('csat', 'ces', 'nps')),
  max_score integer not null,
  notify_supervisor boolean not null default true,
  ticket_webhook_url text,
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index alert_rules_workspace on alert_rules (workspace_id);

create table alert_deliveries (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces on delete cascade,
  rule_id uuid not null references alert_rules on delete cascade,
  response_id uuid not null references responses on delete cascade,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  detail text,
  created_at timestamptz not null default now(),
  unique (rule_id, response_id)
);
