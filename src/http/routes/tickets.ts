/** Settings → Ticket, and tickets of a conversation ("Create ticket" on the conversation and response pages). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { notFound } from '../../domain/errors.js';
import { TITLE_MAX } from '../../domain/tickets/title.js';
import { saveTicketSettingsChecked, submitTicket, ticketSettings } from '../../services/tickets.js';
import { conversationByExternalId, isResponseOf, listConversationTickets } from '../../store/tickets.js';
import { principalOf } from '../plugins/auth.js';
import { contactMasker } from '../../services/contact-view.js';
import { errors, Nullable, Timestamp } from '../schemas.js';

const Label = Type.Object({ id: Type.Optional(Type.String({ maxLength: 40 })), en: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false });
const Editable = {
  enabled: Type.Boolean({ description: 'Submit ticket on/off: shows the button and lets alert rules submit tickets.' }),
  titleTemplate: Type.String({ maxLength: TITLE_MAX, description: 'e.g. `CSAT {{score}} – {{contact.name}}`; see `variables`.' }),
  buttonLabel: Label,
  webhookUrl: Nullable(Type.String({ maxLength: 2000, description: 'Your ticketing system\'s endpoint: nilai POSTs `ticket.created`, signed the Standard Webhooks way.' })),
};
const Settings = Type.Object({ ...Editable, hasSigningSecret: Type.Boolean(), variables: Type.Array(Type.String()), updatedAt: Nullable(Timestamp) }, { title: 'TicketSettings' });
const Ticket = Type.Object({
  id: Type.String(), title: Type.String(), source: Type.String({ description: '`manual` (a person) or `alert` (an alert rule).' }),
  status: Type.String({ description: 'pending, delivered or failed.' }), attempts: Type.Integer(), error: Nullable(Type.String()), responseId: Nullable(Type.String()),
  createdBy: Nullable(Type.String()), createdAt: Timestamp, finishedAt: Nullable(Timestamp),
}, { title: 'Ticket' });
const ConversationParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200, description: 'The conversation id your inbox sends in events.' }) });
const tags = ['Tickets'];

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, keys, jobs } = app;
  /** The conversation, if the caller may see it (agents: their own). */
  const visible = async (workspaceId: string, role: string, userId: string | null, externalId: string) => {
    const c = await conversationByExternalId(db, workspaceId, externalId);
    if (!c || (role === 'agent' && c.agent_id !== userId)) throw notFound('Conversation');
    return c;
  };

  app.get('/api/v1/settings/ticket', {
    config: { auth: 'agent' },
    schema: { tags, summary: 'Ticket settings (the button and whether tickets are on)', response: { 200: Settings, ...errors() } },
  }, async (req) => ticketSettings(db, principalOf(req).workspaceId));

  app.put('/api/v1/settings/ticket', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Save the ticket settings',
      description: 'The first webhook URL (or `rotateSecret: true`) makes a signing secret, answered once as `signingSecret`.',
      body: Type.Object({ ...Editable, rotateSecret: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: Type.Intersect([Settings, Type.Object({ signingSecret: Nullable(Type.String()) })]), ...errors(422) },
    },
  }, async (req) => saveTicketSettingsChecked(db, keys, principalOf(req).workspaceId, req.body));

  app.get('/api/v1/conversations/:id/tickets', {
    config: { auth: 'agent' },
    schema: { tags, summary: 'Tickets submitted for a conversation, with their outcome', params: ConversationParams, response: { 200: Type.Object({ items: Type.Array(Ticket) }), ...errors(404) } },
  }, async (req) => {
    const p = principalOf(req);
    const c = await visible(p.workspaceId, p.role, p.userId, req.params.id);
    // A title may name the contact by its number or email.
    const m = await contactMasker(db, p);
    return { items: (await listConversationTickets(db, c.id)).map((x) => ({ ...x, title: m.text(x.title)! })) };
  });

  app.post('/api/v1/conversations/:id/tickets', {
    config: { auth: 'agent' },
    schema: {
      tags, summary: 'Create a ticket from a conversation (and one of its responses)',
      description: 'Agents may for their own conversations. Without `responseId` the latest response is attached, if any. 409 while tickets are off.',
      params: ConversationParams,
      body: Type.Optional(Type.Object({ responseId: Type.Optional(Type.String({ format: 'uuid' })) }, { additionalProperties: false })),
      response: { 201: Type.Object({ id: Type.String(), title: Type.String() }), ...errors(404, 409) },
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    const c = await visible(p.workspaceId, p.role, p.userId, req.params.id);
    const responseId = req.body?.responseId ?? null;
    const r = await db.transaction().execute(async (trx) => {
      if (responseId && !(await isResponseOf(trx, responseId, c.id))) throw notFound('Response');
      return submitTicket(trx, jobs, { workspaceId: p.workspaceId, conversationId: c.id, responseId, source: 'manual', userId: p.userId });
    });
    return reply.status(201).send(r!);
  });
};

export default routes;
