/**
 * Broadcasts (relationship surveys): preview an audience, create (scheduled, paced per channel), list,
 * report, cancel; and who has the broadcast permission (docs/broadcasts.md).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { BROADCAST_SKIP_REASONS } from '../../domain/broadcasts/recipient.js';
import { ContactTargeting } from '../../domain/contacts/targeting.js';
import { literals, SURVEY_TYPES } from '../../domain/settings/schema.js';
import { broadcastRoles, mayBroadcast, requireBroadcastPermission, setBroadcastRoles } from '../../services/broadcast-permission.js';
import { cancelBroadcast, createBroadcast, getBroadcastReport, listBroadcastReports, previewBroadcast } from '../../services/broadcasts.js';
import { principalOf } from '../plugins/auth.js';
import { errors, IdParams, Nullable, Role, Timestamp } from '../schemas.js';

const tags = ['Broadcasts'];
/** An uploaded list of 20,000 rows fits. */
const CSV_BODY_LIMIT = 5 * 1024 * 1024;

const Audience = Type.Union([
  Type.Object({ kind: Type.Literal('filter'), filter: ContactTargeting }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('csv'), csv: Type.String({ minLength: 1, maxLength: CSV_BODY_LIMIT, description: 'The CSV text: a header row (name, phone, email, telegram_id, language, contact field keys), then one contact a row.' }) }, { additionalProperties: false }),
]);
const Input = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' }),
  channelId: Type.String({ maxLength: 100, description: 'A WhatsApp (approved template: config.templateName), Telegram or email channel.' }),
  surveyType: literals(SURVEY_TYPES),
  audience: Audience,
  startAt: Type.Optional(Timestamp),
  perMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 6000, description: 'The channel\'s broadcast rate, kept for later broadcasts on it.' })),
}, { additionalProperties: false });

const Problem = Type.Object({ row: Type.Integer(), column: Nullable(Type.String()), message: Type.String() });
const Preview = Type.Object({
  recipients: Type.Integer(), optedOut: Type.Integer(), inCooldown: Type.Integer(), noAddress: Type.Integer(), toSend: Type.Integer(),
  perMinute: Type.Integer(), problems: Type.Array(Problem), rowsRead: Nullable(Type.Integer()),
}, { title: 'BroadcastPreview' });
const Count = Type.Integer();
const Report = Type.Object({
  recipients: Count, waiting: Count, queued: Count, sending: Count, sent: Count, delivered: Count, failed: Count, expired: Count, answered: Count,
  skipped: Type.Record(Type.String(), Count, { description: `By reason: ${BROADCAST_SKIP_REASONS.join(', ')}.` }), skippedTotal: Count,
  responseRate: Type.Object({ numerator: Count, denominator: Count, percent: Nullable(Type.Number()) }, { additionalProperties: true }),
  nps: Type.Optional(Type.Object({ n: Count, score: Nullable(Type.Number()) }, { additionalProperties: true })),
  csat: Type.Optional(Type.Object({ n: Count, percent: Nullable(Type.Number()) }, { additionalProperties: true })),
  ces: Type.Optional(Type.Object({ n: Count }, { additionalProperties: true })),
});
const Broadcast = Type.Object({
  id: Type.String(), name: Type.String(), channelId: Type.String(), surveyType: literals(SURVEY_TYPES),
  audience: Type.Object({}, { additionalProperties: true }), startAt: Timestamp,
  status: literals(['scheduled', 'running', 'done', 'cancelled'] as const), createdBy: Nullable(Type.String()), createdAt: Timestamp,
  finishedAt: Nullable(Timestamp), cancelledAt: Nullable(Timestamp), perMinute: Nullable(Type.Integer()), report: Report,
}, { title: 'Broadcast' });
const Permission = Type.Object({ roles: Type.Array(Role), allowed: Type.Boolean({ description: 'Whether the caller has the permission.' }) });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;
  const allowed = { config: { auth: 'agent' as const }, preValidation: async (req: any) => requireBroadcastPermission(db, principalOf(req)) };

  app.get('/api/v1/broadcasts/permission', {
    config: { auth: 'agent' },
    schema: { tags, summary: 'Roles with the broadcast permission, and whether the caller has it', response: { 200: Permission, ...errors() } },
  }, async (req) => {
    const p = principalOf(req);
    return { roles: await broadcastRoles(db, p.workspaceId), allowed: await mayBroadcast(db, p) };
  });

  app.put('/api/v1/broadcasts/permission', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Choose the roles with the broadcast permission (admins always have it)',
      description: 'A user\'s own setting (`broadcastPermission` on the user) overrides the role\'s.',
      body: Type.Object({ roles: Type.Array(Role, { maxItems: 3 }) }, { additionalProperties: false }), response: { 200: Permission, ...errors() },
    },
  }, async (req) => {
    const p = principalOf(req);
    return { roles: await setBroadcastRoles(db, p.workspaceId, req.body.roles), allowed: true };
  });

  app.get('/api/v1/broadcasts', {
    ...allowed,
    schema: { tags, summary: 'Broadcasts, newest first, each with its progress and report', response: { 200: Type.Object({ items: Type.Array(Broadcast) }), ...errors(403) } },
  }, async (req) => ({ items: await listBroadcastReports(db, principalOf(req).workspaceId) }));

  app.post('/api/v1/broadcasts/preview', {
    ...allowed, bodyLimit: CSV_BODY_LIMIT,
    schema: {
      tags, summary: 'Count an audience before sending (stores nothing)',
      description: 'How many contacts it reaches, how many are opted out, inside the recontact cooldown or without an address on the channel, and for a CSV every problem row (row, column, sentence).',
      body: Input, response: { 200: Preview, ...errors(403) },
    },
  }, async (req) => previewBroadcast(db, principalOf(req), req.body));

  app.post('/api/v1/broadcasts', {
    ...allowed, bodyLimit: CSV_BODY_LIMIT,
    schema: {
      tags, summary: 'Create a broadcast (sent from `startAt`, at the channel\'s rate)',
      description: 'A CSV with problem rows is refused (422) with one detail per problem: `audience.csv.rows.<row>.<column>` and a sentence.',
      body: Input, response: { 201: Broadcast, ...errors(403) },
    },
  }, async (req, reply) => reply.status(201).send(await createBroadcast(db, principalOf(req), req.body)));

  app.get('/api/v1/broadcasts/:id', {
    ...allowed,
    schema: { tags, summary: 'One broadcast with its progress and report', params: IdParams, response: { 200: Broadcast, ...errors(403, 404) } },
  }, async (req) => getBroadcastReport(db, principalOf(req).workspaceId, req.params.id));

  app.post('/api/v1/broadcasts/:id/cancel', {
    ...allowed,
    schema: { tags, summary: 'Cancel a scheduled or running broadcast (surveys already sent stay answerable)', params: IdParams, response: { 200: Broadcast, ...errors(403, 404, 409) } },
  }, async (req) => cancelBroadcast(db, principalOf(req).workspaceId, req.params.id));
};

export default routes;
