-- Packed report rollups (issue 18): one row per local day, grain and dimension tuple holds its counts in
-- arrays, instead of one row per score, invitation kind or timing metric; and the grains are the ones the
-- summary's filters and groupings use:
--   0 cube (channel × agent × division × settings version)   1 total   2 channel   3 agent   4 division
--   5 tag alone   6 settings version alone (responses and invitations; conversations have no version)
-- A report with two or more of channel, agent, division and settings version reads the cube; a tag with
-- any other dimension (or the resolvedBy filter) reads the facts, bounded by the period
-- (src/store/reports/summary-facts.ts). At 10 M responses the old layout held about 5 rollup rows per
-- fact; this one a few per hundred facts (bench/reports.ts prints the ratio).
--
-- The arrays (bigint[], 1-based):
--   rollup_responses.counts       11 elements: counts[score + 1] answers with that score (0–10; the scales
--                                 of nilai are 1–5, 1–5..10 and 0–10, so counts[1] is 0 on 1-based scales)
--   rollup_invitations.counts     23 elements, in the order of nilai_invitation_kinds(): the 9 funnel
--                                 kinds, then skips by reason
--   rollup_conversations.n        11 elements: frt, frt_business, art, art_business, resolution,
--                                 resolution_business (conversations with that duration measured),
--                                 sla_first_response measured, met; sla_resolution measured, met; resolved
--   rollup_conversations.sum_ms    6 elements: the sums of the six durations, in the same order
--
-- The old rows already hold exact counts, so the upgrade converts them set-based (nilai_convert_rollups_v1,
-- a GROUP BY over the old rows, far fewer than the facts) instead of rebuilding from the facts.

-- The old tables, and their pending deltas, become the source of the conversion; nothing writes them
-- meanwhile (the fold takes this lock, the triggers are replaced below in this transaction).
select pg_advisory_xact_lock(7357002);
alter table rollup_responses rename to rollup_responses_v1;
alter table rollup_invitations rename to rollup_invitations_v1;
alter table rollup_conversations rename to rollup_conversations_v1;
alter table rollup_responses_deltas rename to rollup_responses_deltas_v1;
alter table rollup_invitations_deltas rename to rollup_invitations_deltas_v1;
alter table rollup_conversations_deltas rename to rollup_conversations_deltas_v1;
alter index rollup_responses_pkey rename to rollup_responses_v1_pkey;
alter index rollup_invitations_pkey rename to rollup_invitations_v1_pkey;
alter index rollup_conversations_pkey rename to rollup_conversations_v1_pkey;

create table rollup_responses (
  workspace_id uuid not null, grain smallint not null, day date not null,
  channel_id uuid not null, agent_id uuid not null, division_id uuid not null, tag text not null, settings_version integer not null,
  survey_type text not null, scale_max smallint not null, counts bigint[] not null,
  primary key (workspace_id, grain, day, channel_id, agent_id, division_id, tag, settings_version, survey_type, scale_max)
);
create table rollup_invitations (
  workspace_id uuid not null, grain smallint not null, day date not null,
  channel_id uuid not null, agent_id uuid not null, division_id uuid not null, tag text not null, settings_version integer not null,
  counts bigint[] not null,
  primary key (workspace_id, grain, day, channel_id, agent_id, division_id, tag, settings_version)
);
create table rollup_conversations (
  workspace_id uuid not null, grain smallint not null, day date not null,
  channel_id uuid not null, agent_id uuid not null, division_id uuid not null, tag text not null,
  n bigint[] not null, sum_ms bigint[] not null,
  primary key (workspace_id, grain, day, channel_id, agent_id, division_id, tag)
);
create table rollup_responses_deltas (like rollup_responses);
create table rollup_invitations_deltas (like rollup_invitations);
create table rollup_conversations_deltas (like rollup_conversations);

/** The invitation kinds counted, in the order of rollup_invitations.counts (append only: stored rows keep their positions). */
create function nilai_invitation_kinds() returns text[] language sql immutable parallel safe as $$
  select array['scheduled', 'sent', 'delivered', 'answered', 'expired', 'cancelled', 'failed', 'reminded', 'answered_after_reminder',
    'skipped:not_resolved', 'skipped:no_survey_for_channel', 'skipped:manual_not_requested', 'skipped:suppressed_by_inbox', 'skipped:opted_out',
    'skipped:no_agent_message', 'skipped:already_surveyed', 'skipped:cooldown', 'skipped:resolved_too_long_ago', 'skipped:not_targeted_contact_field',
    'skipped:excluded_tag', 'skipped:missing_included_tag', 'skipped:too_few_customer_messages', 'skipped:not_sampled']
