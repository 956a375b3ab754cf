-- Duration sketches in the conversation rollups (issue 18): the medians and p90s of first response,
-- average response and resolution times (wall and business) came from a random sample of conversations
-- read at report time, the one part of the summary still proportional to the data. Each
-- rollup_conversations row (and delta) now also holds a sparse sketch of its six durations, and a report
-- adds the sketches of the rows it reads (src/store/reports/summary-facts.ts).
--
-- Buckets (src/domain/reports/duration-sketch.ts, the same integer arithmetic): 0 for 0 ms; a duration
-- v ≥ 1 ms (at most 400 days, larger ones count as 400 days) in octave e = floor(log2 v), cut into 12:
-- bucket 1 + 12e + floor(12 (v − 2^e) / 2^e), 422 buckets, each value within 1/24 (4.2 %) of its bucket's.
-- nilai_duration_bucket is that definition, used by the triggers and the rebuild alike
-- (test/http/duration-sketch-sql.test.ts compares it with the TypeScript one).
--
-- rollup_conversations.sketch (bigint[], ascending): one element per (metric, bucket) with a count,
-- nilai_sketch_entry(key, count) = key · 2^32 + count, key = metric · 512 + bucket, metric the position
-- of the duration in rollup_conversations.sum_ms (0 frt … 5 resolution_business). Deltas carry negative
-- counts (a resolved conversation changed or reopened), hence the offset in nilai_sketch_key.
--
-- Upgrade: the sketches are computed from the conversations, so every workspace's conversation rollups
-- are rebuilt here (nilai_rebuild_conversation_rollups, the conversations part of nilai_rebuild_rollups):
-- about the time that part of a rebuild takes (README, reports benchmark).

select pg_advisory_xact_lock(7357002);
alter table rollup_conversations add column sketch bigint[] not null default '{}';
alter table rollup_conversations_deltas add column sketch bigint[] not null default '{}';

/** floor(log2 v) for v ≥ 1, exact: the float estimate corrected by one either way. */
create function nilai_log2_floor(v bigint) returns integer language sql immutable parallel safe as $$
  select floor(ln(v::float8) / ln(2::float8))::integer
         - ((1::bigint << floor(ln(v::float8) / ln(2::float8))::integer) > v)::integer
         + ((1::bigint << (floor(ln(v::float8) / ln(2::float8))::integer + 1)) <= v)::integer
$$;

/** The sketch bucket of a duration in ms (see the top of this file); one expression, so it is inlined. */
create function nilai_duration_bucket(ms bigint) returns integer language sql immutable parallel safe as $$
  select case when ms is null or ms < 1 then 0
    else 1 + 12 * nilai_log2_floor(least(ms, 34560000000))
           + (((least(ms, 34560000000) - (1::bigint << nilai_log2_floor(least(ms, 34560000000)))) * 12) >> nilai_log2_floor(least(ms, 34560000000)))::integer end
$$;

/** The sketch keys (metric · 512 + bucket) of one conversation's measured durations. */
create function nilai_duration_keys(frt bigint, frt_business bigint, art bigint, art_business bigint, resolution bigint, resolution_business bigint)
returns table (key integer) language sql immutable parallel safe as $$
  select m.i * 512 + nilai_duration_bucket(m.ms)
  from (values (0, frt), (1, frt_business), (2, art), (3, art_business), (4, resolution), (5, resolution_business)) m(i, ms)
  where m.ms is not null
$$;

create function nilai_sketch_entry(key integer, n bigint) returns bigint language sql immutable parallel safe as $$
  select (key::bigint << 32) + n
$$;
create function nilai_sketch_key(e bigint) returns integer language sql immutable parallel safe as $$
  select ((e + 2147483648) >> 32)::integer
$$;
create function nilai_sketch_count(e bigint) returns bigint language sql immutable parallel safe as $$
  select e - (((e + 2147483648) >> 32) << 32)
$$;

