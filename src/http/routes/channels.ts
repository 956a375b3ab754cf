import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { CHANNEL_TYPES, ChannelConfig, ChannelCredentials } from '../../domain/channels/config.js';
import { notFound } from '../../domain/errors.js';
import { literals } from '../../domain/settings/schema.js';
import { isUuid } from '../../lib/secret-token.js';
import { ADAPTERS } from '../../channels/registry.js';
import { addChannel, changeChannel, deleteChannel, presentChannel, rotateChannelSecret, testChannel } from '../../services/channels.js';
import { webhookStatuses, type WebhookStatus } from '../../store/channel-cache.js';
import { getChannel, listChannels } from '../../store/channels.js';
import { principalOf } from '../plugins/auth.js';
import { requestLanguage } from '../request-language.js';
import { errors, IdParams, NoContent, Nullable, Timestamp } from '../schemas.js';

export const ChannelType = literals(CHANNEL_TYPES);
const WebhookStatus = Type.Object(
  {
    lastReceivedAt: Nullable(Timestamp),
    lastError: Nullable(Type.Object({
      code: Type.String({ description: 'chatwoot: no_secret, missing_signature, missing_timestamp, stale_timestamp or mismatch.' }),
      message: Type.String(),
      at: Timestamp,
    }, { description: 'The last webhook refused with 401, and why (never the secret).' })),
  },
  { title: 'ChannelWebhookStatus', description: 'The provider\'s webhooks as nilai saw them (null before the first one).' },
);
const Channel = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    type: ChannelType,
    config: ChannelConfig,
    hasSecret: Type.Boolean(),
    credentials: Type.Record(Type.String(), Type.String(), { description: 'Which credentials are set, masked (•••• and the last 4 characters of long ones). Never the values.' }),
    webhookUrl: Nullable(Type.String({ description: 'whatsapp / telegram / chatwoot: the URL to give the provider for its webhooks.' })),
    webhook: Nullable(WebhookStatus),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'Channel' },
);
const TestResult = Type.Object({ ok: Type.Boolean(), detail: Type.String() }, { title: 'ChannelTestResult' });
const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
const SigningSecret = Type.String({ description: 'Standard Webhooks secret (whsec_…) to verify what nilai sends; shown only here.' });
const tags = ['Channels'];

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, keys } = app;
  const { publicUrl } = app.config;
  const withWebhook = async <T extends { id: string; type: string }>(c: T, statuses?: Map<string, WebhookStatus>) => ({
    ...c,
    webhookUrl: ['whatsapp', 'telegram', 'chatwoot'].includes(c.type) ? `${publicUrl}/webhooks/${c.type}/${c.id}` : null,
    webhook: (statuses ?? (await webhookStatuses(db, [c.id]))).get(c.id) ?? null,
  });
  const show = <T extends Parameters<typeof presentChannel>[1]>(c: T, statuses?: Map<string, WebhookStatus>) => withWebhook(presentChannel(keys, c), statuses);
  const find = async (workspaceId: string, id: string) => {
    const c = isUuid(id) ? await getChannel(db, workspaceId, id) : null;
    if (!c) throw notFound('Channel');
    return c;
  };

  app.get('/api/v1/channels', {
    config: { auth: 'agent' },
    schema: { tags, summary: 'List channels', response: { 200: Type.Object({ items: Type.Array(Channel) }), ...errors() } },
  }, async (req) => {
    const channels = await listChannels(db, principalOf(req).workspaceId);
    const statuses = await webhookStatuses(db, channels.map((c) => c.id));
    return { items: await Promise.all(channels.map((c) => show(c, statuses))) };
  });

  app.get('/api/v1/channels/:id', {
    config: { auth: 'agent' },
    schema: { tags, summary: 'One channel', params: IdParams, response: { 200: Channel, ...errors(404) } },
  }, async (req) => show(await find(principalOf(req).workspaceId, req.params.id)));

  app.post('/api/v1/channels', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Create a channel',
      description: [
        'Credentials are stored encrypted and never returned (only masked). Per type:',
        '- `web`: `config.callbackUrl`; nilai POSTs each survey invitation there, signed with the `signingSecret` returned once in this response.',
        '- `email`: `config.from`, `credentials.smtpUrl`.',
        '- `whatsapp`: `config.phoneNumberId`, `credentials.accessToken`, `credentials.appSecret`; optional `config.templateName` / `templateLanguage` (outside the 24-hour window), `config.verifyToken` (generated when left out).',
        '- `telegram`: `credentials.botToken`; optional `credentials.webhookSecret` (generated when left out). "Test connection" registers the webhook.',
        '- `chatwoot`: `config.baseUrl`, `config.accountId`, `credentials.apiToken`; then `credentials.webhookSecret` from the Chatwoot webhook settings (webhooks are refused until it is set).',
      ].join('\n'),
      body: Type.Object({ name: Name, type: ChannelType, config: Type.Optional(ChannelConfig), credentials: Type.Optional(ChannelCredentials) }, { additionalProperties: false }),
      response: { 201: Type.Intersect([Channel, Type.Object({ signingSecret: Nullable(SigningSecret) })]), ...errors(409, 422) },
    },
  }, async (req, reply) => reply.status(201).send(await withWebhook(await addChannel(db, keys, principalOf(req).workspaceId, req.body, requestLanguage(req)))));

  app.patch('/api/v1/channels/:id', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Rename a channel or change its configuration (its type cannot change)', params: IdParams,
      description: 'Fields given in `config` or `credentials` replace the stored ones; the others are kept.',
      body: Type.Object({ name: Type.Optional(Name), config: Type.Optional(ChannelConfig), credentials: Type.Optional(ChannelCredentials) }, { additionalProperties: false }),
      response: { 200: Channel, ...errors(404, 409, 422) },
    },
  }, async (req) => {
    if (!isUuid(req.params.id)) throw notFound('Channel');
    return withWebhook(await changeChannel(db, keys, principalOf(req).workspaceId, req.params.id, req.body, requestLanguage(req)));
  });

  app.post('/api/v1/channels/:id/test', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Test connection: check the stored credentials with the provider',
      description: 'whatsapp: reads the phone number; telegram: checks the bot token and registers nilai\'s webhook; chatwoot: checks the token can reach the account; email: connects and logs in to the SMTP server; web: POSTs a signed `ping`. A provider that refuses answers `ok: false` with its reason (HTTP 200).',
      params: IdParams, response: { 200: TestResult, ...errors(404) },
    },
  }, async (req) => {
    if (!isUuid(req.params.id)) throw notFound('Channel');
    return testChannel(db, keys, ADAPTERS, principalOf(req).workspaceId, req.params.id, publicUrl);
  });

  app.post('/api/v1/channels/:id/rotate-secret', {
    config: { auth: 'admin' },
    schema: { tags, summary: 'Replace the signing secret of a web channel', params: IdParams, response: { 200: Type.Object({ signingSecret: SigningSecret }), ...errors(404, 409) } },
  }, async (req) => {
    if (!isUuid(req.params.id)) throw notFound('Channel');
    return rotateChannelSecret(db, keys, principalOf(req).workspaceId, req.params.id);
  });

  app.delete('/api/v1/channels/:id', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Archive a channel',
      description: 'Refused (409) while the survey settings in force select this channel. Its past conversations and responses are kept.',
      params: IdParams, response: { 204: NoContent, ...errors(404, 409) },
    },
  }, async (req, reply) => {
    const ws = principalOf(req).workspaceId;
    await find(ws, req.params.id);
    await deleteChannel(db, ws, req.params.id);
    return reply.status(204).send(null);
  });
};

export default routes;
