-- Intake's cache of a workspace's configuration (services/intake-config): every process keeps the
-- settings in force, time policies, channels, contact fields and automation settings it read, and
-- before each batch reads one number, workspaces.config_version, which every change to those rows
-- raises in the changing transaction (triggers, so no write path can forget it). A change committed
-- through one process is therefore seen by the next batch of every other process.
alter table workspaces add column config_version bigint not null default 0;

create function nilai_bump_config_version() returns trigger language plpgsql as $$
begin
  update workspaces set config_version = config_version + 1
    where id = case when tg_op = 'DELETE' then old.workspace_id else new.workspace_id end;
  return null;
end $$;

create trigger survey_settings_versions_config after insert or update or delete on survey_settings_versions for each row execute function nilai_bump_config_version();
create trigger office_hours_config after insert or update or delete on office_hours for each row execute function nilai_bump_config_version();
create trigger sla_policies_config after insert or update or delete on sla_policies for each row execute function nilai_bump_config_version();
create trigger channels_config after insert or update or delete on channels for each row execute function nilai_bump_config_version();
create trigger contact_fields_config after insert or update or delete on contact_fields for each row execute function nilai_bump_config_version();
create trigger automation_settings_config after insert or update or delete on automation_settings for each row execute function nilai_bump_config_version();

-- The workspace's own time zone is part of its time policies.
create function nilai_bump_config_version_on_zone() returns trigger language plpgsql as $$
begin
  if new.time_zone is distinct from old.time_zone then new.config_version := old.config_version + 1; end if;
  return new;
end $$;
create trigger workspaces_config before update of time_zone on workspaces for each row execute function nilai_bump_config_version_on_zone();
