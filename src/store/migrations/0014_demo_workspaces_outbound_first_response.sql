-- Workspaces loaded by `nilai demo` are marked: the first start still creates the "default" workspace and
-- its admin when only demo workspaces exist, and CLI commands without --workspace use the one workspace
-- that is not a demo.
alter table workspaces add column demo boolean not null default false;
-- Demos loaded before this column existed: the loader gives every demo workspace this name.
update workspaces set demo = true where name = 'Toko Nusantara (demo)';

-- A conversation without a customer message has no first response (an agent's first message answers
-- nobody), so its first-response SLA is not applicable rather than met. Conversations folded before this
-- rule had one; the rollup trigger moves their report counts along with this update.
update conversations set first_agent_response_at = null, frt_ms = null, frt_business_ms = null, sla_first_response_met = null
where first_customer_message_at is null
  and (first_agent_response_at is not null or frt_ms is not null or frt_business_ms is not null or sla_first_response_met is not null);
