-- Incremental fold (domain/conversations/fold): a conversation keeps the aggregates its readers need
-- instead of every message timestamp, so an event costs the same at message 5 and at message 5,000.
--   fold_state: the folded state new events are applied to; null (conversations folded before this
--     migration) means the next event refolds the conversation from its events.
--   customer_messages / agent_messages: targeting's minimum of customer messages, "an agent wrote".
--   last_customer_message_at / last_agent_message_at / customer_waiting_since: what dispatch, reminders
--     (WhatsApp's 24-hour window), auto resolve and the idle rule read.
alter table conversations
  add column fold_state jsonb,
  add column customer_messages integer not null default 0,
  add column agent_messages integer not null default 0,
  add column last_customer_message_at timestamptz,
  add column last_agent_message_at timestamptz,
  add column customer_waiting_since timestamptz;

with m as (
  select c.id, (x.m->>'at')::timestamptz as at, x.m->>'sender' as sender, x.n
  from conversations c, jsonb_array_elements(c.messages) with ordinality as x(m, n)
), last_agent as (
  select id, max(at) as at, max(n) filter (where sender = 'agent') as n from m where sender = 'agent' group by id
)
update conversations c set
  customer_messages = (select count(*) from m where m.id = c.id and sender = 'customer'),
  agent_messages = (select count(*) from m where m.id = c.id and sender = 'agent'),
  last_customer_message_at = (select max(at) from m where m.id = c.id and sender = 'customer'),
  last_agent_message_at = (select at from last_agent a where a.id = c.id),
  customer_waiting_since = (select min(m.at) from m where m.id = c.id and sender = 'customer'
                              and m.n > coalesce((select a.n from last_agent a where a.id = c.id), 0))
where c.messages <> '[]'::jsonb;

alter table conversations drop column messages;