$$;

/** Elementwise sum of two count arrays (a missing element is 0; null is the empty array). */
create function nilai_add(a bigint[], b bigint[]) returns bigint[] language sql immutable parallel safe as $$
  select case when a is null then b when b is null then a
    else array(select coalesce(a[i], 0) + coalesce(b[i], 0) from generate_series(1, greatest(cardinality(a), cardinality(b))) i) end
$$;
/** Elementwise sum over rows; for the fold and the triggers (few rows): reports and the rebuild sum fixed positions in plain SQL. */
create aggregate nilai_sum(bigint[]) (sfunc = nilai_add, stype = bigint[]);
/** A count array of `len` elements with `n` at position `i` (none when i is null: an unknown kind). */
create function nilai_unit(i integer, n bigint, len integer) returns bigint[] language sql immutable parallel safe as $$
  select array(select case when j = i then n else 0 end from generate_series(1, len) j)
$$;

/**
 * The dimension tuples of every grain for one fact (see the top of this file). `version` null: no
 * settings-version grain (conversations), and 0 in the cube.
 */
create or replace function nilai_grains(channel uuid, agent uuid, division uuid, tags text[], version integer)
returns table (grain smallint, channel_id uuid, agent_id uuid, division_id uuid, tag text, settings_version integer)
language sql immutable as $$
  select * from (values
    (0::smallint, channel, nilai_nil(agent), nilai_nil(division), ''::text, coalesce(version, 0)),
    (1::smallint, nilai_nil(null), nilai_nil(null), nilai_nil(null), '', 0),
    (2::smallint, channel, nilai_nil(null), nilai_nil(null), '', 0),
    (3::smallint, nilai_nil(null), nilai_nil(agent), nilai_nil(null), '', 0),
    (4::smallint, nilai_nil(null), nilai_nil(null), nilai_nil(division), '', 0)) g
  union all
  select 6::smallint, nilai_nil(null), nilai_nil(null), nilai_nil(null), '', version where version is not null
  union all
  select 5::smallint, nilai_nil(null), nilai_nil(null), nilai_nil(null), t, 0 from unnest(tags) t
$$;

/** Folds pending deltas into the rollups; one folder at a time (others return at once). */
create or replace function nilai_fold_rollups() returns void language plpgsql as $$
begin
  if not pg_try_advisory_xact_lock(7357002) then return; end if;
  with moved as (delete from rollup_responses_deltas returning *)
  insert into rollup_responses as r
  select workspace_id, grain, day, channel_id, agent_id, division_id, tag, settings_version, survey_type, scale_max, nilai_sum(counts) from moved
  group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 order by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  on conflict (workspace_id, grain, day, channel_id, agent_id, division_id, tag, settings_version, survey_type, scale_max)
  do update set counts = nilai_add(r.counts, excluded.counts);
  with moved as (delete from rollup_invitations_deltas returning *)
  insert into rollup_invitations as r
  select workspace_id, grain, day, channel_id, agent_id, division_id, tag, settings_version, nilai_sum(counts) from moved
  group by 1, 2, 3, 4, 5, 6, 7, 8 order by 1, 2, 3, 4, 5, 6, 7, 8
  on conflict (workspace_id, grain, day, channel_id, agent_id, division_id, tag, settings_version)
  do update set counts = nilai_add(r.counts, excluded.counts);
  with moved as (delete from rollup_conversations_deltas returning *)
  insert into rollup_conversations as r
  select workspace_id, grain, day, channel_id, agent_id, division_id, tag, nilai_sum(n), nilai_sum(sum_ms) from moved
  group by 1, 2, 3, 4, 5, 6, 7 order by 1, 2, 3, 4, 5, 6, 7
  on conflict (workspace_id, grain, day, channel_id, agent_id, division_id, tag)
  do update set n = nilai_add(r.n, excluded.n), sum_ms = nilai_add(r.sum_ms, excluded.sum_ms);
