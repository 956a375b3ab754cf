-- One reminder per unanswered survey (issue 14). `reminder_status`: null (none planned), 'due' (at
-- reminder_due_at), 'queued' (a job will send it), 'sending' (claimed), 'sent', 'skipped' (the survey was
-- answered, expired, reopened, opted out … before it was due: reminder_reason says which) or 'failed'.
alter table invitations
  add column reminder_status text check (reminder_status in ('due', 'queued', 'sending', 'sent', 'skipped', 'failed')),
  add column reminder_due_at timestamptz,
  add column reminded_at timestamptz,
  add column reminder_reason text;
create index invitations_reminder_due on invitations (reminder_due_at) where reminder_status = 'due';

-- The funnel counts reminders sent ('reminded') and answers to a survey whose reminder went out
-- (reminded_at is set when the reminder is claimed for sending): 'answered_after_reminder'.
create or replace function nilai_rollup_invitation() returns trigger language plpgsql as $$
declare
  steps text[] := array['scheduled', 'sent', 'delivered', 'answered'];
  old_rank integer := coalesce(array_position(steps, case when tg_op = 'UPDATE' then old.status end), 0);
  new_rank integer := coalesce(array_position(steps, new.status), 0);
begin
  if tg_op = 'UPDATE' and new.reminder_status is not distinct from 'sent' and old.reminder_status is distinct from 'sent' then
    perform nilai_count_invitation(new, array['reminded'], 1);
  end if;
  if tg_op = 'UPDATE' and old.status = new.status then return null; end if;
  if tg_op = 'INSERT' then
    perform nilai_count_invitation(new, array['scheduled'], 1);
  elsif new_rank > old_rank then
    perform nilai_count_invitation(new, steps[greatest(old_rank, 1) + 1 : new_rank], 1);
    if new.status = 'answered' and new.reminded_at is not null then
      perform nilai_count_invitation(new, array['answered_after_reminder'], 1);
    end if;
  elsif new.status in ('expired', 'cancelled', 'failed') then
    perform nilai_count_invitation(new, array[new.status], 1);
  end if;
  return null;
end $$;
drop trigger invitations_rollup on invitations;
create trigger invitations_rollup after insert or update of status, reminder_status on invitations for each row execute function nilai_rollup_invitation();

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
  where r.workspace_id = ws
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
