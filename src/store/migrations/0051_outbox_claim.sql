-- The chat outbox claims a message before sending it (services/chat-replies deliverPending): `sending`
-- with the time, committed before the provider call, so two workers never send the same reply at once.
-- A claim older than the lease (a worker that died mid-send) is taken over by the job's retry.
alter table outbound_messages drop constraint outbound_messages_status_check;
alter table outbound_messages add constraint outbound_messages_status_check check (status in ('pending', 'sending', 'sent', 'failed'));
alter table outbound_messages add column claimed_at timestamptz;
