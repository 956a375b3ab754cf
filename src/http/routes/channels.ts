import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ChannelConfig, ChannelCredentials } from '../../domain/channels/config.js';
import { notFound } from '../../domain/errors.js';
import { literals } from '../../domain/settings/schema.js';
import { isUuid } from '../../lib/secret-token.js';
import { addChannel, changeChannel, deleteChannel, rotateChannelSecret } from '../../services/channels.js';
import { getChannel, listChannels } from '../../store/channels.js';
import { principalOf } from '../plugins/auth.js';
import { errors, IdParams, NoContent, Nullable, Timestamp } from '../schemas.js';

export const ChannelType = literals(['whatsapp', 'telegram', 'email', 'web', 'chatwoot'] as const);
const Channel = Type.Object({ id: Type.String(), name: Type.String(), type: ChannelType, config: ChannelConfig, hasSecret: Type.Boolean(), createdAt: Timestamp, updatedAt: Timestamp }, { title: 'Channel' });
const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
const SigningSecret = Type.String({ description: 'Standard Webhooks secret (whsec_…) to verify what nilai sends; shown only here.' });
const tags = ['Channels'];

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, keys } = app;
  const find = async (workspaceId: string, id: string) => {
    const c = isUuid(id) ? await getChannel(db, workspaceId, id) : null;
    if (!c) throw notFound('Channel');
    return c;
  };

  app.get('/api/v1/channels', {
    config: { auth: 'agent' },
    schema: { tags, summary: 'List channels', response: { 200: Type.Object({ items: Type.Array(Channel) }), ...errors() } },
  }, async (req) => ({ items: await listChannels(db, principalOf(req).workspaceId) }));

  app.get('/api/v1/channels/:id', {
    config: { auth: 'agent' },
    schema: { tags, summary: 'One channel', params: IdParams, response: { 200: Channel, ...errors(404) } },
  }, async (req) => find(principalOf(req).workspaceId, req.params.id));

  app.post('/api/v1/channels', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Create a channel',
      description: 'A `web` channel needs `config.callbackUrl`; nilai POSTs each survey invitation there, signed with the `signingSecret` returned once in this response. An `email` channel needs `config.from` and `credentials.smtpUrl` (stored encrypted, never returned).',
      body: Type.Object({ name: Name, type: ChannelType, config: Type.Optional(ChannelConfig), credentials: Type.Optional(ChannelCredentials) }, { additionalProperties: false }),
      response: { 201: Type.Intersect([Channel, Type.Object({ signingSecret: Nullable(SigningSecret) })]), ...errors(409, 422) },
    },
  }, async (req, reply) => reply.status(201).send(await addChannel(db, keys, principalOf(req).workspaceId, req.body)));

  app.patch('/api/v1/channels/:id', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Rename a channel or change its configuration (its type cannot change)', params: IdParams,
      body: Type.Object({ name: Type.Optional(Name), config: Type.Optional(ChannelConfig), credentials: Type.Optional(ChannelCredentials) }, { additionalProperties: false }),
      response: { 200: Channel, ...errors(404, 409, 422) },
    },
  }, async (req) => {
    if (!isUuid(req.params.id)) throw notFound('Channel');
    return changeChannel(db, keys, principalOf(req).workspaceId, req.params.id, req.body);
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