end $$;

-- Statement triggers (0038): one delta row per rollup key per statement, now with the counts packed.
create or replace function nilai_rollup_responses() returns trigger language plpgsql as $$
begin
  insert into rollup_responses_deltas
  select r.workspace_id, g.grain, (r.answered_at at time zone w.time_zone)::date, g.channel_id, g.agent_id, g.division_id, g.tag, g.settings_version,
         r.survey_type, r.scale_max,
         array[count(*) filter (where r.score = 0), count(*) filter (where r.score = 1), count(*) filter (where r.score = 2), count(*) filter (where r.score = 3),
               count(*) filter (where r.score = 4), count(*) filter (where r.score = 5), count(*) filter (where r.score = 6), count(*) filter (where r.score = 7),
               count(*) filter (where r.score = 8), count(*) filter (where r.score = 9), count(*) filter (where r.score = 10)]
  from new_responses r join workspaces w on w.id = r.workspace_id
       cross join lateral nilai_grains(r.channel_id, r.agent_id, r.division_id, r.tags, r.settings_version) g
  where r.source <> 'broadcast'
  group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;
  return null;
end $$;

create or replace function nilai_rollup_invitations_inserted() returns trigger language plpgsql as $$
begin
  insert into rollup_invitations_deltas
  select i.workspace_id, g.grain, (i.created_at at time zone w.time_zone)::date, g.channel_id, g.agent_id, g.division_id, g.tag, g.settings_version,
         nilai_unit(1, count(*), cardinality(nilai_invitation_kinds()))
  from new_invitations i join workspaces w on w.id = i.workspace_id
       cross join lateral nilai_grains(i.channel_id, i.agent_id, i.division_id, i.tags, i.settings_version) g
  where i.source <> 'broadcast'
  group by 1, 2, 3, 4, 5, 6, 7, 8;
  return null;
end $$;

create or replace function nilai_rollup_invitations_updated() returns trigger language plpgsql as $$
begin
  insert into rollup_invitations_deltas
  select workspace_id, grain, day, channel_id, agent_id, division_id, tag, settings_version,
         nilai_sum(nilai_unit(array_position(nilai_invitation_kinds(), kind), n, cardinality(nilai_invitation_kinds())))
  from (
    select n.workspace_id, g.grain, (n.created_at at time zone w.time_zone)::date as day, g.channel_id, g.agent_id, g.division_id, g.tag, g.settings_version, k.kind, count(*) as n
    from old_invitations o join new_invitations n on n.id = o.id
         join workspaces w on w.id = n.workspace_id
         cross join lateral (select coalesce(array_position(array['scheduled', 'sent', 'delivered', 'answered'], o.status), 0) as old_rank,
                                    coalesce(array_position(array['scheduled', 'sent', 'delivered', 'answered'], n.status), 0) as new_rank) r
         cross join lateral unnest(
           case when n.reminder_status is not distinct from 'sent' and o.reminder_status is distinct from 'sent' then array['reminded'] else '{}'::text[] end
           || case when o.status is not distinct from n.status then '{}'::text[]
                   when r.new_rank > r.old_rank then (array['scheduled', 'sent', 'delivered', 'answered'])[greatest(r.old_rank, 1) + 1 : r.new_rank]
                        || case when n.status = 'answered' and n.reminded_at is not null then array['answered_after_reminder'] else '{}'::text[] end
                   when n.status in ('expired', 'cancelled', 'failed') then array[n.status]
                   else '{}'::text[] end) k(kind)
         cross join lateral nilai_grains(n.channel_id, n.agent_id, n.division_id, n.tags, n.settings_version) g
    where n.source <> 'broadcast'
      and (o.status is distinct from n.status or o.reminder_status is distinct from n.reminder_status)
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9
  ) k
  group by 1, 2, 3, 4, 5, 6, 7, 8;
  return null;
end $$;

