-- Week and month rollup rows (issue 18): a report over 30 or 90 days added 30 or 90 day rows per group and
-- table, and with them as many duration sketches (at 10 M responses the agents' 30 days were about 900 k
-- sketch counts, most of the report's time). Every grain but the cube now also holds one row per ISO week
-- (Monday to Sunday of local dates; grain + 10, day its Monday) and one per calendar month (grain + 20,
-- day its first), the sums of their day rows. A report reads a period as a signed sum of month, week and
-- day rows (src/domain/reports/period-cover.ts): "last 30 days" is this month and last month minus the
-- first days of last month. The cube (grain 0) keeps day rows only: it is most of the rollup rows, and
-- week and month rows of it would take the rollups above 5 % of the facts at 10 M responses.
--
-- The deltas stay day rows; the fold adds each to its day, week and month rows in one statement, and the
-- rebuild makes the week and month rows from the day rows it has just written. The upgrade makes them here.

select pg_advisory_xact_lock(7357002);

/** The Monday of the ISO week holding `d` (date arithmetic: no time zone involved). */
create or replace function nilai_week(d date) returns date language sql immutable parallel safe as $$
  select d - (extract(isodow from d)::integer - 1)
$$;
/** The first day of the month holding `d`. */
create or replace function nilai_month(d date) returns date language sql immutable parallel safe as $$
  select d - (extract(day from d)::integer - 1)
$$;

/** 0046's fold, each delta added to its day row, and (but the cube's) to its week and month rows. */
create or replace function nilai_fold_rollups() returns void language plpgsql as $$
begin
  if not pg_try_advisory_xact_lock(7357002) then return; end if;
  with moved as (delete from rollup_responses_deltas returning *),
  spans as (
    select workspace_id, grain, day, channel_id, agent_id, division_id, tag, settings_version, survey_type, scale_max, counts from moved
    union all select workspace_id, grain + 10, nilai_week(day), channel_id, agent_id, division_id, tag, settings_version, survey_type, scale_max, counts from moved where grain <> 0
    union all select workspace_id, grain + 20, nilai_month(day), channel_id, agent_id, division_id, tag, settings_version, survey_type, scale_max, counts from moved where grain <> 0
  )
  insert into rollup_responses as r
  select workspace_id, grain, day, channel_id, agent_id, division_id, tag, settings_version, survey_type, scale_max, nilai_sum(counts) from spans
  group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 order by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  on conflict (workspace_id, grain, day, channel_id, agent_id, division_id, tag, settings_version, survey_type, scale_max)
  do update set counts = nilai_add(r.counts, excluded.counts);

  with moved as (delete from rollup_invitations_deltas returning *),
  spans as (
    select workspace_id, grain, day, channel_id, agent_id, division_id, tag, settings_version, counts from moved
    union all select workspace_id, grain + 10, nilai_week(day), channel_id, agent_id, division_id, tag, settings_version, counts from moved where grain <> 0
    union all select workspace_id, grain + 20, nilai_month(day), channel_id, agent_id, division_id, tag, settings_version, counts from moved where grain <> 0
  )
  insert into rollup_invitations as r
  select workspace_id, grain, day, channel_id, agent_id, division_id, tag, settings_version, nilai_sum(counts) from spans
  group by 1, 2, 3, 4, 5, 6, 7, 8 order by 1, 2, 3, 4, 5, 6, 7, 8
  on conflict (workspace_id, grain, day, channel_id, agent_id, division_id, tag, settings_version)
  do update set counts = nilai_add(r.counts, excluded.counts);

  with moved as (delete from rollup_conversations_deltas returning *),
  spans as (
    select workspace_id, grain, day, channel_id, agent_id, division_id, tag, n, sum_ms, sketch from moved
    union all select workspace_id, grain + 10, nilai_week(day), channel_id, agent_id, division_id, tag, n, sum_ms, sketch from moved where grain <> 0
    union all select workspace_id, grain + 20, nilai_month(day), channel_id, agent_id, division_id, tag, n, sum_ms, sketch from moved where grain <> 0
  )
  insert into rollup_conversations as r
  select workspace_id, grain, day, channel_id, agent_id, division_id, tag, nilai_sum(n), nilai_sum(sum_ms), nilai_sketch_sum(sketch) from spans
  group by 1, 2, 3, 4, 5, 6, 7 order by 1, 2, 3, 4, 5, 6, 7
  on conflict (workspace_id, grain, day, channel_id, agent_id, division_id, tag)
  do update set n = nilai_add(r.n, excluded.n), sum_ms = nilai_add(r.sum_ms, excluded.sum_ms), sketch = nilai_sketch_add(r.sketch, excluded.sketch);
end $$;

/**
 * A workspace's week and month rows from its day rows (which must hold none yet: the rebuild has just
 * deleted them). Counts of a month fit an int, as those of a day do, so their sums are int8 sums.
 */
create function nilai_rebuild_span_rollups(ws uuid) returns void language plpgsql
set work_mem = '256MB' as $$
begin
  insert into rollup_responses
  select workspace_id, s.grain, s.day, channel_id, agent_id, division_id, tag, settings_version, survey_type, scale_max,
         array[sum(counts[1]::int), sum(counts[2]::int), sum(counts[3]::int), sum(counts[4]::int), sum(counts[5]::int), sum(counts[6]::int),
               sum(counts[7]::int), sum(counts[8]::int), sum(counts[9]::int), sum(counts[10]::int), sum(counts[11]::int)]::bigint[]
  from rollup_responses r cross join lateral (values (r.grain + 10, nilai_week(r.day)), (r.grain + 20, nilai_month(r.day))) s(grain, day)
  where workspace_id = ws and r.grain between 1 and 6
  group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 order by 2, 3, 4, 5, 6, 7, 8, 9, 10;

  insert into rollup_invitations
  select workspace_id, s.grain, s.day, channel_id, agent_id, division_id, tag, settings_version,
         array[sum(counts[1]::int), sum(counts[2]::int), sum(counts[3]::int), sum(counts[4]::int), sum(counts[5]::int), sum(counts[6]::int),
               sum(counts[7]::int), sum(counts[8]::int), sum(counts[9]::int), sum(counts[10]::int), sum(counts[11]::int), sum(counts[12]::int),
               sum(counts[13]::int), sum(counts[14]::int), sum(counts[15]::int), sum(counts[16]::int), sum(counts[17]::int), sum(counts[18]::int),
               sum(counts[19]::int), sum(counts[20]::int), sum(counts[21]::int), sum(counts[22]::int), sum(counts[23]::int)]::bigint[]
  from rollup_invitations r cross join lateral (values (r.grain + 10, nilai_week(r.day)), (r.grain + 20, nilai_month(r.day))) s(grain, day)
  where workspace_id = ws and r.grain between 1 and 6
  group by 1, 2, 3, 4, 5, 6, 7, 8 order by 2, 3, 4, 5, 6, 7, 8;

  insert into rollup_conversations (workspace_id, grain, day, channel_id, agent_id, division_id, tag, n, sum_ms, sketch)
  with w as (
    select s.grain, s.day, channel_id, agent_id, division_id, tag,
           array[sum(n[1]::int), sum(n[2]::int), sum(n[3]::int), sum(n[4]::int), sum(n[5]::int), sum(n[6]::int), sum(n[7]::int), sum(n[8]::int),
                 sum(n[9]::int), sum(n[10]::int), sum(n[11]::int)]::bigint[] as n,
           array[sum(sum_ms[1]), sum(sum_ms[2]), sum(sum_ms[3]), sum(sum_ms[4]), sum(sum_ms[5]), sum(sum_ms[6])]::bigint[] as sum_ms
    from rollup_conversations r cross join lateral (values (r.grain + 10, nilai_week(r.day)), (r.grain + 20, nilai_month(r.day))) s(grain, day)
    where workspace_id = ws and r.grain between 1 and 6
    group by 1, 2, 3, 4, 5, 6
  ),
  k as (
    select grain, day, channel_id, agent_id, division_id, tag, array_agg(nilai_sketch_entry(key, n) order by key) as sketch from (
      select s.grain, s.day, channel_id, agent_id, division_id, tag, nilai_sketch_key(e) as key, sum(nilai_sketch_count(e))::bigint as n
      from rollup_conversations r cross join lateral unnest(r.sketch) e
           cross join lateral (values (r.grain + 10, nilai_week(r.day)), (r.grain + 20, nilai_month(r.day))) s(grain, day)
      where workspace_id = ws and r.grain between 1 and 6
      group by 1, 2, 3, 4, 5, 6, 7 having sum(nilai_sketch_count(e)) <> 0
    ) e group by 1, 2, 3, 4, 5, 6
  )
  select ws, w.grain, w.day, w.channel_id, w.agent_id, w.division_id, w.tag, w.n, w.sum_ms, coalesce(k.sketch, '{}')
  from w left join k using (grain, day, channel_id, agent_id, division_id, tag)
  order by 2, 3, 4, 5, 6, 7;
end $$;

-- The rebuild: 0046's (which deletes every row of the workspace, week and month rows too) makes the day
-- rows, then the week and month rows are made from them.
alter function nilai_rebuild_rollups(uuid) rename to nilai_rebuild_day_rollups;
create function nilai_rebuild_rollups(ws uuid) returns void language plpgsql as $$
begin
  perform nilai_rebuild_day_rollups(ws);
  perform nilai_rebuild_span_rollups(ws);
end $$;

-- The upgrade: every workspace's week and month rows (the deltas not folded yet are added by the next fold).
select nilai_rebuild_span_rollups(id) from workspaces;
