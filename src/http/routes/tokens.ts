import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { notFound } from '../../domain/errors.js';
import { isUuid } from '../../lib/secret-token.js';
import { issueToken } from '../../services/tokens.js';
import { listTokens, revokeToken } from '../../store/tokens.js';
import { principalOf } from '../plugins/auth.js';
import { errors, IdParams, NoContent, Nullable, Role, Timestamp } from '../schemas.js';

const Token = Type.Object({
  id: Type.String(), name: Type.String(), role: Role, userId: Nullable(Type.String()), prefix: Type.String(),
  createdAt: Timestamp, lastUsedAt: Nullable(Timestamp), revokedAt: Nullable(Timestamp),
}, { title: 'ApiToken' });
const tags = ['API tokens'];

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;

  app.get('/api/v1/tokens', {
    config: { auth: 'admin' },
    schema: { tags, summary: 'List API tokens (never their secret)', response: { 200: Type.Object({ items: Type.Array(Token) }), ...errors() } },
  }, async (req) => ({ items: await listTokens(db, principalOf(req).workspaceId) }));

  app.post('/api/v1/tokens', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Create an API token',
      description: 'The token is in the response once and cannot be shown again. Agent tokens act for one agent user (`userId`).',
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }), role: Role, userId: Type.Optional(Type.String({ format: 'uuid' })) }, { additionalProperties: false }),
      response: { 201: Type.Object({ token: Type.String(), record: Token }), ...errors(422) },
    },
  }, async (req, reply) => reply.status(201).send(await issueToken(db, principalOf(req).workspaceId, req.body)));

  app.delete('/api/v1/tokens/:id', {
    config: { auth: 'admin' },
    schema: { tags, summary: 'Revoke an API token (it stops working at once)', params: IdParams, response: { 204: NoContent, ...errors(404) } },
  }, async (req, reply) => {
    if (!isUuid(req.params.id) || !(await revokeToken(db, principalOf(req).workspaceId, req.params.id))) throw notFound('Token');
    return reply.status(204).send(null);
  });
};

export default routes;
