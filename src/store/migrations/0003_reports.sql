-- Office hours, SLA policies, conversation timings, and incremental rollups for reports.
create table office_hours (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces on delete cascade,
  division_id uuid references divisions on delete cascade,
  time_zone text not null,
  weekly jsonb not null,
  holidays jsonb not null default '[]',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- One workspace default (division_id null) and at most one override per division.
create unique index office_hours_scope on office_hours (workspace_id, coalesce(division_id, '00000000-0000-0000-0000-000000000000'));

create table sla_policies (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces on delete cascade,
  division_id uuid references divisions on delete cascade,
  name text not null,
  first_response_minutes integer check (first_response_minutes > 0),
  resolution_minutes integer check (resolution_minutes > 0),
  business_hours boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index sla_policies_scope on sla_policies (workspace_id, coalesce(division_id, '00000000-0000-0000-0000-000000000000'));

alter table conversations
  add column frt_ms bigint, add column frt_business_ms bigint,
  add column art_ms bigint, add column art_business_ms bigint,
  add column resolution_ms bigint, add column resolution_business_ms bigint,
  add column sla_first_response_met boolean, add column sla_resolution_met boolean,
  -- A uniform random slice 0–99: reports estimate medians and p90s of large periods from a few slices.
  add column sample smallint not null default floor(random() * 100);
-- The sample query of reports reads a few slices of a period from this index alone (it holds every
-- column the query needs but tags); partial, so updates of open conversations never touch it.
create index conversations_resolved on conversations (workspace_id, sample, resolved_at)
  include (channel_id, agent_id, division_id, frt_ms, frt_business_ms, art_ms, art_business_ms, resolution_ms, resolution_business_ms)
  where resolved_at is not null;

-- Dimensions of the conversation when the invitation was made, like responses keep theirs.
alter table invitations add column agent_id uuid, add column division_id uuid, add column tags text[] not null default '{}';

/*
 * Rollups: counts per local day and "grain" (which dimensions are kept; the others hold the nil uuid or
 * ''). Reports read the smallest grain that has every dimension they filter or group by:
 *   0 full (channel, agent, division, settings version)   1 total   2 channel   3 agent   4 division
 *   5 tag (one row per tag, with channel, agent, division, settings version)
 * In grains 0 and 5 a nil agent or division means "none".
 */
create table rollup_responses (
  workspace_id uuid not null, grain smallint not null, day date not null,
  channel_id uuid not null, agent_id uuid not null, division_id uuid not null, tag text not null, settings_version integer not null,
  survey_type text not null, scale_max smallint not null, score smallint not null, n bigint not null,
  -- INCLUDE lets reports read the counts from the index alone (index-only scans).
  primary key (workspace_id, grain, day, channel_id, agent_id, division_id, tag, settings_version, survey_type, scale_max, score) include (n)
);
create table rollup_invitations (
  workspace_id uuid not null, grain smallint not null, day date not null,
  channel_id uuid not null, agent_id uuid not null, division_id uuid not null, tag text not null, settings_version integer not null,
  kind text not null, n bigint not null,
  primary key (workspace_id, grain, day, channel_id, agent_id, division_id, tag, settings_version, kind) include (n)
);
-- Timings as count and sum per metric (bucket 0), SLA outcomes (metric sla_*, bucket 1 = met, 0 = missed)
-- and resolved conversations. Day = the local day of resolution. Medians and p90s come from the
-- conversations themselves (all of them, or a uniform sample when there are many).
create table rollup_conversations (
  workspace_id uuid not null, grain smallint not null, day date not null,
  channel_id uuid not null, agent_id uuid not null, division_id uuid not null, tag text not null,
  metric text not null, bucket integer not null, n bigint not null, sum_ms bigint not null,
  primary key (workspace_id, grain, day, channel_id, agent_id, division_id, tag, metric, bucket) include (n, sum_ms)
);

/*
 * Triggers only append to these delta tables (no row locks, so concurrent writers never wait on or
 * deadlock over a shared rollup row); nilai_fold_rollups() moves them into the rollups every few
 * seconds, and reports read rollups and pending deltas together.
 */
create table rollup_responses_deltas (like rollup_responses);
create table rollup_invitations_deltas (like rollup_invitations);
create table rollup_conversations_deltas (like rollup_conversations);

/** Folds pending deltas into the rollups; one folder at a time (others return at once). */
create function nilai_fold_rollups() returns void language plpgsql as $$
begin
  if not pg_try_advisory_xact_lock(7357002) then return; end if;
  with moved as (delete from rollup_responses_deltas returning *)
  insert into rollup_responses as r
  select workspace_id, grain, day, channel_id, agent_id, division_id, tag, settings_version, survey_type, scale_max, score, sum(n) from moved
  group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 order by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
  on conflict (workspace_id, grain, day, channel_id, agent_id, division_id, tag, settings_version, survey_type, scale_max, score) do update set n = r.n + excluded.n;
  with moved as (delete from rollup_invitations_deltas returning *)
  insert into rollup_invitations as r
  select workspace_id, grain, day, channel_id, agent_id, division_id, tag, settings_version, kind, sum(n) from moved
  group by 1, 2, 3, 4, 5, 6, 7, 8, 9 order by 1, 2, 3, 4, 5, 6, 7, 8, 9
  on conflict (workspace_id, grain, day, channel_id, agent_id, division_id, tag, settings_version, kind) do update set n = r.n + excluded.n;
  with moved as (delete from rollup_conversations_deltas returning *)
  insert into rollup_conversations as r
  select workspace_id, grain, day, channel_id, agent_id, division_id, tag, metric, bucket, sum(n), sum(sum_ms) from moved
  group by 1, 2, 3, 4, 5, 6, 7, 8, 9 order by 1, 2, 3, 4, 5, 6, 7, 8, 9
  on conflict (workspace_id, grain, day, channel_id, agent_id, division_id, tag, metric, bucket) do update set n = r.n + excluded.n, sum_ms = r.sum_ms + excluded.sum_ms;
end $$;

create function nilai_nil(u uuid) returns uuid language sql immutable as $$ select coalesce(u, '00000000-0000-0000-0000-000000000000'::uuid) $$;
/** 0 when a duration was measured, null when not (the row is then left out). */
create function nilai_measured(ms bigint) returns integer language sql immutable as $$ select case when ms is not null then 0 end $$;
create function nilai_local_day(ws uuid, at timestamptz) returns date language sql stable as $$
  select (at at time zone (select time_zone from workspaces where id = ws))::date $$;

/** The dimension tuples of every grain for one fact. */
create function nilai_grains(channel uuid, agent uuid, division uuid, tags text[], version integer)
returns table (grain smallint, channel_id uuid, agent_id uuid, division_id uuid, tag text, settings_version integer)
language sql immutable as $$
  select * from (values
    (0::smallint, channel, nilai_nil(agent), nilai_nil(division), ''::text, version),
    (1::smallint, nilai_nil(null), nilai_nil(null), nilai_nil(null), '', 0),
    (2::smallint, channel, nilai_nil(null), nilai_nil(null), '', 0),
    (3::smallint, nilai_nil(null), nilai_nil(agent), nilai_nil(null), '', 0),
    (4::smallint, nilai_nil(null), nilai_nil(null), nilai_nil(division), '', 0)) g
  union all
  select 5::smallint, channel, nilai_nil(agent), nilai_nil(division), t, version from unnest(tags) t
$$;

create function nilai_rollup_response() returns trigger language plpgsql as $$
begin
  insert into rollup_responses_deltas
  select new.workspace_id, g.grain, nilai_local_day(new.workspace_id, new.answered_at), g.channel_id, g.agent_id, g.division_id, g.tag, g.settings_version, new.survey_type, new.scale_max, new.score, 1
  from nilai_grains(new.channel_id, new.agent_id, new.division_id, new.tags, new.settings_version) g;
  return null;
end $$;
create trigger responses_rollup after insert on responses for each row execute function nilai_rollup_response();

create function nilai_count_invitation(inv invitations, kinds text[], delta integer) returns void language sql as $$
  insert into rollup_invitations_deltas
  select inv.workspace_id, g.grain, nilai_local_day(inv.workspace_id, inv.created_at), g.channel_id, g.agent_id, g.division_id, g.tag, g.settings_version, k, delta
  from nilai_grains(inv.channel_id, inv.agent_id, inv.division_id, inv.tags, inv.settings_version) g, unnest(kinds) k
$$;

/*
 * Invitation milestones are cumulative, so the funnel reads naturally: an invitation that went straight
 * from scheduled to delivered counts as sent too; one answered counts as sent and delivered.
 */
create function nilai_rollup_invitation() returns trigger language plpgsql as $$
declare
  steps text[] := array['scheduled', 'sent', 'delivered', 'answered'];
  old_rank integer := coalesce(array_position(steps, case when tg_op = 'UPDATE' then old.status end), 0);
  new_rank integer := coalesce(array_position(steps, new.status), 0);
begin
  if tg_op = 'UPDATE' and old.status = new.status then return null; end if;
  if tg_op = 'INSERT' then
    perform nilai_count_invitation(new, array['scheduled'], 1);
  elsif new_rank > old_rank then
    perform nilai_count_invitation(new, steps[greatest(old_rank, 1) + 1 : new_rank], 1);
  elsif new.status in ('expired', 'cancelled', 'failed') then
    perform nilai_count_invitation(new, array[new.status], 1);
  end if;
  return null;
end $$;
create trigger invitations_rollup after insert or update of status on invitations for each row execute function nilai_rollup_invitation();

create function nilai_rollup_skip() returns trigger language plpgsql as $$
declare c conversations;
begin
  select * into c from conversations where id = new.conversation_id;
  insert into rollup_invitations_deltas
  select new.workspace_id, g.grain, nilai_local_day(new.workspace_id, new.created_at), g.channel_id, g.agent_id, g.division_id, g.tag, g.settings_version, 'skipped:' || new.reason, 1
  from nilai_grains(new.channel_id, c.agent_id, c.division_id, c.tags, new.settings_version) g;
  return null;
end $$;
create trigger survey_skips_rollup after insert on survey_skips for each row execute function nilai_rollup_skip();

/** Adds (delta 1) or removes (delta -1) one resolved conversation's timings and SLA outcomes. */
create function nilai_count_conversation(c conversations, delta integer) returns void language sql as $$
  insert into rollup_conversations_deltas
  select c.workspace_id, g.grain, nilai_local_day(c.workspace_id, c.resolved_at), g.channel_id, g.agent_id, g.division_id, g.tag,
         m.metric, m.bucket, delta, delta * m.ms
  from nilai_grains(c.channel_id, c.agent_id, c.division_id, c.tags, 0) g,
       (values ('frt', nilai_measured(c.frt_ms), c.frt_ms), ('frt_business', nilai_measured(c.frt_business_ms), c.frt_business_ms),
               ('art', nilai_measured(c.art_ms), c.art_ms), ('art_business', nilai_measured(c.art_business_ms), c.art_business_ms),
               ('resolution', nilai_measured(c.resolution_ms), c.resolution_ms), ('resolution_business', nilai_measured(c.resolution_business_ms), c.resolution_business_ms),
               ('sla_first_response', c.sla_first_response_met::integer, 0::bigint), ('sla_resolution', c.sla_resolution_met::integer, 0::bigint),
               ('resolved', 0, 0::bigint)) m(metric, bucket, ms)
  where m.bucket is not null
$$;

create function nilai_rollup_conversation() returns trigger language plpgsql as $$
begin
  if (old.resolved_at, old.channel_id, old.agent_id, old.division_id, old.tags, old.frt_ms, old.frt_business_ms, old.art_ms, old.art_business_ms,
      old.resolution_ms, old.resolution_business_ms, old.sla_first_response_met, old.sla_resolution_met)
     is not distinct from
     (new.resolved_at, new.channel_id, new.agent_id, new.division_id, new.tags, new.frt_ms, new.frt_business_ms, new.art_ms, new.art_business_ms,
      new.resolution_ms, new.resolution_business_ms, new.sla_first_response_met, new.sla_resolution_met) then
    return null;
  end if;
  if old.resolved_at is not null then perform nilai_count_conversation(old, -1); end if;
  if new.resolved_at is not null then perform nilai_count_conversation(new, 1); end if;
  return null;
end $$;
create trigger conversations_rollup after update on conversations for each row
  when (old.resolved_at is not null or new.resolved_at is not null)
  execute function nilai_rollup_conversation();

/** Recomputes a workspace's rollups from the facts (after a bulk load, or a time-zone change). */
create function nilai_rebuild_rollups(ws uuid) returns void language plpgsql as $$
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
  where r.workspace_id = ws
  group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11;
  insert into rollup_invitations
  select i.workspace_id, g.grain, (i.created_at at time zone tz)::date, g.channel_id, g.agent_id, g.division_id, g.tag, g.settings_version, k.kind, count(*)
  from invitations i, nilai_grains(i.channel_id, i.agent_id, i.division_id, i.tags, i.settings_version) g,
       unnest(array_remove(array['scheduled',
         case when i.sent_at is not null or i.status in ('sent', 'delivered', 'answered') then 'sent' end,
         case when i.delivered_at is not null or i.status in ('delivered', 'answered') then 'delivered' end,
         case when i.answered_at is not null or i.status = 'answered' then 'answered' end,
         case when i.status in ('expired', 'cancelled', 'failed') then i.status end], null)) k(kind)
  where i.workspace_id = ws
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