/** Two sketches added (a null one is empty); entries whose counts cancel are dropped. */
create function nilai_sketch_add(a bigint[], b bigint[]) returns bigint[] language sql immutable parallel safe as $$
  select coalesce(array_agg(nilai_sketch_entry(k, n) order by k), '{}') from (
    select nilai_sketch_key(e) as k, sum(nilai_sketch_count(e))::bigint as n from unnest(coalesce(a, '{}') || coalesce(b, '{}')) e
    group by 1 having sum(nilai_sketch_count(e)) <> 0) s
$$;
/** Sketches added over rows; for the fold (few rows per key): reports add unnested entries in plain SQL. */
create aggregate nilai_sketch_sum(bigint[]) (sfunc = nilai_sketch_add, stype = bigint[], initcond = '{}');

/** 0039's fold, the conversation sketches added too. */
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
  select workspace_id, grain, day, channel_id, agent_id, division_id, tag, nilai_sum(n), nilai_sum(sum_ms), nilai_sketch_sum(sketch) from moved
  group by 1, 2, 3, 4, 5, 6, 7 order by 1, 2, 3, 4, 5, 6, 7
  on conflict (workspace_id, grain, day, channel_id, agent_id, division_id, tag)
  do update set n = nilai_add(r.n, excluded.n), sum_ms = nilai_add(r.sum_ms, excluded.sum_ms), sketch = nilai_sketch_add(r.sketch, excluded.sketch);
end $$;

-- The conversations update trigger (0038, packed by 0039): the same rows (old side −1, new side +1, for
-- the conversations whose counted columns changed), now with their sketch entries.
create or replace function nilai_rollup_conversations() returns trigger language plpgsql as $$
begin
  insert into rollup_conversations_deltas (workspace_id, grain, day, channel_id, agent_id, division_id, tag, n, sum_ms, sketch)
  with c as materialized (
    select c.delta, c.workspace_id, g.grain, (c.resolved_at at time zone w.time_zone)::date as day, g.channel_id, g.agent_id, g.division_id, g.tag,
           c.frt_ms, c.frt_business_ms, c.art_ms, c.art_business_ms, c.resolution_ms, c.resolution_business_ms, c.sla_first_response_met, c.sla_resolution_met
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
  ),
  s as (
    select workspace_id, grain, day, channel_id, agent_id, division_id, tag, array_agg(nilai_sketch_entry(key, n) order by key) as sketch
    from (select c.workspace_id, c.grain, c.day, c.channel_id, c.agent_id, c.division_id, c.tag, k.key, sum(c.delta) as n
          from c cross join lateral nilai_duration_keys(c.frt_ms, c.frt_business_ms, c.art_ms, c.art_business_ms, c.resolution_ms, c.resolution_business_ms) k
          group by 1, 2, 3, 4, 5, 6, 7, 8 having sum(c.delta) <> 0) e
    group by 1, 2, 3, 4, 5, 6, 7
  ),
  d as (
    select c.workspace_id, c.grain, c.day, c.channel_id, c.agent_id, c.division_id, c.tag,
           array[sum(c.delta * (c.frt_ms is not null)::int), sum(c.delta * (c.frt_business_ms is not null)::int),
                 sum(c.delta * (c.art_ms is not null)::int), sum(c.delta * (c.art_business_ms is not null)::int),
                 sum(c.delta * (c.resolution_ms is not null)::int), sum(c.delta * (c.resolution_business_ms is not null)::int),
                 sum(c.delta * (c.sla_first_response_met is not null)::int), sum(c.delta * coalesce(c.sla_first_response_met::int, 0)),
                 sum(c.delta * (c.sla_resolution_met is not null)::int), sum(c.delta * coalesce(c.sla_resolution_met::int, 0)),
                 sum(c.delta)]::bigint[] as n,
           array[sum(c.delta * coalesce(c.frt_ms, 0)), sum(c.delta * coalesce(c.frt_business_ms, 0)), sum(c.delta * coalesce(c.art_ms, 0)),
                 sum(c.delta * coalesce(c.art_business_ms, 0)), sum(c.delta * coalesce(c.resolution_ms, 0)), sum(c.delta * coalesce(c.resolution_business_ms, 0))]::bigint[] as sum_ms
    from c group by 1, 2, 3, 4, 5, 6, 7
  )
  select d.workspace_id, d.grain, d.day, d.channel_id, d.agent_id, d.division_id, d.tag, d.n, d.sum_ms, coalesce(s.sketch, '{}')
  from d left join s using (workspace_id, grain, day, channel_id, agent_id, division_id, tag)
  -- Changes that cancel within the statement (a refold that changed nothing counted) add no delta row.
  where d.n <> array_fill(0::bigint, array[11]) or d.sum_ms <> array_fill(0::bigint, array[6]) or s.sketch is not null;
  return null;