create or replace function nilai_rollup_skips() returns trigger language plpgsql as $$
begin
  insert into rollup_invitations_deltas
  select workspace_id, grain, day, channel_id, agent_id, division_id, tag, settings_version,
         nilai_sum(nilai_unit(array_position(nilai_invitation_kinds(), 'skipped:' || reason), n, cardinality(nilai_invitation_kinds())))
  from (
    select s.workspace_id, g.grain, (s.created_at at time zone w.time_zone)::date as day, g.channel_id, g.agent_id, g.division_id, g.tag, g.settings_version, s.reason, count(*) as n
    from new_skips s join workspaces w on w.id = s.workspace_id
         left join conversations c on c.id = s.conversation_id
         cross join lateral nilai_grains(s.channel_id, c.agent_id, c.division_id, c.tags, s.settings_version) g
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9
  ) k
  group by 1, 2, 3, 4, 5, 6, 7, 8;
  return null;
end $$;

create or replace function nilai_rollup_conversations() returns trigger language plpgsql as $$
begin
  insert into rollup_conversations_deltas
  select * from (
    select c.workspace_id, g.grain, (c.resolved_at at time zone w.time_zone)::date, g.channel_id, g.agent_id, g.division_id, g.tag,
           array[sum(c.delta * (c.frt_ms is not null)::int), sum(c.delta * (c.frt_business_ms is not null)::int),
                 sum(c.delta * (c.art_ms is not null)::int), sum(c.delta * (c.art_business_ms is not null)::int),
                 sum(c.delta * (c.resolution_ms is not null)::int), sum(c.delta * (c.resolution_business_ms is not null)::int),
                 sum(c.delta * (c.sla_first_response_met is not null)::int), sum(c.delta * coalesce(c.sla_first_response_met::int, 0)),
                 sum(c.delta * (c.sla_resolution_met is not null)::int), sum(c.delta * coalesce(c.sla_resolution_met::int, 0)),
                 sum(c.delta)]::bigint[] as n,
           array[sum(c.delta * coalesce(c.frt_ms, 0)), sum(c.delta * coalesce(c.frt_business_ms, 0)), sum(c.delta * coalesce(c.art_ms, 0)),
                 sum(c.delta * coalesce(c.art_business_ms, 0)), sum(c.delta * coalesce(c.resolution_ms, 0)), sum(c.delta * coalesce(c.resolution_business_ms, 0))]::bigint[] as sum_ms
    from (
      with changed as (
        select o.id from old_conversations o join new_conversations n on n.id = o.id
        where (o.resolved_at is not null or n.resolved_at is not null)
          and (o.resolved_at, o.channel_id, o.agent_id, o.division_id, o.tags, o.frt_ms, o.frt_business_ms, o.art_ms, o.art_business_ms,
               o.resolution_ms, o.resolution_business_ms, o.sla_first_response_met, o.sla_resolution_met)
              is distinct from
              (n.resolved_at, n.channel_id, n.agent_id, n.division_id, n.tags, n.frt_ms, n.frt_business_ms, n.art_ms, n.art_business_ms,
               n.resolution_ms, n.resolution_business_ms, n.sla_first_response_met, n.sla_resolution_met)
      )
      select -1 as delta, o.workspace_id, o.resolved_at, o.channel_id, o.agent_id, o.division_id, o.tags, o.frt_ms, o.frt_business_ms, o.art_ms, o.art_business_ms,
             o.resolution_ms, o.resolution_business_ms, o.sla_first_response_met, o.sla_resolution_met
      from old_conversations o join changed using (id) where o.resolved_at is not null
      union all
      select 1, n.workspace_id, n.resolved_at, n.channel_id, n.agent_id, n.division_id, n.tags, n.frt_ms, n.frt_business_ms, n.art_ms, n.art_business_ms,
             n.resolution_ms, n.resolution_business_ms, n.sla_first_response_met, n.sla_resolution_met
      from new_conversations n join changed using (id) where n.resolved_at is not null
    ) c join workspaces w on w.id = c.workspace_id
         cross join lateral nilai_grains(c.channel_id, c.agent_id, c.division_id, c.tags, null) g
    group by 1, 2, 3, 4, 5, 6, 7
  ) d
  -- Changes that cancel within the statement (a refold that changed nothing counted) add no delta row.
  where d.n <> array_fill(0::bigint, array[11]) or d.sum_ms <> array_fill(0::bigint, array[6]);
  return null;
end $$;

/*
 * Recomputes a workspace's rollups from the facts (after a bulk load, or a time-zone change): one pass
 * over each fact table into a "base" of exact counts per day × channel × agent × division × version ×
 * tag set, then every grain from the base with GROUPING SETS (the tag grain by unnesting the base's tag
 * sets). Counts what the triggers count (test/http/reports*.test.ts compare the two).
 */
