-- Provider webhooks verify against channels kept in each process's memory (services/webhook-channels):
-- the webhook's INSERT stores it only if the channel's row_version is still the one that verified it,
-- so a secret rotated, a credential changed or a channel archived through any process is used by the
-- next webhook every other process stores, with no notification to lose and no read of its own.
-- The trigger raises the number on every update, whatever the write path.
alter table channels add column row_version bigint not null default 0;

create function nilai_bump_channel_row_version() returns trigger language plpgsql as $$
begin
  new.row_version := old.row_version + 1;
  return new;
end $$;

create trigger channels_row_version before update on channels for each row execute function nilai_bump_channel_row_version();
