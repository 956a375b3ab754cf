-- A time-zone change rebuilds the report rollups in a job (minutes for millions of responses), not in
-- the request; until it is done, reports say so.
alter table workspaces add column rollups_rebuild_requested_at timestamptz;
