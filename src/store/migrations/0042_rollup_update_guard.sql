-- The invitations update trigger (0038) joins the statement's old and new rows and expands each into its
-- rollup grains, for every UPDATE of invitations. Most updates move no count: a send's claim (scheduled →
-- sending), bookkeeping (attempts, opened_at, reminder plans). While dispatching (bench/dispatch.ts) it
-- was the largest statement cost, about a third of the sending's statement time, under the claim and
-- the record alike.
--
-- A count moves only when a row's new status is past `sending` (sent, delivered, answered: a milestone;
-- expired, cancelled, failed: an end) or its reminder became 'sent'. So the function first looks at the
-- new rows alone and returns when none is such a row (a scan that stops at the first one found); only
-- then does the join run. What is counted does not change (test/http/reports*.test.ts compare the
-- rollups with nilai_rebuild_rollups).
--
-- The guard is put in front of whatever body the function has when this migration runs (the rollup
-- tables' redesign, 0039–0041, replaces the body), so the two compose; a later migration that replaces
-- the function again must keep the guard (it is the first statement after `begin`).

do $do$
declare
  guard constant text := $g$
  -- 0042: nothing to count unless a new row is past 'sending' or has its reminder sent.
  if not exists (select 1 from new_invitations n where n.source <> 'broadcast' and (n.status not in ('scheduled', 'sending') or n.reminder_status = 'sent')) then
    return null;
  end if;
$g$;
  body text;
begin
  select prosrc into body from pg_proc where proname = 'nilai_rollup_invitations_updated' and pronamespace = current_schema()::regnamespace;
  if body is null or body !~* '^\s*begin\s' then
    raise exception 'nilai_rollup_invitations_updated does not start with begin: 0042 cannot put its guard in front';
  end if;
  execute format('create or replace function nilai_rollup_invitations_updated() returns trigger language plpgsql as %L',
                 regexp_replace(body, '^\s*begin\s', E'begin\n' || guard, 'i'));
end $do$;