end $$;

-- 0045's conversations INSERT statement trigger (kept): inserted resolved rows, now with their sketches.
create or replace function nilai_rollup_conversations_inserted() returns trigger language plpgsql as $$
begin
  insert into rollup_conversations_deltas (workspace_id, grain, day, channel_id, agent_id, division_id, tag, n, sum_ms, sketch)
  with c as materialized (
    select c.workspace_id, g.grain, (c.resolved_at at time zone w.time_zone)::date as day, g.channel_id, g.agent_id, g.division_id, g.tag,
           c.frt_ms, c.frt_business_ms, c.art_ms, c.art_business_ms, c.resolution_ms, c.resolution_business_ms, c.sla_first_response_met, c.sla_resolution_met
    from new_conversations c join workspaces w on w.id = c.workspace_id
         cross join lateral nilai_grains(c.channel_id, c.agent_id, c.division_id, c.tags, null) g
    where c.resolved_at is not null
  ),
  s as (
    select workspace_id, grain, day, channel_id, agent_id, division_id, tag, array_agg(nilai_sketch_entry(key, n) order by key) as sketch
    from (select c.workspace_id, c.grain, c.day, c.channel_id, c.agent_id, c.division_id, c.tag, k.key, count(*) as n
          from c cross join lateral nilai_duration_keys(c.frt_ms, c.frt_business_ms, c.art_ms, c.art_business_ms, c.resolution_ms, c.resolution_business_ms) k
          group by 1, 2, 3, 4, 5, 6, 7, 8) e
    group by 1, 2, 3, 4, 5, 6, 7
  )
  select c.workspace_id, c.grain, c.day, c.channel_id, c.agent_id, c.division_id, c.tag,
         array[sum((c.frt_ms is not null)::int), sum((c.frt_business_ms is not null)::int),
               sum((c.art_ms is not null)::int), sum((c.art_business_ms is not null)::int),
               sum((c.resolution_ms is not null)::int), sum((c.resolution_business_ms is not null)::int),
               sum((c.sla_first_response_met is not null)::int), sum(coalesce(c.sla_first_response_met::int, 0)),
               sum((c.sla_resolution_met is not null)::int), sum(coalesce(c.sla_resolution_met::int, 0)),
               count(*)]::bigint[],
         array[sum(coalesce(c.frt_ms, 0)), sum(coalesce(c.frt_business_ms, 0)), sum(coalesce(c.art_ms, 0)),
               sum(coalesce(c.art_business_ms, 0)), sum(coalesce(c.resolution_ms, 0)), sum(coalesce(c.resolution_business_ms, 0))]::bigint[],
         coalesce(min(s.sketch), '{}')
  from c left join s using (workspace_id, grain, day, channel_id, agent_id, division_id, tag)
  group by 1, 2, 3, 4, 5, 6, 7;
  return null;
end $$;

/*
 * The conversations part of nilai_rebuild_rollups (0039), with the sketches: a base of exact counts and
 * sums per day × channel × agent × division × tag set, and a base of sketch entries per the same and
 * sketch key; every grain from each with GROUPING SETS, joined.
 */
