import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { notFound } from '../../domain/errors.js';
import { literals } from '../../domain/settings/schema.js';
import { deleteChannel } from '../../services/channels.js';
import { createChannel, getChannel, listChannels, renameChannel } from '../../store/channels.js';
import { isUuid } from '../../lib/secret-token.js';
import { principalOf } from '../plugins/auth.js';
import { errors, IdParams, NoContent, Timestamp } from '../schemas.js';

export const ChannelType = literals(['whatsapp', 'telegram', 'email', 'web', 'chatwoot'] as const);
const Channel = Type.Object({ id: Type.String(), name: Type.String(), type: ChannelType, createdAt: Timestamp, updatedAt: Timestamp }, { title: 'Channel' });
const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
const tags = ['Channels'];

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;
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
      body: Type.Object({ name: Name, type: ChannelType }, { additionalProperties: false }),
      response: { 201: Channel, ...errors(409, 422) },
    },
  }, async (req, reply) => reply.status(201).send(await createChannel(db, principalOf(req).workspaceId, req.body)));

  app.patch('/api/v1/channels/:id', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Rename a channel (its type cannot change)', params: IdParams,
      body: Type.Object({ name: Name }, { additionalProperties: false }),
      response: { 200: Channel, ...errors(404, 409, 422) },
    },
  }, async (req) => {
    const ws = principalOf(req).workspaceId;
    await find(ws, req.params.id);
    return (await renameChannel(db, ws, req.params.id, req.body.name)) ?? Promise.reject(notFound('Channel'));
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