create or replace function nilai_rebuild_rollups(ws uuid) returns void language plpgsql
set work_mem = '256MB' as $$
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
  with b as materialized (
    select (r.answered_at at time zone tz)::date as day, r.channel_id, nilai_nil(r.agent_id) as agent_id, nilai_nil(r.division_id) as division_id,
           r.tags, r.settings_version, r.survey_type, r.scale_max::smallint as scale_max,
           array[count(*) filter (where r.score = 0), count(*) filter (where r.score = 1), count(*) filter (where r.score = 2), count(*) filter (where r.score = 3),
                 count(*) filter (where r.score = 4), count(*) filter (where r.score = 5), count(*) filter (where r.score = 6), count(*) filter (where r.score = 7),
                 count(*) filter (where r.score = 8), count(*) filter (where r.score = 9), count(*) filter (where r.score = 10)]::int[] as counts
    from responses r where r.workspace_id = ws and r.source <> 'broadcast'
    group by 1, 2, 3, 4, 5, 6, 7, 8
  )
  select ws, grain, day, channel_id, agent_id, division_id, tag, settings_version, survey_type, scale_max, counts from (
    select case grouping(b.channel_id, b.agent_id, b.division_id, b.settings_version) when 0 then 0 when 15 then 1 when 7 then 2 when 11 then 3 when 13 then 4 when 14 then 6 end::smallint as grain,
           b.day, nilai_nil(b.channel_id) as channel_id, nilai_nil(b.agent_id) as agent_id, nilai_nil(b.division_id) as division_id, ''::text as tag,
           coalesce(b.settings_version, 0) as settings_version, b.survey_type, b.scale_max,
           array[sum(b.counts[1]), sum(b.counts[2]), sum(b.counts[3]), sum(b.counts[4]), sum(b.counts[5]), sum(b.counts[6]), sum(b.counts[7]), sum(b.counts[8]),
                 sum(b.counts[9]), sum(b.counts[10]), sum(b.counts[11])]::bigint[] as counts
    from b group by b.day, b.survey_type, b.scale_max,
      grouping sets ((b.channel_id, b.agent_id, b.division_id, b.settings_version), (), (b.channel_id), (b.agent_id), (b.division_id), (b.settings_version))
    union all
    select 5::smallint, b.day, nilai_nil(null), nilai_nil(null), nilai_nil(null), t.tag, 0, b.survey_type, b.scale_max,
           array[sum(b.counts[1]), sum(b.counts[2]), sum(b.counts[3]), sum(b.counts[4]), sum(b.counts[5]), sum(b.counts[6]), sum(b.counts[7]), sum(b.counts[8]),
                 sum(b.counts[9]), sum(b.counts[10]), sum(b.counts[11])]::bigint[]
    from b cross join lateral unnest(b.tags) t(tag) group by b.day, t.tag, b.survey_type, b.scale_max
  ) g order by 2, 3, 4, 5, 6, 7, 8, 9, 10;

  insert into rollup_invitations
  with b as materialized (
    select (i.created_at at time zone tz)::date as day, i.channel_id, nilai_nil(i.agent_id) as agent_id, nilai_nil(i.division_id) as division_id, i.tags, i.settings_version,
           array[count(*),
                 count(*) filter (where i.sent_at is not null or i.status in ('sent', 'delivered', 'answered')),
                 count(*) filter (where i.delivered_at is not null or i.status in ('delivered', 'answered')),
                 count(*) filter (where i.answered_at is not null or i.status = 'answered'),
                 count(*) filter (where i.status = 'expired'), count(*) filter (where i.status = 'cancelled'), count(*) filter (where i.status = 'failed'),
                 count(*) filter (where i.reminder_status = 'sent'),
                 count(*) filter (where i.status = 'answered' and i.reminded_at is not null),
                 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]::int[] as counts
    from invitations i where i.workspace_id = ws and i.source <> 'broadcast'
    group by 1, 2, 3, 4, 5, 6
    union all
    select day, channel_id, agent_id, division_id, tags, settings_version,
           nilai_unit(array_position(nilai_invitation_kinds(), 'skipped:' || reason), n, cardinality(nilai_invitation_kinds()))::int[]
    from (select (s.created_at at time zone tz)::date as day, s.channel_id, nilai_nil(c.agent_id) as agent_id, nilai_nil(c.division_id) as division_id,
                 c.tags, s.settings_version, s.reason, count(*) as n
          from survey_skips s left join conversations c on c.id = s.conversation_id
          where s.workspace_id = ws group by 1, 2, 3, 4, 5, 6, 7) s
  )
  select ws, grain, day, channel_id, agent_id, division_id, tag, settings_version, counts from (
    select case grouping(b.channel_id, b.agent_id, b.division_id, b.settings_version) when 0 then 0 when 15 then 1 when 7 then 2 when 11 then 3 when 13 then 4 when 14 then 6 end::smallint as grain,
           b.day, nilai_nil(b.channel_id) as channel_id, nilai_nil(b.agent_id) as agent_id, nilai_nil(b.division_id) as division_id, ''::text as tag,
           coalesce(b.settings_version, 0) as settings_version,
           array[sum(b.counts[1]), sum(b.counts[2]), sum(b.counts[3]), sum(b.counts[4]), sum(b.counts[5]), sum(b.counts[6]), sum(b.counts[7]), sum(b.counts[8]),
                 sum(b.counts[9]), sum(b.counts[10]), sum(b.counts[11]), sum(b.counts[12]), sum(b.counts[13]), sum(b.counts[14]), sum(b.counts[15]), sum(b.counts[16]),
                 sum(b.counts[17]), sum(b.counts[18]), sum(b.counts[19]), sum(b.counts[20]), sum(b.counts[21]), sum(b.counts[22]), sum(b.counts[23])]::bigint[] as counts
    from b group by b.day,
      grouping sets ((b.channel_id, b.agent_id, b.division_id, b.settings_version), (), (b.channel_id), (b.agent_id), (b.division_id), (b.settings_version))
    union all
    select 5::smallint, b.day, nilai_nil(null), nilai_nil(null), nilai_nil(null), t.tag, 0,
           array[sum(b.counts[1]), sum(b.counts[2]), sum(b.counts[3]), sum(b.counts[4]), sum(b.counts[5]), sum(b.counts[6]), sum(b.counts[7]), sum(b.counts[8]),
                 sum(b.counts[9]), sum(b.counts[10]), sum(b.counts[11]), sum(b.counts[12]), sum(b.counts[13]), sum(b.counts[14]), sum(b.counts[15]), sum(b.counts[16]),
                 sum(b.counts[17]), sum(b.counts[18]), sum(b.counts[19]), sum(b.counts[20]), sum(b.counts[21]), sum(b.counts[22]), sum(b.counts[23])]::bigint[]
    from b cross join lateral unnest(b.tags) t(tag) group by b.day, t.tag
  ) g order by 2, 3, 4, 5, 6, 7, 8;

  insert into rollup_conversations
  with b as materialized (
    select (c.resolved_at at time zone tz)::date as day, c.channel_id, nilai_nil(c.agent_id) as agent_id, nilai_nil(c.division_id) as division_id, c.tags,
           array[count(c.frt_ms), count(c.frt_business_ms), count(c.art_ms), count(c.art_business_ms), count(c.resolution_ms), count(c.resolution_business_ms),
                 count(c.sla_first_response_met), count(*) filter (where c.sla_first_response_met),
                 count(c.sla_resolution_met), count(*) filter (where c.sla_resolution_met), count(*)]::int[] as n,
           array[coalesce(sum(c.frt_ms), 0), coalesce(sum(c.frt_business_ms), 0), coalesce(sum(c.art_ms), 0), coalesce(sum(c.art_business_ms), 0),
                 coalesce(sum(c.resolution_ms), 0), coalesce(sum(c.resolution_business_ms), 0)]::bigint[] as sum_ms
    from conversations c where c.workspace_id = ws and c.resolved_at is not null
    group by 1, 2, 3, 4, 5
  )
  select ws, grain, day, channel_id, agent_id, division_id, tag, n, sum_ms from (
    select case grouping(b.channel_id, b.agent_id, b.division_id) when 0 then 0 when 7 then 1 when 3 then 2 when 5 then 3 when 6 then 4 end::smallint as grain,
           b.day, nilai_nil(b.channel_id) as channel_id, nilai_nil(b.agent_id) as agent_id, nilai_nil(b.division_id) as division_id, ''::text as tag,
           array[sum(b.n[1]), sum(b.n[2]), sum(b.n[3]), sum(b.n[4]), sum(b.n[5]), sum(b.n[6]), sum(b.n[7]), sum(b.n[8]), sum(b.n[9]), sum(b.n[10]), sum(b.n[11])]::bigint[] as n,
           array[sum(b.sum_ms[1]), sum(b.sum_ms[2]), sum(b.sum_ms[3]), sum(b.sum_ms[4]), sum(b.sum_ms[5]), sum(b.sum_ms[6])]::bigint[] as sum_ms
    from b group by b.day, grouping sets ((b.channel_id, b.agent_id, b.division_id), (), (b.channel_id), (b.agent_id), (b.division_id))
    union all
    select 5::smallint, b.day, nilai_nil(null), nilai_nil(null), nilai_nil(null), t.tag,
           array[sum(b.n[1]), sum(b.n[2]), sum(b.n[3]), sum(b.n[4]), sum(b.n[5]), sum(b.n[6]), sum(b.n[7]), sum(b.n[8]), sum(b.n[9]), sum(b.n[10]), sum(b.n[11])]::bigint[],
           array[sum(b.sum_ms[1]), sum(b.sum_ms[2]), sum(b.sum_ms[3]), sum(b.sum_ms[4]), sum(b.sum_ms[5]), sum(b.sum_ms[6])]::bigint[]
    from b cross join lateral unnest(b.tags) t(tag) group by b.day, t.tag
  ) g order by 2, 3, 4, 5, 6, 7;
