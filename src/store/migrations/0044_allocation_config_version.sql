-- Intake's cached configuration (services/intake-config, migration 0035) also keeps which divisions
-- allocate and their channels (the division a new open conversation is queued for), so a change to
-- allocation settings, a division's name (divisions are tried by name) or its channels raises the
-- workspace's config_version too, in the changing transaction.
create trigger allocation_settings_config after insert or update or delete on allocation_settings for each row execute function nilai_bump_config_version();
create trigger divisions_config after insert or update or delete on divisions for each row execute function nilai_bump_config_version();

-- division_channels has no workspace_id: the division's. A division deleted with its channels (cascade)
-- is counted by the divisions trigger.
create function nilai_bump_config_version_of_division() returns trigger language plpgsql as $$
begin
  update workspaces set config_version = config_version + 1
    where id = (select workspace_id from divisions where id = case when tg_op = 'DELETE' then old.division_id else new.division_id end);
  return null;
end $$;
create trigger division_channels_config after insert or update or delete on division_channels for each row execute function nilai_bump_config_version_of_division();
