import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ConversationEvent } from '../../domain/conversations/event-schema.js';
import { invalid, notFound } from '../../domain/errors.js';
import { ingestEvents } from '../../services/ingest-events.js';
import { ingestSingleEvent } from '../../services/single-events.js';
import { requestSurvey } from '../../services/manual-survey.js';
import { cancelPending } from '../../store/invitations.js';
import { conversationMessages, findConversation, setOptOut } from '../../store/conversations.js';
import { listConversationInvitations, listConversationSkips } from '../../store/invitations.js';
import { conversationResponses, conversationTimings } from '../../store/conversation-detail.js';
import { listReviews } from '../../store/reviews.js';
import { Review } from '../review-schemas.js';
import { principalOf } from '../plugins/auth.js';
import { ContactView } from './contacts.js';
import { contactMasker, viewContact } from '../../services/contact-view.js';
import { findContactById } from '../../store/contacts.js';
import { errors, Nullable, Timestamp } from '../schemas.js';
import { InboxAction } from './inbox-action-schema.js';
import { listConversationActions } from '../../store/inbox-actions.js';

const ExternalId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200, description: "The conversation id your inbox sends in events." }) });
const Ingested = Type.Object({
  results: Type.Array(Type.Object({ id: Type.String(), status: Type.Union([Type.Literal('applied'), Type.Literal('duplicate')]) })),
  conversations: Type.Array(Type.Object({
    conversationId: Type.String(),
    status: Type.String(),
    invitation: Type.Optional(Type.Object({ id: Type.String(), sendAfter: Timestamp })),
    skipped: Type.Optional(Type.String({ description: 'Why no survey was scheduled for this resolve.' })),
    cancelledInvitations: Type.Optional(Type.Integer()),
  })),
}, { title: 'IngestResult' });

const Ts = Nullable(Timestamp);
const Secs = Nullable(Type.Number());
const Conversation = Type.Object({
  id: Type.String(), channelId: Type.String(), contactId: Type.String(), agentId: Nullable(Type.String()), divisionId: Nullable(Type.String()),
  tags: Type.Array(Type.String()), status: Type.String(), openedAt: Ts, firstCustomerMessageAt: Ts, firstAgentResponseAt: Ts, resolvedAt: Ts,
  reopenCount: Type.Integer(), messages: Type.Array(Type.Object({ at: Timestamp, sender: Type.String() })),
  invitations: Type.Array(Type.Object({
    id: Type.String(), status: Type.String(), reason: Nullable(Type.String()), surveyTypes: Type.Array(Type.String()), settingsVersion: Type.Integer(),
    language: Type.String(), trigger: Type.String(), sendAfter: Timestamp, expiresAt: Timestamp, attempts: Type.Integer(),
    sentAt: Ts, deliveredAt: Ts, openedAt: Ts, answeredAt: Ts,
    reminder: Nullable(Type.Object({
      status: Type.Union(['due', 'queued', 'sending', 'sent', 'skipped', 'failed'].map((s) => Type.Literal(s))),
      dueAt: Ts, sentAt: Ts, reason: Nullable(Type.String({ description: 'Why it was skipped or failed.' })),
    }, { description: 'The survey\'s one reminder (null: none planned, reminders off or not sent yet).' })),
  })),
  skips: Type.Array(Type.Object({ trigger: Type.String(), reason: Type.String(), settingsVersion: Type.Integer(), at: Timestamp })),
  autoResolved: Type.Boolean({ description: 'The resolve in force was asked by nilai\'s auto resolve.' }),
  actions: Type.Array(InboxAction, { description: 'What nilai did through the inbox (auto reply, auto resolve, assignment): what, when, why, outcome.' }),
  contact: Nullable(ContactView),
  timings: Type.Object(Object.fromEntries(['firstResponse', 'averageResponse', 'resolution'].map((k) => [k, Type.Object({ wallSeconds: Secs, businessSeconds: Secs })])), {
    description: 'Measured when the conversation was folded (null: not applicable, e.g. no customer message, or not resolved yet).',
  }),
  sla: Type.Object({ firstResponseMet: Nullable(Type.Boolean()), resolutionMet: Nullable(Type.Boolean()) }, { description: 'null: no SLA applies or not decided yet.' }),
  responses: Type.Array(Type.Object({
    id: Type.String(), invitationId: Type.String(), surveyType: Type.String(), score: Type.Integer(), scale: Type.Object({ min: Type.Integer(), max: Type.Integer() }),
    followUpQuestion: Nullable(Type.String()), followUpText: Nullable(Type.String()), language: Type.String(), answeredAt: Timestamp,
  })),
  reviews: Type.Array(Review),
}, { title: 'Conversation' });

