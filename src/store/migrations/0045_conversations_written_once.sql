-- Intake writes each conversation once per batch (issue 18, set-based intake): one INSERT … ON CONFLICT
-- DO UPDATE with the folded state, instead of an INSERT (or a no-op update that took the row lock) and
-- then an UPDATE. Two things follow:
--
-- 1. A conversation can now be inserted already resolved (its first batch holds its resolve), so the
--    conversations rollup counts inserted rows too: a statement trigger on INSERT with its own transition
--    table (PostgreSQL allows a transition table only on a trigger with one event), adding what the
--    UPDATE trigger (0038, packed by 0039) adds for a row's new side. An INSERT … ON CONFLICT DO UPDATE fires both: the
--    rows it inserted are in this one's table, the rows it updated in the UPDATE trigger's.
-- 2. A new conversation's events are inserted before its row (their insert decides which events are new,
--    and the fold needs that before the row is written), under an id intake chose: the events'
--    reference to conversations is checked at COMMIT instead of at each statement.

create function nilai_rollup_conversations_inserted() returns trigger language plpgsql as $$
begin
  -- The packed rows of 0039 (grains from nilai_grains, version null: conversations have no version grain),
  -- as nilai_rollup_conversations adds for an updated row's new side.
  insert into rollup_conversations_deltas
  select c.workspace_id, g.grain, (c.resolved_at at time zone w.time_zone)::date, g.channel_id, g.agent_id, g.division_id, g.tag,
         array[sum((c.frt_ms is not null)::int), sum((c.frt_business_ms is not null)::int),
               sum((c.art_ms is not null)::int), sum((c.art_business_ms is not null)::int),
               sum((c.resolution_ms is not null)::int), sum((c.resolution_business_ms is not null)::int),
               sum((c.sla_first_response_met is not null)::int), sum(coalesce(c.sla_first_response_met::int, 0)),
               sum((c.sla_resolution_met is not null)::int), sum(coalesce(c.sla_resolution_met::int, 0)),
               count(*)]::bigint[],
         array[sum(coalesce(c.frt_ms, 0)), sum(coalesce(c.frt_business_ms, 0)), sum(coalesce(c.art_ms, 0)),
               sum(coalesce(c.art_business_ms, 0)), sum(coalesce(c.resolution_ms, 0)), sum(coalesce(c.resolution_business_ms, 0))]::bigint[]
  from new_conversations c join workspaces w on w.id = c.workspace_id
       cross join lateral nilai_grains(c.channel_id, c.agent_id, c.division_id, c.tags, null) g
  where c.resolved_at is not null
  group by 1, 2, 3, 4, 5, 6, 7;
  return null;
end $$;
create trigger conversations_rollup_insert after insert on conversations referencing new table as new_conversations
  for each statement execute function nilai_rollup_conversations_inserted();

alter table events alter constraint events_conversation_id_fkey deferrable initially deferred;
