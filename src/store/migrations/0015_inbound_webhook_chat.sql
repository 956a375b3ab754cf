-- The chat a provider webhook is about (channels/inbound.ts `orderingKey`), stored with it so that the
-- process handling one of a chat's webhooks finds that chat's earlier ones still waiting, whichever
-- process holds their jobs, and handles them first (services/inbound-webhooks.ts). Rows stored before
-- this migration keep null: they are handled by their own jobs, as before.
alter table inbound_webhooks add column ordering_key text;

create index inbound_webhooks_waiting on inbound_webhooks (channel_id, ordering_key, received_at) where processed_at is null;