/** Events one request may carry. */
const MAX_BATCH = 1000;

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, keys, jobs } = app;

  app.post('/api/v1/events', {
    config: { auth: 'admin' },
    schema: {
      tags: ['Events'],
      summary: 'Conversation events from any inbox (one or an array of up to 1,000)',
      description: 'Idempotent by event `id`: a replay reports `duplicate` and changes nothing. Events are applied in `occurredAt` order, whatever order they arrive in; the conversations of a batch are decided (eligibility, cooldown) in the order of their latest events, and listed in that order. A 200 means the events, and any survey invitation they caused, are committed. A batch is all or nothing: one invalid event refuses the batch with the failing paths (`3.conversation.channelId`).',
      body: Type.Union([ConversationEvent, Type.Array(ConversationEvent, { minItems: 1, maxItems: MAX_BATCH })]),
      response: { 200: Ingested, ...errors(422) },
    },
    // Said before the schema does, which would only say that an array is not an event.
    preValidation: async (req) => {
      if (Array.isArray(req.body) && (req.body.length === 0 || req.body.length > MAX_BATCH)) {
        throw invalid([{ path: '', message: `A batch holds 1 to ${MAX_BATCH.toLocaleString('en')} events; this one has ${req.body.length.toLocaleString('en')}. Send one event as an object, or split the batch.` }], 'The events batch has the wrong size.');
      }
    },
  }, async (req) => {
    const deps = { db, keys, jobs, eventWindow: app.config.eventWindow, metrics: app.metrics };
    // Single events are applied together with those arriving alongside (group commit); a batch is its own group already.
    const { workspaceId, configVersion } = principalOf(req);
    if (!Array.isArray(req.body)) return ingestSingleEvent(deps, app.groupCommit, workspaceId, req.body as ConversationEvent, configVersion);
    return ingestEvents(deps, workspaceId, req.body as ConversationEvent[], true, configVersion);
  });

  app.get('/api/v1/conversations/:id', {
    config: { auth: 'agent' },
    schema: {
      tags: ['Conversations'], summary: 'A conversation as nilai sees it: messages, timings and SLA outcome, invitations, skips, answers and quality reviews', params: ExternalId,
      response: { 200: Conversation, ...errors(404) },
    },
  }, async (req) => {
    const p = principalOf(req);
    const c = await findConversation(db, p.workspaceId, req.params.id);
    if (!c || (p.role === 'agent' && c.agentId !== p.userId)) throw notFound('Conversation');
    const invitations = (await listConversationInvitations(db, c.id)).map((i) => ({
      id: i.id, status: i.status, reason: i.status_reason, surveyTypes: i.survey_types, settingsVersion: i.settings_version, language: i.language, trigger: i.trigger,
      sendAfter: i.send_after.toISOString(), expiresAt: i.expires_at.toISOString(), attempts: i.attempts,
      sentAt: i.sent_at?.toISOString() ?? null, deliveredAt: i.delivered_at?.toISOString() ?? null, openedAt: i.opened_at?.toISOString() ?? null, answeredAt: i.answered_at?.toISOString() ?? null,
      reminder: i.reminder_status ? { status: i.reminder_status, dueAt: i.reminder_due_at?.toISOString() ?? null, sentAt: i.reminder_status === 'sent' ? i.reminded_at?.toISOString() ?? null : null, reason: i.reminder_reason } : null,
    }));
    const skips = (await listConversationSkips(db, c.id)).map((s) => ({ trigger: s.trigger, reason: s.reason, settingsVersion: s.settings_version, at: s.created_at.toISOString() }));
    const [timed, responses, reviews] = await Promise.all([conversationTimings(db, c.id), conversationResponses(db, c.id), listReviews(db, p.workspaceId, { conversationId: c.id })]);
    const { id: _internal, externalId, messageCounts: _counts, ...rest } = c;
    const contactRow = await findContactById(db, p.workspaceId, c.contactId);
    const contact = contactRow ? viewContact(contactRow, await contactMasker(db, p)) : null;
    return { id: externalId, ...rest, messages: await conversationMessages(db, c.id), invitations, skips, contact, actions: await listConversationActions(db, c.id), ...timed, responses, reviews };
  });

  app.post('/api/v1/conversations/:id/survey', {
    config: { auth: 'agent' },
    schema: {
      tags: ['Conversations'], summary: 'Send the survey for a resolved conversation now (manual sending)',
      description: 'Applies every rule but the sending method: refused with 409 and the reason (`details[0].message`: cooldown, already_surveyed, opted_out, not_resolved, …), which is also counted in reports. Agents may ask only for their own conversations.',
      params: ExternalId,
      response: { 201: Type.Object({ invitationId: Type.String(), sendAfter: Timestamp, expiresAt: Timestamp }), ...errors(404, 409) },
    },
  }, async (req, reply) => reply.status(201).send(await requestSurvey({ db, keys, jobs }, principalOf(req), req.params.id)));

  const Contact = Type.Object({ id: Type.String(), optedOut: Type.Boolean(), optedOutAt: Nullable(Timestamp) });
  for (const [method, optedOut] of [['POST', true], ['DELETE', false]] as const) {
    app.route({
      method,
      url: '/api/v1/contacts/:id/opt-out',
      config: { auth: 'supervisor' },
      schema: {
        tags: ['Contacts'],
        summary: optedOut ? 'Opt a contact out of surveys (pending invitations are cancelled)' : 'Opt a contact back in to surveys',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200, description: "The contact id your inbox sends in events." }) }),
        response: { 200: Contact, ...errors(404) },
      },
      handler: async (req) => {
        const p = principalOf(req);
        const { id } = req.params as { id: string };
        const r = await db.transaction().execute(async (trx) => {
          const c = await setOptOut(trx, p.workspaceId, id, optedOut);
          if (c && optedOut) await cancelPending(trx, { contactId: c.id }, 'opted_out');
          return c;
        });
        if (!r) throw notFound('Contact');
        return { id: r.external_id, optedOut: r.opted_out_at !== null, optedOutAt: r.opted_out_at?.toISOString() ?? null };
      },
    });
  }
};

export default routes;
