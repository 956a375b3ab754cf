-- Intake writes each conversation once per batch (issue 18, set-based intake): one INSERT … ON CONFLICT
-- DO UPDATE with the folded state, instead of an INSERT (or a no-op update that took the row lock) and
-- then an UPDATE. Two things follow:
--
-- 1. A conversation can now be inserted already resolved (its first batch holds its resolve), so the
--    conversations rollup counts inserted rows too: a statement trigger on INSERT with its own transition
--    table (PostgreSQL allows a transition table only on a trigger with one event), adding what the
--    UPDATE trigger of 0038 adds for a row's new side. An INSERT … ON CONFLICT DO UPDATE fires both: the
--    rows it inserted are in this one's table, the rows it updated in the UPDATE trigger's.
-- 2. A new conversation's events are inserted before its row (their insert decides which events are new,
--    and the fold needs that before the row is written), under an id intake chose: the events'
--    reference to conversations is checked at COMMIT instead of at each statement.

create function nilai_rollup_conversations_inserted() returns trigger language plpgsql as $$
begin
  insert into rollup_conversations_deltas
  select c.workspace_id, g.grain, (c.resolved_at at time zone w.time_zone)::date, g.channel_id, g.agent_id, g.division_id, g.tag,
         m.metric, m.bucket, count(*), sum(m.ms)
  from new_conversations c join workspaces w on w.id = c.workspace_id
       cross join lateral nilai_grains(c.channel_id, c.agent_id, c.division_id, c.tags, 0) g
       cross join lateral (values ('frt', nilai_measured(c.frt_ms), c.frt_ms), ('frt_business', nilai_measured(c.frt_business_ms), c.frt_business_ms),
               ('art', nilai_measured(c.art_ms), c.art_ms), ('art_business', nilai_measured(c.art_business_ms), c.art_business_ms),
               ('resolution', nilai_measured(c.resolution_ms), c.resolution_ms), ('resolution_business', nilai_measured(c.resolution_business_ms), c.resolution_business_ms),
               ('sla_first_response', c.sla_first_response_met::integer, 0::bigint), ('sla_resolution', c.sla_resolution_met::integer, 0::bigint),
               ('resolved', 0, 0::bigint)) m(metric, bucket, ms)
  where c.resolved_at is not null and m.bucket is not null
  group by 1, 2, 3, 4, 5, 6, 7, 8, 9;
  return null;
end $$;
create trigger conversations_rollup_insert after insert on conversations referencing new table as new_conversations
  for each statement execute function nilai_rollup_conversations_inserted();

alter table events alter constraint events_conversation_id_fkey deferrable initially deferred;
