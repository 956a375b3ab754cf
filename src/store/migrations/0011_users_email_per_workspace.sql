-- An email address is unique within a workspace, no longer across the installation: the admin of one
-- workspace must neither learn that an address exists in another (a 409) nor block it there. Sign-in
-- finds every account of an address (services/auth.ts), so the address stays indexed on its own.
drop index users_email;
create unique index users_workspace_email on users (workspace_id, lower(email));
create index users_email on users (lower(email));
-- The unique index leads with workspace_id, so it serves what this one did.
drop index users_workspace;
