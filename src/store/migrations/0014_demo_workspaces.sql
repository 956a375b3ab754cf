-- Workspaces loaded by `nilai demo` are marked: the first start still creates the "default" workspace and
-- its admin when only demo workspaces exist, and CLI commands without --workspace use the one workspace
-- that is not a demo.
alter table workspaces add column demo boolean not null default false;
-- Demos loaded before this column existed: the loader gives every demo workspace this name.
update workspaces set demo = true where name = 'Toko Nusantara (demo)';
