/** Builders for conversation events as an inbox would send them. */
let n = 0;

export interface ConvOpts {
  conversationId: string;
  channelId: string;
  contactId: string;
  locale?: string;
  agentId?: string;
  divisionId?: string;
  tags?: string[];
}

export function eventsFor(o: ConvOpts, startIso = new Date(Date.now() - 30 * 60_000).toISOString()) {
  const t0 = Date.parse(startIso);
  const at = (min: number) => new Date(t0 + min * 60_000).toISOString();
  const conversation = {
    id: o.conversationId,
    channelId: o.channelId,
    contact: { id: o.contactId, name: `Customer ${o.contactId}`, locale: o.locale ?? 'id-ID' },
    ...(o.agentId && { agentId: o.agentId }),
    ...(o.divisionId && { divisionId: o.divisionId }),
    ...(o.tags && { tags: o.tags }),
  };
  const ev = (type: string, min: number, extra: object = {}) => ({ id: `${o.conversationId}-${type}-${min}-${++n}`, type, occurredAt: at(min), conversation, ...extra });
  return {
    opened: ev('conversation.opened', 0),
    customer: ev('message.created', 1, { message: { sender: 'customer' } }),
    agent: ev('message.created', 3, { message: { sender: 'agent' } }),
    bot: ev('message.created', 2, { message: { sender: 'bot' } }),
    resolved: (extra: object = {}) => ev('conversation.resolved', 10, extra),
    reopened: ev('conversation.reopened', 12),
    at,
  };
}