end $$;

/*
 * The upgrade: the old rows (rollup_*_v1 and their pending deltas) into the packed layout. Old grains
 * 0–4 are the new 0–4 (same dimension tuples); the old grain 5 (tag × channel × agent × division ×
 * version) summed over its other dimensions is the new tag grain; the old grain 0 summed over channel,
 * agent and division is the new settings-version grain. A GROUP BY over the old rows, which hold exact
 * counts: no pass over the facts (test/http/reports-rollup-upgrade.test.ts compares it with a rebuild).
 */
create function nilai_convert_rollups_v1() returns void language plpgsql set work_mem = '256MB' as $$
begin
  insert into rollup_responses
  select workspace_id, g.grain, day, g.channel_id, g.agent_id, g.division_id, g.tag, g.settings_version, survey_type, scale_max,
         array[coalesce(sum(n) filter (where score = 0), 0), coalesce(sum(n) filter (where score = 1), 0), coalesce(sum(n) filter (where score = 2), 0), coalesce(sum(n) filter (where score = 3), 0),
               coalesce(sum(n) filter (where score = 4), 0), coalesce(sum(n) filter (where score = 5), 0), coalesce(sum(n) filter (where score = 6), 0), coalesce(sum(n) filter (where score = 7), 0),
               coalesce(sum(n) filter (where score = 8), 0), coalesce(sum(n) filter (where score = 9), 0), coalesce(sum(n) filter (where score = 10), 0)]::bigint[]
  from (select * from rollup_responses_v1 union all select * from rollup_responses_deltas_v1) o
       cross join lateral (select o.grain, o.channel_id, o.agent_id, o.division_id, o.tag, o.settings_version where o.grain between 0 and 4
                           union all select 5::smallint, nilai_nil(null), nilai_nil(null), nilai_nil(null), o.tag, 0 where o.grain = 5
                           union all select 6::smallint, nilai_nil(null), nilai_nil(null), nilai_nil(null), '', o.settings_version where o.grain = 0) g
  group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;

  insert into rollup_invitations
  select workspace_id, g.grain, day, g.channel_id, g.agent_id, g.division_id, g.tag, g.settings_version,
         array[coalesce(sum(n) filter (where kind = 'scheduled'), 0), coalesce(sum(n) filter (where kind = 'sent'), 0), coalesce(sum(n) filter (where kind = 'delivered'), 0),
               coalesce(sum(n) filter (where kind = 'answered'), 0), coalesce(sum(n) filter (where kind = 'expired'), 0), coalesce(sum(n) filter (where kind = 'cancelled'), 0),
               coalesce(sum(n) filter (where kind = 'failed'), 0), coalesce(sum(n) filter (where kind = 'reminded'), 0), coalesce(sum(n) filter (where kind = 'answered_after_reminder'), 0),
               coalesce(sum(n) filter (where kind = 'skipped:not_resolved'), 0), coalesce(sum(n) filter (where kind = 'skipped:no_survey_for_channel'), 0), coalesce(sum(n) filter (where kind = 'skipped:manual_not_requested'), 0),
               coalesce(sum(n) filter (where kind = 'skipped:suppressed_by_inbox'), 0), coalesce(sum(n) filter (where kind = 'skipped:opted_out'), 0), coalesce(sum(n) filter (where kind = 'skipped:no_agent_message'), 0),
               coalesce(sum(n) filter (where kind = 'skipped:already_surveyed'), 0), coalesce(sum(n) filter (where kind = 'skipped:cooldown'), 0), coalesce(sum(n) filter (where kind = 'skipped:resolved_too_long_ago'), 0),
               coalesce(sum(n) filter (where kind = 'skipped:not_targeted_contact_field'), 0), coalesce(sum(n) filter (where kind = 'skipped:excluded_tag'), 0), coalesce(sum(n) filter (where kind = 'skipped:missing_included_tag'), 0),
               coalesce(sum(n) filter (where kind = 'skipped:too_few_customer_messages'), 0), coalesce(sum(n) filter (where kind = 'skipped:not_sampled'), 0)]::bigint[]
  from (select * from rollup_invitations_v1 union all select * from rollup_invitations_deltas_v1) o
       cross join lateral (select o.grain, o.channel_id, o.agent_id, o.division_id, o.tag, o.settings_version where o.grain between 0 and 4
                           union all select 5::smallint, nilai_nil(null), nilai_nil(null), nilai_nil(null), o.tag, 0 where o.grain = 5
                           union all select 6::smallint, nilai_nil(null), nilai_nil(null), nilai_nil(null), '', o.settings_version where o.grain = 0) g
  group by 1, 2, 3, 4, 5, 6, 7, 8;

  insert into rollup_conversations
  select workspace_id, g.grain, day, g.channel_id, g.agent_id, g.division_id, g.tag,
         array[coalesce(sum(n) filter (where metric = 'frt'), 0), coalesce(sum(n) filter (where metric = 'frt_business'), 0),
               coalesce(sum(n) filter (where metric = 'art'), 0), coalesce(sum(n) filter (where metric = 'art_business'), 0),
               coalesce(sum(n) filter (where metric = 'resolution'), 0), coalesce(sum(n) filter (where metric = 'resolution_business'), 0),
               coalesce(sum(n) filter (where metric = 'sla_first_response'), 0), coalesce(sum(n) filter (where metric = 'sla_first_response' and bucket = 1), 0),
               coalesce(sum(n) filter (where metric = 'sla_resolution'), 0), coalesce(sum(n) filter (where metric = 'sla_resolution' and bucket = 1), 0),
               coalesce(sum(n) filter (where metric = 'resolved'), 0)]::bigint[],
         array[coalesce(sum(sum_ms) filter (where metric = 'frt'), 0), coalesce(sum(sum_ms) filter (where metric = 'frt_business'), 0),
               coalesce(sum(sum_ms) filter (where metric = 'art'), 0), coalesce(sum(sum_ms) filter (where metric = 'art_business'), 0),
               coalesce(sum(sum_ms) filter (where metric = 'resolution'), 0), coalesce(sum(sum_ms) filter (where metric = 'resolution_business'), 0)]::bigint[]
  from (select * from rollup_conversations_v1 union all select * from rollup_conversations_deltas_v1) o
       cross join lateral (select o.grain, o.channel_id, o.agent_id, o.division_id, o.tag where o.grain between 0 and 4
                           union all select 5::smallint, nilai_nil(null), nilai_nil(null), nilai_nil(null), o.tag where o.grain = 5) g
  group by 1, 2, 3, 4, 5, 6, 7;
end $$;

select nilai_convert_rollups_v1();
drop table rollup_responses_v1, rollup_invitations_v1, rollup_conversations_v1,
  rollup_responses_deltas_v1, rollup_invitations_deltas_v1, rollup_conversations_deltas_v1;
