-- Report rollup deltas per statement instead of per row (issue 18, set-based intake). The row triggers of
-- 0003, 0024 and 0029 ran a function and an INSERT of one delta row per grain per fact row: for a batch of
-- 100 events that was about 70 % of intake's database time (bench/events.ts, pg_stat_statements). These
-- statement triggers read the statement's rows from transition tables and append one delta row per
-- rollup key per statement (GROUP BY), so 25 conversations resolved on the same day in one channel add
-- as many delta rows as one. They count exactly what the row triggers counted (and what
-- nilai_rebuild_rollups recomputes; test/http/reports*.test.ts compare the two).
--
-- PostgreSQL allows transition tables neither with a column list (`update of status`) nor on a trigger
-- with several events, and a statement trigger has no WHEN: so one trigger per event, and the filters
-- (did a counted column change, broadcasts left out) are in the functions, comparing old and new by id.

drop trigger responses_rollup on responses;
drop trigger invitations_rollup on invitations;
drop trigger survey_skips_rollup on survey_skips;
drop trigger conversations_rollup on conversations;
drop function nilai_rollup_response();
drop function nilai_rollup_invitation();
drop function nilai_rollup_skip();
drop function nilai_rollup_conversation();
drop function nilai_count_invitation(invitations, text[], integer);
drop function nilai_count_conversation(conversations, integer);

create function nilai_rollup_responses() returns trigger language plpgsql as $$
begin
  insert into rollup_responses_deltas
  select r.workspace_id, g.grain, (r.answered_at at time zone w.time_zone)::date, g.channel_id, g.agent_id, g.division_id, g.tag, g.settings_version,
         r.survey_type, r.scale_max, r.score, count(*)
  from new_responses r join workspaces w on w.id = r.workspace_id
       cross join lateral nilai_grains(r.channel_id, r.agent_id, r.division_id, r.tags, r.settings_version) g
  where r.source <> 'broadcast'
  group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11;
  return null;
end $$;
create trigger responses_rollup after insert on responses referencing new table as new_responses
  for each statement execute function nilai_rollup_responses();

create function nilai_rollup_invitations_inserted() returns trigger language plpgsql as $$
begin
  insert into rollup_invitations_deltas
  select i.workspace_id, g.grain, (i.created_at at time zone w.time_zone)::date, g.channel_id, g.agent_id, g.division_id, g.tag, g.settings_version, 'scheduled', count(*)
  from new_invitations i join workspaces w on w.id = i.workspace_id
       cross join lateral nilai_grains(i.channel_id, i.agent_id, i.division_id, i.tags, i.settings_version) g
  where i.source <> 'broadcast'
  group by 1, 2, 3, 4, 5, 6, 7, 8, 9;
  return null;
end $$;
create trigger invitations_rollup_insert after insert on invitations referencing new table as new_invitations
  for each statement execute function nilai_rollup_invitations_inserted();

/*
 * Invitation milestones are cumulative (one that went straight from scheduled to delivered counts as
 * sent too); a reminder counts when reminder_status becomes 'sent', and an answer to a reminded survey
 * also as 'answered_after_reminder'. The dimensions and day are the updated row's.
 */
create function nilai_rollup_invitations_updated() returns trigger language plpgsql as $$
begin
  insert into rollup_invitations_deltas
  select n.workspace_id, g.grain, (n.created_at at time zone w.time_zone)::date, g.channel_id, g.agent_id, g.division_id, g.tag, g.settings_version, k.kind, count(*)
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
  group by 1, 2, 3, 4, 5, 6, 7, 8, 9;
  return null;
end $$;
create trigger invitations_rollup_update after update on invitations referencing old table as old_invitations new table as new_invitations
  for each statement execute function nilai_rollup_invitations_updated();

-- A skip counts under its conversation's agent, division and tags at the time of the skip.
create function nilai_rollup_skips() returns trigger language plpgsql as $$
begin
  insert into rollup_invitations_deltas
  select s.workspace_id, g.grain, (s.created_at at time zone w.time_zone)::date, g.channel_id, g.agent_id, g.division_id, g.tag, g.settings_version, 'skipped:' || s.reason, count(*)
  from new_skips s join workspaces w on w.id = s.workspace_id
       left join conversations c on c.id = s.conversation_id
       cross join lateral nilai_grains(s.channel_id, c.agent_id, c.division_id, c.tags, s.settings_version) g
  group by 1, 2, 3, 4, 5, 6, 7, 8, 9;
  return null;
end $$;
create trigger survey_skips_rollup after insert on survey_skips referencing new table as new_skips
  for each statement execute function nilai_rollup_skips();

/*
 * A resolved conversation's timings and SLA outcomes: an update that changes any of them (or the
 * dimensions, or the resolve) takes the old row's out (-1) and puts the new row's in (+1). Sums that
 * cancel within the statement (a refold that changed nothing counted) add no delta row.
 */
create function nilai_rollup_conversations() returns trigger language plpgsql as $$
begin
  insert into rollup_conversations_deltas
  select c.workspace_id, g.grain, (c.resolved_at at time zone w.time_zone)::date, g.channel_id, g.agent_id, g.division_id, g.tag,
         m.metric, m.bucket, sum(c.delta), sum(c.delta * m.ms)
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
       cross join lateral nilai_grains(c.channel_id, c.agent_id, c.division_id, c.tags, 0) g
       cross join lateral (values ('frt', nilai_measured(c.frt_ms), c.frt_ms), ('frt_business', nilai_measured(c.frt_business_ms), c.frt_business_ms),
               ('art', nilai_measured(c.art_ms), c.art_ms), ('art_business', nilai_measured(c.art_business_ms), c.art_business_ms),
               ('resolution', nilai_measured(c.resolution_ms), c.resolution_ms), ('resolution_business', nilai_measured(c.resolution_business_ms), c.resolution_business_ms),
               ('sla_first_response', c.sla_first_response_met::integer, 0::bigint), ('sla_resolution', c.sla_resolution_met::integer, 0::bigint),
               ('resolved', 0, 0::bigint)) m(metric, bucket, ms)
  where m.bucket is not null
  group by 1, 2, 3, 4, 5, 6, 7, 8, 9
  having sum(c.delta) <> 0 or sum(c.delta * m.ms) <> 0;
  return null;
end $$;
create trigger conversations_rollup after update on conversations referencing old table as old_conversations new table as new_conversations
  for each statement execute function nilai_rollup_conversations();
