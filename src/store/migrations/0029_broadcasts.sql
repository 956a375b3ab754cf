-- Broadcasts (issue 12): a relationship survey (typically NPS) sent to a list of contacts through a
-- WhatsApp, Telegram or email channel, scheduled and paced per channel. Each recipient is a row, queued
-- (invitation + dispatch job, one transaction) by the pacer at the channel's rate, or skipped with a reason.

-- The broadcast permission: per role (admin and supervisor by default), and per user (null: the role's).
alter table workspaces add column broadcast_roles text[] not null default '{admin,supervisor}';
alter table users add column broadcast_permission boolean;

create table broadcasts (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces on delete cascade,
  name text not null,
  channel_id uuid not null references channels on delete cascade,
  survey_type text not null check (survey_type in ('csat', 'ces', 'nps')),
  -- What chose the recipients: { kind: 'filter', … } or { kind: 'csv', rows }.
  audience jsonb not null,
  start_at timestamptz not null,
  status text not null default 'scheduled' check (status in ('scheduled', 'running', 'done', 'cancelled')),
  created_by uuid references users on delete set null,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  cancelled_at timestamptz
);
create index broadcasts_workspace on broadcasts (workspace_id, created_at desc);
create index broadcasts_active on broadcasts (start_at) where status in ('scheduled', 'running');

create table broadcast_recipients (
  broadcast_id uuid not null references broadcasts on delete cascade,
  position integer not null,
  contact_id uuid not null references contacts on delete cascade,
  status text not null default 'pending' check (status in ('pending', 'queued', 'skipped')),
  skip_reason text,
  invitation_id uuid references invitations on delete set null,
  primary key (broadcast_id, position),
  unique (broadcast_id, contact_id)
);
create index broadcast_recipients_pending on broadcast_recipients (broadcast_id, position) where status = 'pending';

-- The pacer's slot per channel (GCRA): the next moment a broadcast message may be queued on it.
create table broadcast_channel_pace (
  channel_id uuid primary key references channels on delete cascade,
  per_minute integer not null check (per_minute between 1 and 6000),
  next_at timestamptz not null default now()
);

alter table invitations add column broadcast_id uuid references broadcasts on delete set null;
create index invitations_broadcast on invitations (broadcast_id) where broadcast_id is not null;

-- Broadcast answers stay apart from conversation surveys: the report rollups (summary, charts, scheduled
-- reports) leave them out, and each broadcast has its own report (services/broadcast-report).
drop trigger responses_rollup on responses;
create trigger responses_rollup after insert on responses for each row when (new.source <> 'broadcast') execute function nilai_rollup_response();
drop trigger invitations_rollup on invitations;
create trigger invitations_rollup after insert or update of status, reminder_status on invitations for each row when (new.source <> 'broadcast') execute function nilai_rollup_invitation();

-- The rebuild leaves them out too, so it agrees with the triggers.
create or replace function nilai_rebuild_rollups(ws uuid) returns void language plpgsql as $$
declare tz text := (select time_zone from workspaces where id = ws);
begin
  perform pg_advisory_xact_lock(7357002);
  delete from rollup_responses where workspace_id = ws;
  delete from rollup_invitations where workspace_id = ws;
  delete from rollup_conversations where workspace_id = ws;
  delete from rollup_responses_deltas where workspace_id = ws;
  delete from rollup_invitations_deltas where workspace_id = ws;
  delete from rollup_conversations_deltas where workspace_id = ws;
  insert into rollup_responses
  select r.workspace_id, g.grain, (r.answered_at at time zone tz)::date d, g.channel_id, g.agent_id, g.division_id, g.tag, g.settings_version, r.survey_type, r.scale_max, r.score, count(*)
  from responses r, nilai_grains(r.channel_id, r.agent_id, r.division_id, r.tags, r.settings_version) g
  where r.workspace_id = ws and r.source <> 'broadcast'
  group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11;
  insert into rollup_invitations
  select i.workspace_id, g.grain, (i.created_at at time zone tz)::date, g.channel_id, g.agent_id, g.division_id, g.tag, g.settings_version, k.kind, count(*)
  from invitations i, nilai_grains(i.channel_id, i.agent_id, i.division_id, i.tags, i.settings_version) g,
       unnest(array_remove(array['scheduled',
         case when i.sent_at is not null or i.status in ('sent', 'delivered', 'answered') then 'sent' end,
         case when i.delivered_at is not null or i.status in ('delivered', 'answered') then 'delivered' end,
         case when i.answered_at is not null or i.status = 'answered' then 'answered' end,
         case when i.status in ('expired', 'cancelled', 'failed') then i.status end,
         case when i.reminder_status = 'sent' then 'reminded' end,
         case when i.status = 'answered' and i.reminded_at is not null then 'answered_after_reminder' end], null)) k(kind)
  where i.workspace_id = ws and i.source <> 'broadcast'
  group by 1, 2, 3, 4, 5, 6, 7, 8, 9;
  insert into rollup_invitations
  select s.workspace_id, g.grain, (s.created_at at time zone tz)::date, g.channel_id, g.agent_id, g.division_id, g.tag, g.settings_version, 'skipped:' || s.reason, count(*)
  from survey_skips s join conversations c on c.id = s.conversation_id
       cross join lateral nilai_grains(s.channel_id, c.agent_id, c.division_id, c.tags, s.settings_version) g
  where s.workspace_id = ws
  group by 1, 2, 3, 4, 5, 6, 7, 8, 9
  on conflict (workspace_id, grain, day, channel_id, agent_id, division_id, tag, settings_version, kind) do update set n = rollup_invitations.n + excluded.n;
  insert into rollup_conversations
  select c.workspace_id, g.grain, (c.resolved_at at time zone tz)::date, g.channel_id, g.agent_id, g.division_id, g.tag, m.metric, m.bucket, count(*), coalesce(sum(m.ms), 0)
  from conversations c cross join lateral nilai_grains(c.channel_id, c.agent_id, c.division_id, c.tags, 0) g
       cross join lateral (values ('frt', nilai_measured(c.frt_ms), c.frt_ms), ('frt_business', nilai_measured(c.frt_business_ms), c.frt_business_ms),
               ('art', nilai_measured(c.art_ms), c.art_ms), ('art_business', nilai_measured(c.art_business_ms), c.art_business_ms),
               ('resolution', nilai_measured(c.resolution_ms), c.resolution_ms), ('resolution_business', nilai_measured(c.resolution_business_ms), c.resolution_business_ms),
               ('sla_first_response', c.sla_first_response_met::integer, 0::bigint), ('sla_resolution', c.sla_resolution_met::integer, 0::bigint),
               ('resolved', 0, 0::bigint)) m(metric, bucket, ms)
  where c.workspace_id = ws and c.resolved_at is not null and m.bucket is not null
  group by 1, 2, 3, 4, 5, 6, 7, 8, 9;
end $$;