create function nilai_rebuild_conversation_rollups(ws uuid) returns void language plpgsql
set work_mem = '256MB' as $$
declare tz text := (select time_zone from workspaces where id = ws);
begin
  delete from rollup_conversations where workspace_id = ws;
  delete from rollup_conversations_deltas where workspace_id = ws;
  insert into rollup_conversations (workspace_id, grain, day, channel_id, agent_id, division_id, tag, n, sum_ms, sketch)
  with b as materialized (
    select (c.resolved_at at time zone tz)::date as day, c.channel_id, nilai_nil(c.agent_id) as agent_id, nilai_nil(c.division_id) as division_id, c.tags,
           array[count(c.frt_ms), count(c.frt_business_ms), count(c.art_ms), count(c.art_business_ms), count(c.resolution_ms), count(c.resolution_business_ms),
                 count(c.sla_first_response_met), count(*) filter (where c.sla_first_response_met),
                 count(c.sla_resolution_met), count(*) filter (where c.sla_resolution_met), count(*)]::int[] as n,
           array[coalesce(sum(c.frt_ms), 0), coalesce(sum(c.frt_business_ms), 0), coalesce(sum(c.art_ms), 0), coalesce(sum(c.art_business_ms), 0),
                 coalesce(sum(c.resolution_ms), 0), coalesce(sum(c.resolution_business_ms), 0)]::bigint[] as sum_ms
    from conversations c where c.workspace_id = ws and c.resolved_at is not null
    group by 1, 2, 3, 4, 5
  ),
  bs as materialized (
    select (c.resolved_at at time zone tz)::date as day, c.channel_id, nilai_nil(c.agent_id) as agent_id, nilai_nil(c.division_id) as division_id, c.tags,
           k.key, count(*) as n
    from conversations c
         cross join lateral nilai_duration_keys(c.frt_ms, c.frt_business_ms, c.art_ms, c.art_business_ms, c.resolution_ms, c.resolution_business_ms) k
    where c.workspace_id = ws and c.resolved_at is not null
    group by 1, 2, 3, 4, 5, 6
  ),
  s as (
    select grain, day, channel_id, agent_id, division_id, tag, array_agg(nilai_sketch_entry(key, n) order by key) as sketch from (
      select case grouping(bs.channel_id, bs.agent_id, bs.division_id) when 0 then 0 when 7 then 1 when 3 then 2 when 5 then 3 when 6 then 4 end::smallint as grain,
             bs.day, nilai_nil(bs.channel_id) as channel_id, nilai_nil(bs.agent_id) as agent_id, nilai_nil(bs.division_id) as division_id, ''::text as tag,
             bs.key, sum(bs.n)::bigint as n
      from bs group by bs.day, bs.key, grouping sets ((bs.channel_id, bs.agent_id, bs.division_id), (), (bs.channel_id), (bs.agent_id), (bs.division_id))
      union all
      select 5::smallint, bs.day, nilai_nil(null), nilai_nil(null), nilai_nil(null), t.tag, bs.key, sum(bs.n)::bigint
      from bs cross join lateral unnest(bs.tags) t(tag) group by bs.day, t.tag, bs.key
    ) e group by 1, 2, 3, 4, 5, 6
  )
  select ws, g.grain, g.day, g.channel_id, g.agent_id, g.division_id, g.tag, g.n, g.sum_ms, coalesce(s.sketch, '{}') from (
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
  ) g left join s using (grain, day, channel_id, agent_id, division_id, tag)
  order by 2, 3, 4, 5, 6, 7;
end $$;

-- 0039's rebuild, its conversations part now nilai_rebuild_conversation_rollups (with the sketches).
create or replace function nilai_rebuild_rollups(ws uuid) returns void language plpgsql
set work_mem = '256MB' as $$
declare tz text := (select time_zone from workspaces where id = ws);
begin
  perform pg_advisory_xact_lock(7357002);
  delete from rollup_responses where workspace_id = ws;
  delete from rollup_invitations where workspace_id = ws;
  delete from rollup_responses_deltas where workspace_id = ws;
  delete from rollup_invitations_deltas where workspace_id = ws;

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

  perform nilai_rebuild_conversation_rollups(ws);
end $$;

-- The upgrade: every workspace's conversation rollups, with their sketches.
select nilai_rebuild_conversation_rollups(id) from workspaces;
